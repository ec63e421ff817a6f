"""URLs of skills, mounted at /competences/."""

from django.urls import path

from skills import views

app_name = "skills"

urlpatterns = [
    path("", views.show_my_skills, name="my_skills"),
    path("positionnement/", views.take_positioning, name="positioning"),
    path("personnes/<int:user_id>/", views.show_person_skills, name="person_skills"),
]
