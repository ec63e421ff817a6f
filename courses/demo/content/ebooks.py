"""Demo path: "Accompagner un usager pour emprunter un livre numérique"."""

from __future__ import annotations

from courses.demo.content.types import DemoLesson, DemoModule, DemoPath

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
