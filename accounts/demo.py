"""Extension point for the demo data (`manage.py seed_demo`).

Each app owns its demo content in its own `demo.py` and registers a step here from
its `AppConfig.ready()`; `seed_demo` runs the steps in order. Steps are idempotent:
running the command twice leaves the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class DemoLog:
    """Collects the lines a demo step wants the operator to read."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    def __call__(self, message: str) -> None:
        self.write(message)


DemoStep = Callable[[DemoLog], None]


@dataclass(frozen=True)
class RegisteredStep:
    """A named demo step and its position."""

    name: str
    run: DemoStep
    order: int


_steps: dict[str, RegisteredStep] = {}


def register_demo_step(name: str, run: DemoStep, *, order: int) -> None:
    """Register (or replace) a demo step."""
    _steps[name] = RegisteredStep(name=name, run=run, order=order)


def demo_steps() -> list[RegisteredStep]:
    """The registered steps, in order."""
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))
