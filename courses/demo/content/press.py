"""Demo path: "Découvrir la presse en ligne de la BNM"."""

from __future__ import annotations

from courses.demo.content.types import DemoLesson, DemoModule, DemoPath

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
