"""Demo path: "Premiers pas : sécurité et données personnelles"."""

from __future__ import annotations

from courses.demo.content.types import DemoLesson, DemoModule, DemoPath

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
