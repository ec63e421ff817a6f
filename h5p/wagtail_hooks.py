"""H5P in the Wagtail admin: contents (upload, settings, chooser) and installed libraries.

Uploading goes through ``h5p.services.content_import``, the same service as
``manage.py h5p_import``: a refused package shows every French message under the file field
and leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from django.db import OperationalError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from psycopg import errors as pg_errors
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from h5p.forms import H5PUploadForm
from h5p.models import H5PContent, H5PLibrary
from h5p.services import content_folders_discard, content_import
from h5p.validation import PackageInvalid


def _crossed_another_import(error: OperationalError) -> bool:
    """Whether the import failed only because a concurrent import held its library rows.

    PostgreSQL ends one of two imports that lock each other's libraries (a deadlock); SQLite
    refuses a write while another import holds the database ("database is locked" for a
    file, "database table is locked" for a shared-cache memory database). Either way the
    import rolled back entirely, and sending the package again succeeds.
    """
    cause = error.__cause__
    if isinstance(cause, pg_errors.DeadlockDetected | pg_errors.LockNotAvailable):
        return True
    message = str(error)
    return "database is locked" in message or "database table is locked" in message


class H5PContentCreateView(CreateView):
    """The upload form: the service validates, installs and creates the content."""

    def is_valid(self, form: H5PUploadForm) -> bool:
        """Form rules first, then the package rules (the service's French messages)."""
        if not super().is_valid(form):
            return False
        data = form.cleaned_data
        upload = data["package"]
        try:
            self.imported = content_import(
                package=upload,
                user=self.request.user,
                package_name=upload.name,
                title=data["title"],
                attempt_policy=data["attempt_policy"],
                pass_percentage=data["pass_percentage"],
            )
        except PackageInvalid as error:
            for message in error.errors:
                form.add_error("package", message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        except OperationalError as error:
            if not _crossed_another_import(error):
                raise
            form.add_error(
                "package",
                _(
                    "Another H5P package using the same libraries was being installed at the "
                    "same moment, so nothing was saved: send this package again."
                ),
            )
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return True

    def save_instance(self) -> H5PContent:
        """The content was created by the service in is_valid()."""
        log(instance=self.imported, action="wagtail.create", user=self.request.user)
        return self.imported


class H5PContentViewSet(SnippetViewSet):
    """H5P contents: upload a package, then set the attempt policy and pass mark."""

    model = H5PContent
    icon = "form"
    menu_label = _("Contents")
    add_view_class = H5PContentCreateView
    create_template_name = "h5p/admin/upload.html"
    index_template_name = "h5p/admin/index.html"
    list_display = ("title", "main_library", "attempt_policy", "created_at")
    list_filter = ("attempt_policy",)
    search_fields = ("title",)
    inspect_view_enabled = True
    inspect_view_fields = (
        "title",
        "main_library",
        "language",
        "attempt_policy",
        "pass_percentage",
        "package_name",
        "package_size",
        "package_sha256",
        "uploaded_by",
        "created_at",
    )
    panels = [FieldPanel("title"), FieldPanel("attempt_policy"), FieldPanel("pass_percentage")]

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        """The create view shows the upload form instead of the edit panels."""
        upload_panels = ObjectList(
            [
                FieldPanel("package"),
                FieldPanel("title"),
                FieldPanel("attempt_policy"),
                FieldPanel("pass_percentage"),
            ],
            base_form_class=H5PUploadForm,
        ).bind_to_model(H5PContent)
        return super().get_add_view_kwargs(
            panel=upload_panels, form_class=upload_panels.get_form_class(), **kwargs
        )


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Libraries are installed by uploads only: the admin lists and inspects them."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        """Only viewing is possible."""
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        """Only viewing is possible."""
        return "view" in actions and super().user_has_permission(user, "view")

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Model) -> bool:
        """Only viewing is possible."""
        return self.user_has_permission(user, action)


register_permission_policy(H5PLibrary, ReadOnlyPermissionPolicy(H5PLibrary))


class H5PLibraryViewSet(SnippetViewSet):
    """Installed H5P libraries, shared by the contents (read only)."""

    model = H5PLibrary
    icon = "code"
    menu_label = _("Libraries")
    list_display = ("machine_name", "version_text", "title", "is_runnable", "updated_at")
    search_fields = ("machine_name", "title")
    inspect_view_enabled = True
    inspect_view_fields = (
        "machine_name",
        "version_text",
        "title",
        "is_runnable",
        "installed_by",
        "installed_at",
        "updated_at",
    )
    panels = [FieldPanel("title", read_only=True)]


class H5PViewSetGroup(SnippetViewSetGroup):
    """The H5P menu: contents and libraries."""

    items = (H5PContentViewSet, H5PLibraryViewSet)
    menu_icon = "form"
    menu_label = _("H5P")
    menu_name = "h5p"


register_snippet(H5PViewSetGroup)


@hooks.register("after_delete_snippet")
def discard_deleted_content_folders(request: HttpRequest, instances: list[Model]) -> None:
    """Remove the folders of deleted H5P contents (libraries stay installed)."""
    folders = [instance.folder for instance in instances if isinstance(instance, H5PContent)]
    if folders:
        content_folders_discard(folders=folders)
