"""App configuration for courses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Training paths: Wagtail pages, enrollment, progress from xAPI, completion."""

    name = "courses"
    verbose_name = _("Training paths")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from accounts.demo import register_demo_step
        from accounts.home import register_home_panel
        from courses import demo, receivers
        from courses.home import paths_panel_context
        from courses.models import LessonPage, ModulePage, TrainingPathPage
        from courses.selectors.home import next_steps
        from courses.services import statements_process
        from lrs.listeners import register_statement_listener
        from skills.suggestions import register_next_step_provider

        register_statement_listener("courses", statements_process, order=200)
        register_home_panel(
            "courses", template="courses/home_panel.html", get_context=paths_panel_context, order=20
        )
        register_next_step_provider("courses", next_steps)
        register_demo_step("courses", demo.seed, order=80)
        page_published.connect(
            receivers.path_published, sender=TrainingPathPage, dispatch_uid="courses_path_published"
        )
        page_published.connect(
            receivers.lesson_published, sender=LessonPage, dispatch_uid="courses_lesson_published"
        )
        for model in (LessonPage, ModulePage):
            post_page_move.connect(
                receivers.page_moved, sender=model, dispatch_uid=f"courses_move_{model.__name__}"
            )
            page_unpublished.connect(
                receivers.lesson_removed,
                sender=model,
                dispatch_uid=f"courses_unpub_{model.__name__}",
            )
            post_delete.connect(
                receivers.lesson_removed, sender=model, dispatch_uid=f"courses_del_{model.__name__}"
            )
