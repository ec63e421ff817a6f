"""URLs of the courses app that are not pages (the pages are served by Wagtail)."""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("<int:path_id>/inscription/", views.enroll_path, name="enroll"),
    path("<int:path_id>/continuer/", views.continue_path, name="continue"),
    path("<int:path_id>/assigner/", views.assign_path, name="assign"),
    path("lecons/<int:lesson_id>/lue/", views.read_lesson, name="read_lesson"),
    path("lecons/<int:lesson_id>/etat/", views.lesson_status, name="lesson_status"),
]
