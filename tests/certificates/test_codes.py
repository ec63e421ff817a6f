"""Verification codes: typable, grouped, unambiguous, unguessable."""

from certificates.codes import (
    ALPHABET,
    LENGTH,
    code_display,
    code_generate,
    code_is_well_formed,
    code_normalize,
)


def test_codes_avoid_ambiguous_characters() -> None:
    """The alphabet has none of 0, O, 1, I, L, U, and codes only use the alphabet."""
    assert not set("0O1ILU") & set(ALPHABET)
    for _ in range(500):
        code = code_generate()
        assert len(code) == LENGTH
        assert set(code) <= set(ALPHABET)


def test_codes_carry_at_least_75_bits() -> None:
    """30 symbols over 16 positions: more than 2**75 possible codes."""
    assert len(ALPHABET) ** LENGTH > 2**75


def test_codes_do_not_repeat() -> None:
    """Ten thousand draws give ten thousand different codes."""
    assert len({code_generate() for _ in range(10_000)}) == 10_000


def test_code_is_shown_in_four_groups() -> None:
    """A code is displayed as four groups of four separated by dashes."""
    assert code_display("7KQ4MZ9X3HTRW2PD") == "7KQ4-MZ9X-3HTR-W2PD"


def test_typed_code_is_forgiving() -> None:
    """Lower case, spaces and dashes are accepted when typing a code."""
    assert code_normalize(" 7kq4 mz9x-3htr_w2pd ") == "7KQ4MZ9X3HTRW2PD"
    assert code_is_well_formed(code_normalize("7kq4-mz9x-3htr-w2pd"))


def test_malformed_codes_are_recognised() -> None:
    """Wrong length or characters outside the alphabet are not codes."""
    assert not code_is_well_formed("7KQ4MZ9X3HTRW2P")
    assert not code_is_well_formed("7KQ4MZ9X3HTRW2P0")
    assert not code_is_well_formed("")
