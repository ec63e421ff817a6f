"""French H5P exercises of the demo paths, packaged on the fly with installed libraries.

The h5p demo step imports real packages (with their libraries); these quizzes reuse
those libraries (H5P.TrueFalse, H5P.MultiChoice, H5P.DragText) so that the exercises
speak about our own subjects. Each quiz is a small .h5p archive (h5p.json and
content/content.json) imported through the h5p app's own service, once.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from h5p.models import H5PContent
from h5p.services import content_import
from h5p.validation import PackageInvalid

CONFIRM = {
    "confirmCheck": {
        "header": "Terminer ?",
        "body": "Voulez-vous vraiment terminer ?",
        "cancelLabel": "Annuler",
        "confirmLabel": "Terminer",
    },
    "confirmRetry": {
        "header": "Recommencer ?",
        "body": "Voulez-vous vraiment recommencer ?",
        "cancelLabel": "Annuler",
        "confirmLabel": "Confirmer",
    },
}
SCORE_BAR = "Vous avez obtenu :num points sur :total"


def true_false(question: str, *, correct: bool, right: str, wrong: str) -> dict[str, Any]:
    """The parameters of an H5P.TrueFalse question, in French."""
    return {
        "question": f"<p>{question}</p>\n",
        "correct": "true" if correct else "false",
        "media": {"disableImageZooming": False},
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "enableCheckButton": True,
            "confirmCheckDialog": False,
            "confirmRetryDialog": False,
            "autoCheck": False,
            "feedbackOnCorrect": right,
            "feedbackOnWrong": wrong,
        },
        "l10n": {
            "trueText": "Vrai",
            "falseText": "Faux",
            "score": "Vous avez obtenu @score point(s) sur @total",
            "checkAnswer": "Vérifier",
            "submitAnswer": "Valider",
            "showSolutionButton": "Voir la solution",
            "tryAgain": "Recommencer",
            "wrongAnswerMessage": "Mauvaise réponse",
            "correctAnswerMessage": "Bonne réponse",
            "scoreBarLabel": SCORE_BAR,
            "a11yCheck": "Vérifier la réponse.",
            "a11yShowSolution": "Afficher la solution.",
            "a11yRetry": "Recommencer l'exercice.",
        },
        **CONFIRM,
    }


def multiple_choice(question: str, answers: list[tuple[str, bool, str]]) -> dict[str, Any]:
    """The parameters of a single-answer H5P.MultiChoice question (text, correct, feedback)."""
    return {
        "question": f"<p>{question}</p>\n",
        "answers": [
            {
                "correct": correct,
                "text": f"<div>{text}</div>\n",
                "tipsAndFeedback": {"tip": "", "chosenFeedback": feedback, "notChosenFeedback": ""},
            }
            for text, correct, feedback in answers
        ],
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "singlePoint": True,
            "randomAnswers": True,
            "showSolutionsRequiresInput": True,
            "type": "single",
            "confirmCheckDialog": False,
            "confirmRetryDialog": False,
            "autoCheck": False,
            "passPercentage": 100,
            "showScorePoints": True,
            "enableCheckButton": True,
        },
        "UI": {
            "checkAnswerButton": "Vérifier",
            "submitAnswerButton": "Valider",
            "showSolutionButton": "Voir la solution",
            "tryAgainButton": "Recommencer",
            "tipsLabel": "Afficher l'indice",
            "scoreBarLabel": SCORE_BAR,
            "tipAvailable": "Indice disponible",
            "feedbackAvailable": "Commentaire disponible",
            "readFeedback": "Lire le commentaire",
            "wrongAnswer": "Mauvaise réponse",
            "correctAnswer": "Bonne réponse",
            "shouldCheck": "Aurait dû être cochée",
            "shouldNotCheck": "N'aurait pas dû être cochée",
            "noInput": "Répondez avant de voir la solution",
            "a11yCheck": "Vérifier les réponses.",
            "a11yShowSolution": "Afficher la solution.",
            "a11yRetry": "Recommencer l'exercice.",
        },
        "overallFeedback": [
            {"from": 0, "to": 99, "feedback": "Pas tout à fait : relisez la leçon et réessayez."},
            {"from": 100, "to": 100, "feedback": "Bravo, c'est la bonne réponse !"},
        ],
        **CONFIRM,
    }


def drag_text(description: str, text: str) -> dict[str, Any]:
    """The parameters of an H5P.DragText exercise (words to drop are between asterisks)."""
    return {
        "taskDescription": f"<p>{description}</p>\n",
        "textField": text,
        "checkAnswer": "Vérifier",
        "submitAnswer": "Valider",
        "tryAgain": "Recommencer",
        "showSolution": "Voir la solution",
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "instantFeedback": False,
            "enableCheckButton": True,
        },
        "overallFeedback": [
            {"from": 0, "to": 74, "feedback": "@score sur @total : relisez la leçon et réessayez."},
            {"from": 75, "to": 100, "feedback": "@score sur @total : bien joué !"},
        ],
        "dropZoneIndex": "Zone de dépôt @index.",
        "empty": "La zone de dépôt @index est vide.",
        "contains": "La zone de dépôt @index contient l'étiquette @draggable.",
        "ariaDraggableIndex": "@index sur @count étiquettes.",
        "tipLabel": "Afficher l'indice",
        "correctText": "Correct !",
        "incorrectText": "Incorrect !",
        "resetDropTitle": "Vider la zone",
        "resetDropDescription": "Voulez-vous vraiment vider cette zone de dépôt ?",
        "grabbed": "L'étiquette est saisie.",
        "cancelledDragging": "Déplacement annulé.",
        "correctAnswer": "Bonne réponse :",
        "feedbackHeader": "Commentaire",
        "scoreBarLabel": SCORE_BAR,
        **CONFIRM,
    }


@dataclass(frozen=True)
class Quiz:
    """A demo exercise: its title, main library and parameters."""

    title: str
    library: str
    params: dict[str, Any]


QUIZZES: dict[str, Quiz] = {
    "securite-vrai-faux": Quiz(
        "Vrai ou faux : la phrase de passe",
        "H5P.TrueFalse",
        true_false(
            "Une phrase de passe de quatre mots choisis au hasard, comme "
            "« tartine-phare-violon-avril », est plus difficile à deviner pour un programme "
            "que « M@rie59! ».",
            correct=True,
            right="Exact : la longueur compte plus que les symboles.",
            wrong="Si : chaque caractère ajouté multiplie le travail d'un programme de cassage.",
        ),
    ),
    "securite-hameconnage": Quiz(
        "Ce message est-il fiable ?",
        "H5P.MultiChoice",
        multiple_choice(
            "Une usagère vous montre un SMS : « Votre colis est bloqué. Réglez 1,99 € de frais "
            "de livraison avant ce soir sur colis-suivi-express.info ». Que lui conseillez-vous ?",
            [
                (
                    "Ne pas cliquer, et transférer le SMS au 33700 pour le signaler.",
                    True,
                    "Oui : urgence, petits frais, adresse inconnue, c'est de l'hameçonnage.",
                ),
                (
                    "Payer, puisque la somme est faible.",
                    False,
                    "Non : le but est de récupérer ses coordonnées bancaires.",
                ),
                (
                    "Cliquer sur le lien pour vérifier le numéro du colis.",
                    False,
                    "Non : le lien mène à un faux site qui imite un transporteur.",
                ),
            ],
        ),
    ),
    "livres-liseuse": Quiz(
        "Quel conseil donner à une lectrice équipée d'une Kindle ?",
        "H5P.MultiChoice",
        multiple_choice(
            "Une lectrice veut emprunter un roman numérique pour le lire sur sa liseuse Kindle. "
            "Que lui répondez-vous ?",
            [
                (
                    "Sa liseuse ne lit pas les livres prêtés par les bibliothèques ; je lui "
                    "propose de lire sur son téléphone, sa tablette ou son ordinateur.",
                    True,
                    "Oui : les Kindle ne sont pas compatibles, autant le dire dès le début.",
                ),
                (
                    "Elle doit installer Baobab sur sa Kindle.",
                    False,
                    "Non : on ne peut pas installer d'application de lecture sur une Kindle.",
                ),
                (
                    "Elle peut envoyer le fichier à sa Kindle par e-mail.",
                    False,
                    "Non : le fichier protégé ne s'ouvrira pas sur la Kindle.",
                ),
            ],
        ),
    ),
    "livres-mots": Quiz(
        "Le vocabulaire du prêt numérique",
        "H5P.DragText",
        drag_text(
            "Faites glisser chaque mot à sa place.",
            "La bibliothèque achète une *licence* auprès de l'éditeur. "
            "À l'ouverture du premier livre, l'application demande la *phrase secrète*. "
            "Sur un ordinateur, on lit avec *Thorium Reader*. "
            "À la fin du prêt, le livre se *rend* tout seul.",
        ),
    ),
    "presse-publireportage": Quiz(
        "Article ou publicité ?",
        "H5P.MultiChoice",
        multiple_choice(
            "Sur le site d'un journal, quel indice montre qu'un texte est un publireportage, "
            "payé par un annonceur ?",
            [
                (
                    "La mention « contenu sponsorisé » ou « publi-communiqué ».",
                    True,
                    "Oui : la loi impose de signaler les contenus payés.",
                ),
                (
                    "Il est illustré par une photo.",
                    False,
                    "Non : les articles d'information sont aussi illustrés.",
                ),
                (
                    "Il est publié dans la rubrique économie.",
                    False,
                    "Non : la rubrique ne dit pas qui a payé le texte.",
                ),
            ],
        ),
    ),
}


def _package(title: str, h5p_json: dict[str, Any], params: dict[str, Any]) -> bytes:
    """A minimal .h5p archive: h5p.json and content/content.json (libraries installed)."""
    meta = {
        **h5p_json,
        "title": title,
        "language": "fr",
        "license": "CC BY",
        "licenseVersion": "4.0",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("h5p.json", json.dumps(meta, ensure_ascii=False))
        archive.writestr("content/content.json", json.dumps(params, ensure_ascii=False))
    return buffer.getvalue()


def quiz_content(key: str) -> H5PContent | None:
    """The H5P content of a demo quiz, imported once; None when its library is missing."""
    quiz = QUIZZES[key]
    package_name = f"bnm-formation-{key}.h5p"
    existing = H5PContent.objects.filter(package_name=package_name).first()
    if existing is not None:
        return existing
    model = (
        H5PContent.objects.filter(main_library__machine_name=quiz.library)
        .exclude(package_name__startswith="bnm-formation-")
        .order_by("pk")
        .first()
    )
    if model is None or not model.metadata.get("preloadedDependencies"):
        return None
    h5p_json = {
        "mainLibrary": quiz.library,
        "embedTypes": model.metadata.get("embedTypes", ["div"]),
        "preloadedDependencies": model.metadata["preloadedDependencies"],
    }
    try:
        return content_import(
            package=_package(quiz.title, h5p_json, quiz.params),
            package_name=package_name,
            title=quiz.title,
        )
    except PackageInvalid:  # e.g. an installed library too old for these parameters
        return None
