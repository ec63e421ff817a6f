"""The validation error raised for invalid xAPI data, and its construction from pydantic errors.

Messages are technical English: ``<JSON path>: <rule>``, e.g.
``statements[2].actor.mbox: must be a 'mailto:' IRI with one e-mail address``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

__all__ = ["StatementValidationError", "from_pydantic", "json_path"]

_TAG = "\x00"
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUBSTATEMENT_FORBIDDEN = frozenset({"id", "stored", "version", "authority"})

_MESSAGES: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "is not an allowed property here",
    "string_type": "must be a string",
    "bool_type": "must be a boolean (true or false)",
    "int_type": "must be an integer",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
    "list_type": "must be an array",
}


class StatementValidationError(ValueError):
    """Invalid xAPI data; ``path`` is the JSON path of the first failing field, ``rule`` why."""

    def __init__(self, path: str, rule: str) -> None:
        """Store the path and rule; the message is ``"<path>: <rule>"``."""
        super().__init__(f"{path}: {rule}")
        self.path = path
        self.rule = rule


def json_path(root: str, loc: tuple[int | str, ...], *, has_tags: bool = True) -> str:
    """Render a location tuple as a JSON path below ``root``.

    ``has_tags``: the location comes from pydantic, whose union tags are dropped; a location
    of the data itself (``has_tags=False``) keeps every property name, whatever it starts with.
    """
    parts = [root]
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif has_tags and item.startswith(_TAG):
            continue
        elif _IDENTIFIER_RE.fullmatch(item):
            parts.append(f".{item}")
        else:
            parts.append(f"[{json.dumps(item, ensure_ascii=False)}]")
    return "".join(parts)


def _rule(error: ErrorDetails) -> str:
    """Return the rule text for one pydantic error."""
    kind = error["type"]
    if error.get("input", ...) is None and kind != "missing":
        return "must not be null"
    ctx: dict[str, Any] = error.get("ctx") or {}
    if kind == "extra_forbidden":
        loc = error["loc"]
        in_substatement = len(loc) >= 2 and loc[-2] == _TAG + "SubStatement"
        if in_substatement and loc[-1] in _SUBSTATEMENT_FORBIDDEN:
            return "is not allowed in a SubStatement"
        return _MESSAGES[kind]
    if kind == "literal_error":
        return f"must be {ctx.get('expected')} (case-sensitive)"
    if kind == "greater_than_equal":
        return f"must be greater than or equal to {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be less than or equal to {ctx.get('le')}"
    return _MESSAGES.get(kind, error["msg"])


def from_pydantic(exc: ValidationError, root: str) -> StatementValidationError:
    """Convert the first error of a pydantic ValidationError into a StatementValidationError."""
    error = exc.errors(include_url=False, include_context=True)[0]
    loc = tuple(error["loc"])
    field = (error.get("ctx") or {}).get("field")
    if isinstance(field, str):
        loc = loc + tuple(field.split("."))
    return StatementValidationError(json_path(root, loc), _rule(error))
