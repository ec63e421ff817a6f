"""Demo data for mediation kits: a catalogue and real kits for the network's patrons."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from typing import Any

from wagtail.models import Page, Site

from accounts.demo import DemoLog
from mediation_kits.models import KitIndexPage, KitPage
from resources.models import NetworkService

IDS = uuid.UUID("5d0b3c61-6f8e-4c52-9d0e-6b1e2f7a9c11")  # namespace of the demo block ids
VERIFIED_ON = datetime.date(2025, 11, 17)

# A step: (title, paragraphs, note kind, note, pictogram).
Step = tuple[str, list[str], str, str, str]


@dataclass(frozen=True)
class DemoKit:
    """One demo kit."""

    slug: str
    title: str
    intro: str
    service: str
    audience: str
    level: str
    duration_minutes: int
    needs: list[tuple[str, str]]
    steps: list[Step]
    call_to_action: tuple[str, str]  # (label, deep-link code of the kit's service)
    faq: list[tuple[str, str]]
    competences: list[tuple[str, int]]  # DigComp 2.2 codes and levels


A = KitPage.Audience
L = KitPage.Level

DEMO_KITS = [
    DemoKit(
        slug="emprunter-un-livre-numerique",
        title="Emprunter un livre numérique",
        intro=(
            "Emprunter gratuitement un roman, un essai ou une bande dessinée numérique avec sa "
            "carte de bibliothèque, et le lire sur son téléphone, sa tablette ou son ordinateur."
        ),
        service="livres-numeriques",
        audience=A.BEGINNERS,
        level=L.FIRST_STEPS,
        duration_minutes=20,
        needs=[
            ("Votre carte de bibliothèque et son mot de passe", "library-card"),
            ("Un téléphone, une tablette ou un ordinateur", "smartphone"),
            ("Une adresse e-mail", "email"),
            ("Une application de lecture gratuite (installée à l'étape 2)", "download"),
        ],
        steps=[
            (
                "Se connecter au portail",
                [
                    "Ouvrez le portail de la Bibliothèque Numérique Métropolitaine. "
                    "Cliquez sur « Me connecter », en haut à droite. "
                    "Saisissez le numéro de votre carte de bibliothèque et votre mot de passe."
                ],
                "tip",
                "Le numéro est imprimé sous le code-barres de la carte. Si vous n'avez jamais "
                "choisi de mot de passe, demandez-le à l'accueil de votre bibliothèque.",
                "account",
            ),
            (
                "Installer l'application de lecture",
                [
                    "Sur un téléphone ou une tablette, installez l'application Baobab depuis "
                    "le Play Store ou l'App Store. Sur un ordinateur, installez Thorium Reader. "
                    "Ces deux applications sont gratuites."
                ],
                "tip",
                "Installez l'application avant d'emprunter : le livre s'y ouvrira directement.",
                "download",
            ),
            (
                "Choisir un livre",
                [
                    "Ouvrez la rubrique « Livres numériques ». "
                    "Utilisez la recherche, ou parcourez les nouveautés et les sélections. "
                    "Sur la fiche du livre, vérifiez qu'un exemplaire est disponible."
                ],
                "tip",
                "Tous les exemplaires sont empruntés ? Cliquez sur « Réserver » : un e-mail "
                "vous prévient dès que le livre est libre.",
                "search",
            ),
            (
                "Emprunter le livre",
                [
                    "Cliquez sur « Emprunter ». Choisissez la durée du prêt, puis confirmez. "
                    "Un fichier se télécharge, ou un bouton propose d'ouvrir le livre dans "
                    "l'application."
                ],
                "warning",
                "Le nombre de livres numériques par mois est limité : le compteur s'affiche "
                "dans votre compte.",
                "book",
            ),
            (
                "Lire, puis rendre le livre",
                [
                    "Ouvrez le livre dans l'application de lecture. La première fois, elle "
                    "demande une phrase secrète : l'indice s'affiche à l'écran. "
                    "À la fin du prêt, le livre se rend tout seul. Il n'y a jamais de retard."
                ],
                "",
                "",
                "check",
            ),
        ],
        call_to_action=("Accéder aux livres numériques", "catalogue"),
        faq=[
            (
                "Combien de temps dure un prêt ?",
                "La durée s'affiche au moment d'emprunter. Vous pouvez rendre le livre plus "
                "tôt depuis l'application, pour laisser la place à un autre lecteur.",
            ),
            (
                "Puis-je lire sur une liseuse ?",
                "Les liseuses Kindle ne lisent pas ces livres. D'autres liseuses le peuvent, "
                "en passant par l'ordinateur : demandez conseil à l'accueil.",
            ),
        ],
        competences=[("1.1", 2), ("5.2", 2)],
    ),
    DemoKit(
        slug="lire-la-presse-en-ligne",
        title="Lire la presse en ligne",
        intro=(
            "Lire le journal du jour et ses magazines préférés sur une tablette ou un "
            "ordinateur, gratuitement, avec sa carte de bibliothèque."
        ),
        service="presse",
        audience=A.SENIORS,
        level=L.FIRST_STEPS,
        duration_minutes=15,
        needs=[
            ("Votre carte de bibliothèque en cours de validité", "library-card"),
            ("Une tablette ou un ordinateur", "computer"),
            ("Une connexion à internet", "internet"),
        ],
        steps=[
            (
                "Ouvrir la presse en ligne",
                [
                    "Connectez-vous au portail avec votre carte de bibliothèque. "
                    "Dans le menu « Ressources numériques », choisissez « Presse en ligne »."
                ],
                "warning",
                "Le service est réservé aux inscrits des bibliothèques du réseau : la carte "
                "doit être en cours de validité.",
                "internet",
            ),
            (
                "Trouver son journal",
                [
                    "Tapez le nom du journal dans la barre de recherche. "
                    "Vous pouvez aussi parcourir les rubriques : actualité, régions, sport, "
                    "loisirs. Touchez la couverture pour ouvrir le numéro du jour."
                ],
                "tip",
                "Les numéros précédents restent disponibles : choisissez la date dans le "
                "calendrier.",
                "newspaper",
            ),
            (
                "Lire confortablement",
                [
                    "Pour agrandir, écartez deux doigts sur l'écran ou utilisez la loupe. "
                    "Touchez un article pour l'afficher en mode texte, plus facile à lire. "
                    "Faites glisser la page vers la gauche pour passer à la suivante."
                ],
                "tip",
                "Certains titres proposent la lecture à voix haute : cherchez l'icône du "
                "haut-parleur.",
                "search",
            ),
            (
                "Retrouver ses journaux",
                [
                    "Touchez l'étoile à côté du titre. "
                    "La prochaine fois, vos journaux favoris s'affichent en premier."
                ],
                "",
                "",
                "check",
            ),
        ],
        call_to_action=("Ouvrir la presse en ligne", "connexion"),
        faq=[
            (
                "Faut-il payer ?",
                "Non. La presse en ligne est comprise dans votre inscription à la bibliothèque.",
            ),
            (
                "Puis-je lire sans connexion ?",
                "Oui, avec l'application du service : téléchargez le numéro quand vous êtes "
                "connecté, puis lisez-le plus tard, même sans internet.",
            ),
        ],
        competences=[("1.1", 1)],
    ),
    DemoKit(
        slug="creer-son-compte-lecteur",
        title="Créer son compte lecteur sur le portail",
        intro=(
            "Activer son compte sur le portail de la Bibliothèque Numérique Métropolitaine "
            "pour réserver, prolonger ses prêts et accéder aux ressources numériques."
        ),
        service="portail",
        audience=A.BEGINNERS,
        level=L.FIRST_STEPS,
        duration_minutes=15,
        needs=[
            ("Votre carte de bibliothèque", "library-card"),
            ("Une adresse e-mail que vous consultez", "email"),
            ("Un téléphone, une tablette ou un ordinateur", "smartphone"),
        ],
        steps=[
            (
                "Ouvrir la page d'inscription",
                ["Ouvrez le portail. Cliquez sur « Créer mon compte », en haut à droite."],
                "",
                "",
                "internet",
            ),
            (
                "Saisir sa carte de bibliothèque",
                [
                    "Saisissez le numéro de votre carte, sans espace. "
                    "Saisissez votre nom et votre date de naissance, comme lors de votre "
                    "inscription à la bibliothèque."
                ],
                "tip",
                "Pas encore de carte ? L'inscription se fait à l'accueil de votre bibliothèque, "
                "avec une pièce d'identité.",
                "library-card",
            ),
            (
                "Choisir son mot de passe",
                [
                    "Choisissez un mot de passe d'au moins 8 caractères. "
                    "Mélangez des lettres, des chiffres et un signe. "
                    "Notez-le dans un endroit sûr."
                ],
                "warning",
                "Ne donnez jamais votre mot de passe, même à un agent de la bibliothèque.",
                "password",
            ),
            (
                "Valider son adresse e-mail",
                [
                    "Saisissez votre adresse e-mail. Ouvrez votre messagerie : un message du "
                    "portail est arrivé. Cliquez sur le lien du message pour activer le compte."
                ],
                "tip",
                "Pas de message après 10 minutes ? Regardez dans les courriers indésirables.",
                "email",
            ),
            (
                "Se connecter",
                [
                    "Revenez sur le portail et cliquez sur « Me connecter ». "
                    "Saisissez votre numéro de carte et votre mot de passe. "
                    "Votre nom s'affiche en haut de la page : c'est réussi."
                ],
                "",
                "",
                "check",
            ),
        ],
        call_to_action=("Créer mon compte", "inscription"),
        faq=[
            (
                "J'ai oublié mon mot de passe.",
                "Cliquez sur « Mot de passe oublié » sur la page de connexion. Un lien pour en "
                "choisir un nouveau arrive par e-mail.",
            ),
            (
                "Mon numéro de carte n'est pas reconnu.",
                "Votre abonnement a peut-être expiré. Passez à l'accueil de votre bibliothèque "
                "pour le renouveler.",
            ),
        ],
        competences=[("2.1", 2), ("4.2", 2)],
    ),
    DemoKit(
        slug="regarder-un-film-a-la-demande",
        title="Regarder un film à la demande",
        intro=(
            "Regarder chez soi un film, un documentaire ou un film d'animation choisi dans "
            "le catalogue de cinéma à la demande des bibliothèques."
        ),
        service="cinema",
        audience=A.YOUNG,
        level=L.INTERMEDIATE,
        duration_minutes=20,
        needs=[
            ("Votre compte lecteur sur le portail", "account"),
            ("Un ordinateur, une tablette ou un téléphone", "computer"),
            ("Une bonne connexion à internet, en wifi de préférence", "internet"),
        ],
        steps=[
            (
                "Ouvrir le cinéma à la demande",
                [
                    "Connectez-vous au portail. Ouvrez « Cinéma à la demande » dans les "
                    "ressources numériques. La première fois, acceptez les conditions "
                    "d'utilisation."
                ],
                "",
                "",
                "film",
            ),
            (
                "Choisir un film",
                [
                    "Parcourez les sélections ou utilisez la recherche. "
                    "Filtrez par genre, par durée ou par âge. "
                    "Regardez la bande-annonce pour vous décider."
                ],
                "",
                "",
                "search",
            ),
            (
                "Lancer la lecture",
                [
                    "Cliquez sur « Regarder » : le film démarre dans le navigateur. "
                    "Activez les sous-titres avec le bouton en bas à droite du lecteur."
                ],
                "warning",
                "Chaque film regardé compte dans votre quota du mois : le nombre de films "
                "restants s'affiche dans votre compte.",
                "film",
            ),
            (
                "Regarder sur la télévision",
                [
                    "Reliez l'ordinateur à la télévision avec un câble HDMI. "
                    "Avec une tablette, utilisez la fonction de partage d'écran. "
                    "Le son passe alors par la télévision."
                ],
                "tip",
                "L'image se fige ? Rapprochez-vous de la box : une connexion wifi stable évite "
                "les coupures.",
                "computer",
            ),
        ],
        call_to_action=("Ouvrir le cinéma à la demande", "connexion"),
        faq=[
            (
                "Combien de films puis-je regarder ?",
                "Le nombre de films par mois dépend de votre bibliothèque. Il s'affiche dans "
                "votre compte, sur le site du cinéma à la demande.",
            ),
            (
                "Le film s'arrête au bout de quelques minutes.",
                "Vérifiez la connexion à internet, puis rechargez la page. La lecture reprend "
                "là où elle s'était arrêtée.",
            ),
        ],
        competences=[("1.1", 2), ("5.1", 2)],
    ),
]


def _block_id(slug: str, index: int) -> str:
    """A stable block id, so that seeding twice leaves the same content."""
    return str(uuid.uuid5(IDS, f"{slug}:{index}"))


def _paragraphs(texts: list[str]) -> str:
    """Rich text made of paragraphs."""
    from django.utils.html import escape

    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def kit_body(demo: DemoKit, service: NetworkService) -> list[dict[str, Any]]:
    """The raw StreamField data of a demo kit."""
    body: list[dict[str, Any]] = [
        {
            "type": "needs",
            "id": _block_id(demo.slug, 0),
            "value": {
                "items": [
                    {
                        "type": "item",
                        "id": _block_id(demo.slug, 100 + i),
                        "value": {"text": text, "pictogram": picto},
                    }
                    for i, (text, picto) in enumerate(demo.needs)
                ]
            },
        }
    ]
    for number, (title, texts, note_kind, note, picto) in enumerate(demo.steps, start=1):
        body.append(
            {
                "type": "step",
                "id": _block_id(demo.slug, number),
                "value": {
                    "title": title,
                    "text": _paragraphs(texts),
                    "screenshot": None,
                    "screenshot_alt": "",
                    "note_kind": note_kind,
                    "note": note,
                    "pictogram": picto,
                },
            }
        )
    label, key = demo.call_to_action
    body.append(
        {
            "type": "call_to_action",
            "id": _block_id(demo.slug, 50),
            "value": {"label": label, "service": service.pk, "link_key": key, "parameter": ""},
        }
    )
    body.append(
        {
            "type": "faq",
            "id": _block_id(demo.slug, 60),
            "value": {
                "items": [
                    {
                        "type": "item",
                        "id": _block_id(demo.slug, 200 + i),
                        "value": {"question": question, "answer": _paragraphs([answer])},
                    }
                    for i, (question, answer) in enumerate(demo.faq)
                ]
            },
        }
    )
    return body


def demo_competences(demo: DemoKit) -> list[dict[str, Any]]:
    """The raw competences of a demo kit, from DigComp 2.2 when skills loaded it."""
    from skills.models import Competence

    found = {
        c.code: c
        for c in Competence.objects.filter(
            framework__code="digcomp",
            framework__is_current=True,
            code__in=[code for code, _level in demo.competences],
        )
    }
    return [
        {
            "type": "competence",
            "id": _block_id(demo.slug, 300 + i),
            "value": {"competence": str(found[code].pk), "level": level},
        }
        for i, (code, level) in enumerate(demo.competences)
        if code in found
    ]


def catalogue_ensure() -> KitIndexPage:
    """The kit catalogue at /kits/, under the default site's root page."""
    index = KitIndexPage.objects.filter(slug="kits").first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    index = KitIndexPage(
        title="Kits de médiation",
        slug="kits",
        intro=(
            "Des fiches pas à pas pour accompagner les usagers dans les services numériques "
            "du réseau : à imprimer en A4, en livret A5 ou en gros caractères."
        ),
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def _same(page: KitPage, fields: dict[str, Any]) -> bool:
    """Whether the live kit already holds these values."""
    for name, value in fields.items():
        current = getattr(page, name)
        if name in {"body", "competences"}:
            current = json.loads(json.dumps(list(current.raw_data), default=str))
            value = json.loads(json.dumps(value, default=str))
        elif name == "service":
            current, value = page.service_id, value.pk
        if current != value:
            return False
    return True


def kit_ensure(index: KitIndexPage, demo: DemoKit) -> tuple[KitPage, bool]:
    """Create, update or leave one demo kit; publish only when something changed."""
    service = NetworkService.objects.get(slug=demo.service)
    fields: dict[str, Any] = {
        "title": demo.title,
        "intro": demo.intro,
        "service": service,
        "audience": demo.audience,
        "level": demo.level,
        "duration_minutes": demo.duration_minutes,
        "last_verified_on": VERIFIED_ON,
        "body": kit_body(demo, service),
        "competences": demo_competences(demo),
    }
    kit = KitPage.objects.filter(slug=demo.slug).descendant_of(index).first()
    if kit is not None and kit.live and _same(kit, fields):
        return kit, False
    if kit is None:
        kit = KitPage(slug=demo.slug, **fields)
        index.add_child(instance=kit)
    else:
        for name, value in fields.items():
            setattr(kit, name, value)
    kit.save_revision().publish()
    return kit, True


def seed(log: DemoLog) -> None:
    """The catalogue and the demo kits (their PDFs are rendered after the step commits)."""
    index = catalogue_ensure()
    changed = 0
    for demo in DEMO_KITS:
        _kit, was_changed = kit_ensure(index, demo)
        changed += was_changed
    log(f"{len(DEMO_KITS)} mediation kits at {index.url} ({changed} published now)")
