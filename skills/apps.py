"""App configuration for skills."""

from django.apps import AppConfig


class SkillsConfig(AppConfig):
    """The skills app."""

    name = "skills"
