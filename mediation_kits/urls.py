"""URLs of mediation kits: PDF downloads and screen-change reports (pages are Wagtail's)."""

from django.urls import path, re_path

from mediation_kits import views

app_name = "mediation_kits"

urlpatterns = [
    re_path(
        r"^(?P<slug>[-\w]+)/pdf/(?P<variant>a4|booklet|large-print)/$",
        views.download_kit_pdf,
        name="download_kit_pdf",
    ),
    path("<slug:slug>/ecran-modifie/", views.report_screen_change, name="report_screen_change"),
]
