"""URLs of the h5p app: the learner's page, the isolated player, and the package files."""

from django.urls import path

from h5p import views

app_name = "h5p"

urlpatterns = [
    path("<int:pk>/", views.show_content, name="show_content"),
    path("play/<int:pk>/", views.play_content, name="play_content"),
    path(
        "files/content/<uuid:folder>/<path:path>",
        views.serve_content_file,
        name="content_file",
    ),
    path(
        "files/libraries/<str:token>/<str:folder>/<path:path>",
        views.serve_library_file,
        name="library_file",
    ),
]
