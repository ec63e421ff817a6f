"""App configuration for courses."""

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """The courses app."""

    name = "courses"
