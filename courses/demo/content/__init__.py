"""The demo training paths, written for the agents of the BNM network (French content).

Blocks are given as (kind, value): "text" (rich text HTML), "callout" (kind, title, text),
"resource" (a network service slug), "kit" (a mediation kit slug), "quiz" (a key of
`courses.demo.quizzes.QUIZZES`, placed only when the H5P libraries are installed),
"image" (a key of `courses.demo.images.DIAGRAMS`) and "document" (a key of `MEMOS`).
"""

from courses.demo.content.ebooks import EBOOKS
from courses.demo.content.memos import MEMOS
from courses.demo.content.press import PRESS
from courses.demo.content.security import SECURITY
from courses.demo.content.types import Block, DemoLesson, DemoModule, DemoPath

CATALOG_TITLE = "Parcours de formation"
CATALOG_INTRODUCTION = (
    "<p>Des parcours courts, à suivre à votre rythme, pour développer vos compétences "
    "numériques et accompagner les usagers dans les services en ligne de la Bibliothèque "
    "Numérique Métropolitaine. Chaque parcours se termine par une attestation.</p>"
)

DEMO_PATHS = (SECURITY, EBOOKS, PRESS)

__all__ = [
    "CATALOG_INTRODUCTION",
    "CATALOG_TITLE",
    "DEMO_PATHS",
    "EBOOKS",
    "MEMOS",
    "PRESS",
    "SECURITY",
    "Block",
    "DemoLesson",
    "DemoModule",
    "DemoPath",
]
