"""The demo training paths, written for the agents of the BNM network (French content).

Blocks are given as (kind, value): "text" (rich text HTML), "callout" (kind, title, text),
"resource" (a network service slug), "kit" (a mediation kit slug), "quiz" (a key of
`courses.demo.quizzes.QUIZZES`, placed only when the H5P libraries are installed),
"image" (a key of `courses.demo.images.DIAGRAMS`) and "document" (a key of `MEMOS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Block = tuple[str, Any]


@dataclass(frozen=True)
class DemoLesson:
    """A lesson: its slug, title, summary, estimated minutes and blocks."""

    slug: str
    title: str
    summary: str
    minutes: int
    blocks: tuple[Block, ...]
    # With the H5P libraries installed, the lesson's quiz decides completion.
    threshold: int | None = None


@dataclass(frozen=True)
class DemoModule:
    """A module and its lessons."""

    slug: str
    title: str
    introduction: str
    lessons: tuple[DemoLesson, ...]


@dataclass(frozen=True)
class DemoPath:
    """A training path: facts, target competences (DigComp code, level), modules."""

    slug: str
    title: str
    search_description: str
    introduction: str
    audience: str
    audience_details: str
    minutes: int
    competences: tuple[tuple[str, int], ...]
    prerequisites: tuple[str, ...]
    modules: tuple[DemoModule, ...]
    cover: str


CATALOG_TITLE = "Parcours de formation"
CATALOG_INTRODUCTION = (
    "<p>Des parcours courts, à suivre à votre rythme, pour développer vos compétences "
    "numériques et accompagner les usagers dans les services en ligne de la Bibliothèque "
    "Numérique Métropolitaine. Chaque parcours se termine par une attestation.</p>"
)

SECURITY = DemoPath(
    slug="premiers-pas-securite-donnees",
    title="Premiers pas : sécurité et données personnelles",
    search_description=(
        "Protéger ses comptes, repérer les arnaques et prendre soin des données des usagers "
        "aux postes publics comme au guichet."
    ),
    introduction=(
        "<p>Au guichet comme aux postes publics, les agents de bibliothèque manipulent des "
        "comptes, des identifiants et des données personnelles : les leurs et ceux des "
        "usagers. Ce parcours donne les bons réflexes pour protéger ses comptes, reconnaître "
        "une tentative d'hameçonnage et accompagner un usager sans jamais mettre ses données "
        "en danger.</p>"
        "<p>C'est le socle des autres parcours du réseau : prenez-le en premier.</p>"
    ),
    audience="everyone",
    audience_details="Tous les agents et bénévoles, quel que soit leur poste.",
    minutes=90,
    competences=(("4.1", 2), ("4.2", 3)),
    prerequisites=(),
    cover="securite",
    modules=(
        DemoModule(
            slug="proteger-ses-comptes",
            title="Protéger ses comptes",
            introduction=(
                "<p>Un compte bien protégé repose sur deux choses : un mot de passe solide et "
                "unique, et, quand c'est possible, une deuxième preuve d'identité.</p>"
            ),
            lessons=(
                DemoLesson(
                    slug="mots-de-passe-solides",
                    title="Des mots de passe solides et tous différents",
                    summary="Choisir une phrase de passe, ne jamais réutiliser un mot de passe.",
                    minutes=10,
                    blocks=(
                        (
                            "text",
                            "<h2>Pourquoi la longueur compte plus que les symboles</h2>"
                            "<p>Un programme qui essaie des millions de combinaisons par seconde "
                            "vient vite à bout d'un mot court, même truffé de symboles comme "
                            "<em>M@rie59!</em>. Chaque caractère ajouté multiplie au contraire "
                            "le travail à fournir. Un mot de passe de quatre ou cinq mots "
                            "choisis au hasard est à la fois plus robuste et plus facile à "
                            "retenir.</p>"
                            "<h2>Un mot de passe par service</h2>"
                            "<p>Quand un site se fait voler sa base de comptes, les pirates "
                            "essaient les mêmes adresses et mots de passe partout ailleurs : "
                            "messagerie, banque, réseaux sociaux. Un mot de passe réutilisé "
                            "ouvre donc toutes les portes. Votre compte professionnel, en "
                            "particulier, ne doit partager son mot de passe avec aucun autre "
                            "service.</p>"
                            "<ul><li>Au moins 12 caractères, idéalement une phrase de passe ;"
                            "</li><li>un mot de passe différent pour chaque service ;</li>"
                            "<li>jamais de date de naissance, de nom d'enfant ou de ville ;"
                            "</li><li>un gestionnaire de mots de passe pour tout retenir.</li>"
                            "</ul>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "La méthode de la phrase de passe",
                                "text": (
                                    "<p>Choisissez quatre mots sans lien entre eux, par exemple "
                                    "en ouvrant un livre au hasard : <em>tartine-phare-violon-"
                                    "avril</em>. Ajoutez un chiffre si le site l'exige. C'est "
                                    "long, solide et mémorisable.</p>"
                                ),
                            },
                        ),
                        (
                            "text",
                            "<h2>Le gestionnaire de mots de passe</h2>"
                            "<p>Un gestionnaire (par exemple Bitwarden ou KeePassXC, tous deux "
                            "libres) retient tous vos mots de passe derrière un seul mot de "
                            "passe maître, qu'il faut choisir particulièrement solide. Il sait "
                            "aussi en générer de nouveaux, longs et aléatoires. Demandez au "
                            "service informatique de votre commune lequel est autorisé sur "
                            "votre poste professionnel.</p>",
                        ),
                    ),
                ),
                DemoLesson(
                    slug="double-authentification",
                    title="La double authentification",
                    summary="Ajouter une deuxième preuve d'identité aux comptes importants.",
                    minutes=8,
                    blocks=(
                        (
                            "text",
                            "<h2>Deux preuves valent mieux qu'une</h2>"
                            "<p>La double authentification demande, en plus du mot de passe, "
                            "une preuve que vous avez quelque chose en main : un code reçu par "
                            "SMS, un code affiché par une application d'authentification, ou "
                            "une clé de sécurité. Un pirate qui a volé votre mot de passe reste "
                            "alors bloqué à la porte.</p>"
                            "<h2>Quels comptes protéger en priorité</h2>"
                            "<ol><li>Votre messagerie, car elle permet de réinitialiser tous "
                            "les autres mots de passe ;</li><li>vos comptes professionnels "
                            "(messagerie de la commune, outils du réseau) ;</li><li>la banque "
                            "et les services administratifs en ligne.</li></ol>"
                            "<p>L'application d'authentification est plus sûre que le SMS, qui "
                            "peut être détourné. À l'activation, le service fournit des "
                            "<strong>codes de secours</strong> : notez-les sur papier et "
                            "rangez-les avec vos papiers importants, pas dans le téléphone.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "Un code ne se donne jamais",
                                "text": (
                                    "<p>Aucun service, aucune banque, aucun collègue du service "
                                    "informatique ne vous demandera de lui lire un code de "
                                    "confirmation. Si quelqu'un le fait, c'est une "
                                    "escroquerie.</p>"
                                ),
                            },
                        ),
                    ),
                ),
                DemoLesson(
                    slug="quiz-mots-de-passe",
                    title="Vrai ou faux : les mots de passe",
                    summary="Vérifiez que les bons réflexes sont acquis.",
                    minutes=3,
                    threshold=100,
                    blocks=(
                        (
                            "text",
                            "<p>Une seule question pour vérifier l'essentiel du module. Vous "
                            "pouvez réessayer autant de fois que nécessaire.</p>",
                        ),
                        ("quiz", "securite-vrai-faux"),
                    ),
                ),
            ),
        ),
        DemoModule(
            slug="reperer-les-arnaques",
            title="Repérer les arnaques",
            introduction=(
                "<p>L'hameçonnage (ou <em>phishing</em>) imite un message officiel pour "
                "obtenir un mot de passe, un code ou un paiement. Les usagers en reçoivent "
                "beaucoup et viennent souvent demander conseil à la bibliothèque.</p>"
            ),
            lessons=(
                DemoLesson(
                    slug="reconnaitre-hameconnage",
                    title="Reconnaître un message d'hameçonnage",
                    summary="Les signes qui doivent alerter, et que faire d'un message douteux.",
                    minutes=12,
                    blocks=(
                        (
                            "text",
                            "<h2>Les signes qui doivent alerter</h2>"
                            "<ul><li><strong>L'urgence</strong> : « votre compte sera suspendu "
                            "sous 24 heures », « dernier rappel avant poursuites ».</li>"
                            "<li><strong>L'expéditeur</strong> : le nom affiché est rassurant, "
                            "mais l'adresse réelle vient d'un autre domaine.</li>"
                            "<li><strong>Le lien</strong> : en survolant le lien (ou par un "
                            "appui long sur téléphone), l'adresse affichée ne correspond pas au "
                            "site officiel.</li><li><strong>La demande</strong> : saisir un mot "
                            "de passe, des coordonnées bancaires ou payer de petits frais "
                            "(colis, amende, carte Vitale).</li></ul>"
                            "<h2>Que faire d'un message douteux</h2>"
                            "<p>Ne cliquez pas, ne répondez pas. Pour vérifier, allez sur le "
                            "site officiel en tapant vous-même son adresse, ou appelez "
                            "l'organisme au numéro que vous connaissez. Un SMS frauduleux se "
                            "signale gratuitement en le transférant au 33700 ; un courriel, sur "
                            "signal-spam.fr.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "info",
                                "title": "Un usager a déjà cliqué ?",
                                "text": (
                                    "<p>Pas de reproche : aidez-le à changer tout de suite le "
                                    "mot de passe concerné, et à appeler sa banque s'il a donné "
                                    "des coordonnées bancaires. Le site cybermalveillance.gouv.fr "
                                    "propose un diagnostic et des conseils pas à pas.</p>"
                                ),
                            },
                        ),
                        (
                            "text",
                            "<p>Sur votre messagerie professionnelle, un message suspect se "
                            "signale au service informatique de la commune, sans le transférer "
                            "à vos collègues.</p>",
                        ),
                    ),
                ),
                DemoLesson(
                    slug="quiz-message-fiable",
                    title="Quiz : ce message est-il fiable ?",
                    summary="Un cas concret rencontré à l'accueil.",
                    minutes=3,
                    threshold=100,
                    blocks=(("quiz", "securite-hameconnage"),),
                ),
            ),
        ),
        DemoModule(
            slug="donnees-des-usagers",
            title="Les données des usagers",
            introduction=(
                "<p>Les bibliothèques connaissent l'identité, l'adresse et les lectures de "
                "leurs usagers. Ces données sont protégées par le RGPD et par la confiance "
                "que les usagers nous accordent.</p>"
            ),
            lessons=(
                DemoLesson(
                    slug="postes-publics",
                    title="Postes publics : ne rien laisser derrière soi",
                    summary="Ce qui reste sur un poste partagé, et comment accompagner sans voir.",
                    minutes=10,
                    blocks=(
                        (
                            "text",
                            "<h2>Ce qui reste sur un poste partagé</h2>"
                            "<p>Un navigateur garde l'historique, les fichiers téléchargés et, "
                            "si on le laisse faire, les mots de passe. L'usager suivant peut "
                            "alors ouvrir la messagerie ou le compte CAF de la personne "
                            "précédente. Même lorsque le poste se réinitialise à chaque "
                            "session, rappelez ces gestes aux usagers :</p>"
                            "<ol><li>refuser « Enregistrer le mot de passe » ;</li><li>se "
                            "déconnecter de chaque service avant de partir ;</li><li>fermer "
                            "toutes les fenêtres du navigateur ;</li><li>récupérer sa clé USB "
                            "et ses impressions.</li></ol>"
                            "<h2>Accompagner sans voir</h2>"
                            "<p>Quand vous aidez quelqu'un à se connecter, c'est lui qui tape "
                            "son identifiant et son mot de passe. Détournez le regard, ne notez "
                            "rien, et ne gardez jamais de carnet des mots de passe des usagers, "
                            "même pour leur rendre service. Si une personne ne peut pas saisir "
                            "elle-même, proposez-lui un rendez-vous avec un aidant numérique "
                            "habilité.</p>",
                        ),
                    ),
                ),
                DemoLesson(
                    slug="rgpd-au-guichet",
                    title="Le RGPD au guichet",
                    summary="Collecter le minimum, ne rien divulguer, savoir à qui s'adresser.",
                    minutes=10,
                    blocks=(
                        (
                            "text",
                            "<h2>Trois principes à appliquer tous les jours</h2>"
                            "<ul><li><strong>Le minimum</strong> : on ne demande que ce qui "
                            "sert à l'inscription et au prêt. Pas de photocopie de pièce "
                            "d'identité conservée « au cas où ».</li><li><strong>La "
                            "confidentialité</strong> : les lectures d'un usager ne regardent "
                            "que lui. On ne dit pas à un proche ce qu'une personne a emprunté, "
                            "même pour récupérer un document en retard.</li><li><strong>La "
                            "sécurité</strong> : pas de liste d'usagers sur papier qui traîne, "
                            "pas de données envoyées depuis une messagerie personnelle, écran "
                            "verrouillé quand on quitte le poste.</li></ul>"
                            "<h2>Les droits des usagers</h2>"
                            "<p>Chaque usager peut demander à consulter, corriger ou effacer "
                            "ses données. Ne répondez pas seul : transmettez la demande, par "
                            "écrit, à votre responsable, qui la fera suivre au délégué à la "
                            "protection des données de la commune.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Le bon réflexe",
                                "text": (
                                    "<p>En cas de doute sur une donnée (une liste, un "
                                    "fichier, une demande inhabituelle), posez-vous la "
                                    "question : « Si c'était mes données, serais-je d'accord "
                                    "? » Si la réponse est non, demandez conseil.</p>"
                                ),
                            },
                        ),
                    ),
                ),
            ),
        ),
    ),
)

EBOOKS = DemoPath(
    slug="accompagner-emprunt-livre-numerique",
    title="Accompagner un usager pour emprunter un livre numérique",
    search_description=(
        "Comprendre le prêt numérique, choisir l'application adaptée à chaque appareil et "
        "résoudre les blocages les plus fréquents."
    ),
    introduction=(
        "<p>Les livres numériques de la BNM s'empruntent gratuitement, 24 heures sur 24, "
        "avec la carte de bibliothèque. Mais entre la phrase secrète, l'application de "
        "lecture et les liseuses incompatibles, le premier emprunt décourage beaucoup "
        "d'usagers.</p><p>Ce parcours vous prépare à les accompagner du premier clic au "
        "retour du livre, et à résoudre les problèmes les plus courants.</p>"
    ),
    audience="agents",
    audience_details="Agents et bénévoles d'accueil qui accompagnent les usagers.",
    minutes=120,
    competences=(("5.2", 3), ("5.1", 3), ("1.1", 2)),
    prerequisites=("premiers-pas-securite-donnees",),
    cover="livres",
    modules=(
        DemoModule(
            slug="comprendre-le-pret-numerique",
            title="Comprendre le prêt numérique",
            introduction=(
                "<p>Avant d'accompagner, il faut comprendre ce que l'usager emprunte "
                "vraiment : un droit de lecture limité dans le temps, protégé contre la "
                "copie.</p>"
            ),
            lessons=(
                DemoLesson(
                    slug="comment-fonctionne-le-pret",
                    title="Comment fonctionne le prêt d'un livre numérique",
                    summary="Licences, durée de prêt, protection : ce qui se passe en coulisses.",
                    minutes=12,
                    blocks=(
                        (
                            "text",
                            "<h2>Un droit de lecture, pas un fichier</h2>"
                            "<p>La bibliothèque n'achète pas un fichier mais une "
                            "<strong>licence</strong> auprès de l'éditeur : un nombre de prêts "
                            "et une durée de validité. Chaque licence ne peut être prêtée qu'à "
                            "un nombre limité de lecteurs en même temps : c'est pourquoi un "
                            "livre numérique peut être « déjà emprunté » et se réserver, comme "
                            "un livre papier.</p>"
                            "<h2>Un livre qui se rend tout seul</h2>"
                            "<p>À la fin du prêt, le fichier devient illisible : il n'y a "
                            "jamais de retard ni de relance. L'usager peut aussi rendre le "
                            "livre plus tôt depuis son application, pour laisser la place à un "
                            "autre lecteur. Le nombre de livres numériques empruntables par "
                            "mois est limité ; le compteur s'affiche dans le compte "
                            "lecteur.</p>",
                        ),
                        ("image", "pret-numerique"),
                        (
                            "text",
                            "<h2>La protection du fichier</h2>"
                            "<p>Pour empêcher la copie, le livre est protégé. Avec la "
                            "protection la plus répandue aujourd'hui, l'usager choisit une "
                            "<strong>phrase secrète</strong> dans son compte ; l'application de "
                            "lecture la demande à l'ouverture du premier livre. Certains titres "
                            "utilisent encore l'ancienne protection d'Adobe, qui demande un "
                            "identifiant Adobe.</p>",
                        ),
                        ("resource", "livres-numeriques"),
                    ),
                ),
                DemoLesson(
                    slug="sur-quel-appareil-lire",
                    title="Sur quel appareil lire ?",
                    summary="L'application qui convient à chaque appareil, et le cas des liseuses.",
                    minutes=10,
                    blocks=(
                        (
                            "text",
                            "<h2>Le bon outil pour chaque appareil</h2>"
                            "<ul><li><strong>Téléphone ou tablette</strong> : l'application "
                            "gratuite Baobab, depuis le Play Store ou l'App Store. Le livre "
                            "s'y ouvre directement après l'emprunt.</li><li><strong>Ordinateur"
                            "</strong> : Thorium Reader, gratuit, pour Windows, macOS et "
                            "Linux.</li><li><strong>Liseuse</strong> : on passe par "
                            "l'ordinateur. Le livre est téléchargé, ouvert avec Adobe Digital "
                            "Editions, puis transféré sur la liseuse branchée en USB.</li>"
                            "</ul><p>Conseillez d'installer l'application <em>avant</em> "
                            "d'emprunter : c'est la cause de la moitié des blocages.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "Les liseuses Kindle ne sont pas compatibles",
                                "text": (
                                    "<p>Les liseuses Kindle d'Amazon ne lisent pas les livres "
                                    "numériques prêtés par les bibliothèques. Dites-le dès le "
                                    "début, avec tact, et proposez la lecture sur téléphone, "
                                    "tablette ou ordinateur.</p>"
                                ),
                            },
                        ),
                    ),
                ),
                DemoLesson(
                    slug="quiz-appareils",
                    title="Quiz : quel conseil donner ?",
                    summary="Une situation d'accueil à résoudre.",
                    minutes=3,
                    threshold=100,
                    blocks=(("quiz", "livres-liseuse"),),
                ),
            ),
        ),
        DemoModule(
            slug="accompagner-pas-a-pas",
            title="Accompagner pas à pas",
            introduction=(
                "<p>Un premier emprunt réussi prend une vingtaine de minutes. Le kit de "
                "médiation du réseau sert de fil conducteur : imprimez-le et laissez-le à "
                "l'usager.</p>"
            ),
            lessons=(
                DemoLesson(
                    slug="preparer-usager",
                    title="Préparer l'usager avant l'emprunt",
                    summary="Carte, mot de passe, appareil, application : la liste à vérifier.",
                    minutes=10,
                    blocks=(
                        (
                            "text",
                            "<h2>Vérifier les prérequis ensemble</h2>"
                            "<ol><li>La carte de bibliothèque est en cours de validité et "
                            "l'usager connaît son mot de passe du portail.</li><li>Il a son "
                            "appareil avec lui, chargé, et connaît le code de son magasin "
                            "d'applications.</li><li>Il a une adresse e-mail qu'il consulte "
                            "(pour les réservations).</li><li>L'application de lecture est "
                            "installée.</li></ol>"
                            "<p>S'il manque le mot de passe du portail, réglez ce point "
                            "d'abord : c'est l'usager qui le choisit et qui le tape, vous "
                            "l'accompagnez.</p>",
                        ),
                        ("kit", "emprunter-un-livre-numerique"),
                        ("document", "memo-livre-numerique"),
                        ("resource", "portail"),
                    ),
                ),
                DemoLesson(
                    slug="emprunter-ouvrir-rendre",
                    title="Emprunter, ouvrir, rendre",
                    summary="Le parcours complet, du catalogue au retour anticipé.",
                    minutes=12,
                    blocks=(
                        (
                            "text",
                            "<h2>Les étapes de l'emprunt</h2>"
                            "<ol><li>Se connecter au portail avec sa carte de "
                            "bibliothèque.</li><li>Ouvrir « Livres numériques », chercher un "
                            "titre, vérifier qu'un exemplaire est disponible.</li><li>Cliquer "
                            "sur « Emprunter » et choisir la durée du prêt.</li><li>Ouvrir le "
                            "livre dans l'application de lecture ; la première fois, saisir "
                            "la phrase secrète (l'indice s'affiche).</li></ol>"
                            "<h2>Rendre un livre avant la fin</h2>"
                            "<p>Dans Baobab ou Thorium Reader, le menu du livre propose "
                            "« Rendre » : le livre redevient aussitôt disponible pour les autres "
                            "lecteurs.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Faites-le faire",
                                "text": (
                                    "<p>Laissez l'usager tenir l'appareil et faire chaque "
                                    "geste. Il retiendra ce qu'il a fait lui-même, et reviendra "
                                    "emprunter seul.</p>"
                                ),
                            },
                        ),
                    ),
                ),
                DemoLesson(
                    slug="resoudre-problemes-courants",
                    title="Résoudre les problèmes courants",
                    summary="Phrase secrète oubliée, fichier qui ne s'ouvre pas, quota atteint.",
                    minutes=12,
                    blocks=(
                        (
                            "text",
                            "<h2>Les cinq blocages les plus fréquents</h2>"
                            "<ul><li><strong>« Phrase secrète incorrecte »</strong> : "
                            "l'usager l'a oubliée. Elle se change dans le compte lecteur, "
                            "rubrique livres numériques ; elle s'appliquera aux prochains "
                            "emprunts.</li><li><strong>Le fichier téléchargé ne s'ouvre "
                            "pas</strong> : l'application de lecture n'est pas installée, ou "
                            "le fichier s'est ouvert avec un autre programme. Ouvrez-le depuis "
                            "l'application (« Importer »).</li><li><strong>« Nombre maximal "
                            "de prêts atteint »</strong> : le quota du mois est épuisé. "
                            "Proposez de réserver le titre pour le mois suivant, ou la version "
                            "papier.</li><li><strong>« Livre indisponible »</strong> : toutes "
                            "les licences sont en prêt. Cliquez sur « Réserver ».</li>"
                            "<li><strong>Liseuse non reconnue</strong> : l'ordinateur doit "
                            "être autorisé dans Adobe Digital Editions avec l'identifiant "
                            "Adobe de l'usager, puis la liseuse branchée en USB.</li></ul>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "info",
                                "title": "Quand passer la main",
                                "text": (
                                    "<p>Si le problème persiste après ces vérifications, "
                                    "notez le titre, l'appareil et le message d'erreur, puis "
                                    "transmettez-les à l'équipe réseau de la BNM par le "
                                    "formulaire d'assistance du portail.</p>"
                                ),
                            },
                        ),
                    ),
                ),
                DemoLesson(
                    slug="quiz-vocabulaire",
                    title="Exercice : le vocabulaire du prêt numérique",
                    summary="Replacez les mots clés dans le texte.",
                    minutes=5,
                    threshold=75,
                    blocks=(("quiz", "livres-mots"),),
                ),
            ),
        ),
    ),
)

PRESS = DemoPath(
    slug="decouvrir-presse-en-ligne",
    title="Découvrir la presse en ligne de la BNM",
    search_description=(
        "Connaître l'offre de presse du réseau, la montrer aux usagers et les aider à "
        "vérifier une information."
    ),
    introduction=(
        "<p>Quotidiens régionaux et nationaux, magazines de loisirs ou d'actualité : la "
        "presse en ligne de la BNM est gratuite pour tous les inscrits du réseau, le jour "
        "même de la parution. C'est souvent la porte d'entrée idéale vers les ressources "
        "numériques pour les usagers les plus réticents.</p><p>Ce parcours vous fait "
        "découvrir le service, puis vous donne des pistes pour le présenter et pour aider "
        "les usagers à exercer leur esprit critique.</p>"
    ),
    audience="everyone",
    audience_details="Agents, bénévoles et médiateurs numériques.",
    minutes=60,
    competences=(("1.1", 2), ("1.2", 3)),
    prerequisites=(),
    cover="presse",
    modules=(
        DemoModule(
            slug="offre-de-presse",
            title="L'offre de presse du réseau",
            introduction="<p>Ce que propose le service, et comment y accéder.</p>",
            lessons=(
                DemoLesson(
                    slug="ce-que-propose-le-service",
                    title="Ce que propose la presse en ligne",
                    summary="Les titres, les archives, les conditions d'accès.",
                    minutes=8,
                    blocks=(
                        (
                            "text",
                            "<h2>Un kiosque complet, gratuit pour les inscrits</h2>"
                            "<p>Le service donne accès, en lecture à l'écran, à plusieurs "
                            "centaines de titres : la presse quotidienne régionale et "
                            "nationale, des magazines d'actualité, de cuisine, de sport, de "
                            "jardinage ou d'informatique, et de la presse jeunesse. Les "
                            "numéros sont disponibles dès le jour de leur parution, et les "
                            "numéros précédents restent consultables.</p>"
                            "<h2>Qui peut en profiter</h2>"
                            "<p>Tout usager inscrit dans une bibliothèque du réseau, avec une "
                            "carte en cours de validité. Il n'y a pas de limite de lecture ; "
                            "seul le nombre de connexions simultanées à certains titres peut "
                            "être plafonné.</p>",
                        ),
                        ("resource", "presse"),
                    ),
                ),
                DemoLesson(
                    slug="se-connecter-et-lire",
                    title="Se connecter et lire un titre",
                    summary="Du portail au numéro du jour, en quatre gestes.",
                    minutes=8,
                    blocks=(
                        (
                            "text",
                            "<h2>Les quatre gestes</h2>"
                            "<ol><li>Se connecter au portail avec sa carte de "
                            "bibliothèque.</li><li>Ouvrir « Ressources numériques », puis "
                            "« Presse en ligne ».</li><li>Chercher le titre par son nom, ou "
                            "parcourir les rubriques.</li><li>Toucher la couverture pour "
                            "ouvrir le numéro du jour.</li></ol>"
                            "<h2>Lire confortablement</h2>"
                            "<p>Le mode texte affiche l'article seul, avec des caractères "
                            "agrandis : c'est le réglage à montrer en premier aux personnes qui "
                            "voient mal. L'étoile ajoute un titre aux favoris. Avec "
                            "l'application du service, un numéro téléchargé se lit ensuite "
                            "sans connexion, dans le train ou chez soi.</p>",
                        ),
                        ("kit", "lire-la-presse-en-ligne"),
                    ),
                ),
            ),
        ),
        DemoModule(
            slug="accompagner-esprit-critique",
            title="Accompagner et exercer l'esprit critique",
            introduction=(
                "<p>Présenter le service, puis aider les usagers à lire l'information "
                "avec recul.</p>"
            ),
            lessons=(
                DemoLesson(
                    slug="montrer-le-service",
                    title="Montrer la presse en ligne à un usager",
                    summary="Partir des centres d'intérêt, sur l'appareil de l'usager.",
                    minutes=8,
                    blocks=(
                        (
                            "text",
                            "<h2>Partir de ce que la personne lit déjà</h2>"
                            "<p>Demandez quel journal ou quel magazine la personne lit, ou "
                            "lisait : le résultat du club de football local, la page des "
                            "avis de décès, le magazine de mots croisés. Ouvrez ce titre en "
                            "premier. Le service devient utile dès la première minute.</p>"
                            "<h2>Sur son propre appareil</h2>"
                            "<p>Faites la démonstration sur le téléphone ou la tablette de "
                            "l'usager plutôt que sur un poste de la bibliothèque : il "
                            "retrouvera ses gestes chez lui. Ajoutez un favori ensemble, et "
                            "montrez le mode texte.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Une idée d'animation",
                                "text": (
                                    "<p>Un « café presse numérique » mensuel : chacun apporte "
                                    "sa tablette, on lit ensemble le journal du jour et on "
                                    "échange sur l'actualité locale.</p>"
                                ),
                            },
                        ),
                    ),
                ),
                DemoLesson(
                    slug="verifier-une-information",
                    title="Vérifier une information",
                    summary="Source, date, auteur, nature du contenu : les questions à poser.",
                    minutes=10,
                    blocks=(
                        (
                            "text",
                            "<h2>Quatre questions avant de partager</h2>"
                            "<ol><li><strong>Qui parle ?</strong> Un journal identifié, avec "
                            "une rédaction et des mentions légales, ou un site inconnu ?</li>"
                            "<li><strong>De quand date l'information ?</strong> Une photo "
                            "ancienne ressort souvent à l'occasion d'un nouvel événement.</li>"
                            "<li><strong>Qu'est-ce que je lis ?</strong> Un article "
                            "d'information, une tribune d'opinion, ou un publireportage "
                            "(« contenu sponsorisé », « publi-communiqué ») payé par un "
                            "annonceur ?</li><li><strong>D'autres sources le confirment-"
                            "elles ?</strong> La presse en ligne permet justement de comparer "
                            "plusieurs titres en quelques secondes.</li></ol>"
                            "<p>Les rubriques de vérification des rédactions (par exemple AFP "
                            "Factuel ou Les Décodeurs du Monde) examinent les rumeurs qui "
                            "circulent.</p>",
                        ),
                    ),
                ),
                DemoLesson(
                    slug="quiz-publireportage",
                    title="Quiz : article ou publicité ?",
                    summary="Reconnaître un contenu payé par un annonceur.",
                    minutes=3,
                    threshold=100,
                    blocks=(("quiz", "presse-publireportage"),),
                ),
            ),
        ),
    ),
)

DEMO_PATHS = (SECURITY, EBOOKS, PRESS)

MEMOS = {
    "memo-livre-numerique": (
        "Aide-mémoire : emprunter un livre numérique",
        "aide-memoire-livre-numerique.txt",
        """AIDE-MÉMOIRE : ACCOMPAGNER UN PREMIER EMPRUNT DE LIVRE NUMÉRIQUE
Bibliothèque Numérique Métropolitaine

AVANT DE COMMENCER
[ ] Carte de bibliothèque en cours de validité
[ ] Mot de passe du portail connu de l'usager
[ ] Appareil chargé, code du magasin d'applications connu
[ ] Adresse e-mail consultée régulièrement
[ ] Application installée : Baobab (téléphone, tablette) ou Thorium Reader (ordinateur)
[ ] Pas de liseuse Kindle (non compatible)

PENDANT L'EMPRUNT
1. Se connecter au portail avec la carte de bibliothèque.
2. Ouvrir « Livres numériques », choisir un titre disponible.
3. Cliquer sur « Emprunter », choisir la durée.
4. Ouvrir le livre dans l'application, saisir la phrase secrète.

EN CAS DE BLOCAGE
- Phrase secrète oubliée : la changer dans le compte lecteur.
- Fichier qui ne s'ouvre pas : l'importer depuis l'application de lecture.
- Quota atteint : réserver pour le mois suivant.
- Livre indisponible : cliquer sur « Réserver ».

C'est l'usager qui tape ses identifiants. Ne notez jamais ses mots de passe.
""",
    ),
}
