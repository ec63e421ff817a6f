"""URLs of the dashboards, mounted at /tableaux-de-bord/."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.show_index, name="index"),
    path("metropole/", views.show_metropolis, name="metropolis"),
    path(
        "metropole/export/<slug:table>.<str:file_format>",
        views.export_metropolis_table,
        name="metropolis_export",
    ),
    path("communes/<str:insee_code>/", views.show_commune, name="commune"),
    path(
        "communes/<str:insee_code>/export/<slug:table>.<str:file_format>",
        views.export_commune_table,
        name="commune_export",
    ),
    path("bibliotheques/<int:pk>/", views.show_library, name="library"),
    path(
        "bibliotheques/<int:pk>/export/<slug:table>.<str:file_format>",
        views.export_library_table,
        name="library_export",
    ),
    path("exports/", views.request_export, name="export_request"),
    path("exports/<uuid:pk>/", views.show_export, name="export"),
    path("exports/<uuid:pk>/etat/", views.export_status, name="export_status"),
    path("exports/<uuid:pk>/fichier/", views.download_export, name="export_file"),
]
