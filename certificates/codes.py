"""Verification codes: short enough to type, long enough not to be guessed.

A code is 16 characters drawn with `secrets` from an alphabet without the characters
people confuse when reading or typing (0/O, 1/I/L, U/V): 30 symbols, so 30**16 ≈ 2**78
possible codes. It is stored without separators and shown in four groups of four
("7KQ4-MZ9X-3HTR-W2PD"). Typed input is forgiving: case, spaces and dashes are ignored.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-_.]+")


def code_generate() -> str:
    """A fresh random code, without separators."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalize(text: str) -> str:
    """The stored form of a typed code: upper case, separators removed (may be invalid)."""
    return _SEPARATORS.sub("", (text or "").strip()).upper()[: LENGTH * 4]


def code_is_well_formed(code: str) -> bool:
    """Whether a normalised code has the right length and only alphabet characters."""
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def code_display(code: str) -> str:
    """The grouped form of a stored code, e.g. 7KQ4-MZ9X-3HTR-W2PD."""
    return "-".join(code[index : index + GROUP] for index in range(0, len(code), GROUP))
