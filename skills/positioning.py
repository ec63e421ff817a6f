"""The self-positioning scale: five statements a person picks from, mapped to levels.

The four statements above "not yet" follow the four bands DigComp and the CRCN share
(foundation, intermediate, advanced, highly specialised), and map to the top level of
each band. On a framework with another number of levels, the choice is scaled:
level = ceil(choice × max_level / 4), so 4 always means the top level.
"""

from __future__ import annotations

import math

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TOP_CHOICE = 4
CHOICES: tuple[tuple[int, Promise], ...] = (
    (0, _("I cannot do this yet.")),
    (1, _("I can do it with help, or by following instructions.")),
    (2, _("I can do it on my own, for everyday tasks.")),
    (3, _("I can do it in varied situations, and I help others do it.")),
    (4, _("I solve complex problems and come up with new solutions.")),
)


def choice_level(choice: int, max_level: int) -> int:
    """The level a choice declares on a framework with `max_level` levels."""
    return math.ceil(choice * max_level / TOP_CHOICE)


def level_choice(level: int, max_level: int) -> int:
    """The choice that declares a level (the lowest one reaching it)."""
    for choice, _label in CHOICES:
        if choice_level(choice, max_level) >= level:
            return choice
    return TOP_CHOICE
