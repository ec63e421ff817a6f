"""URLs of mediation kits: PDF downloads and screen-change reports (pages are Wagtail's).

Kits are keyed on their page id: a slug is only unique among siblings and may hold
accents. The slug follows for readability; the slug-only download address of older
links still works when it names one kit.
"""

from django.urls import re_path

from mediation_kits import views

app_name = "mediation_kits"

# At most 9 digits: any page id fits, and a longer number never reaches the database.
KIT = r"(?P<pk>[0-9]{1,9})/(?P<slug>[^/]+)"
VARIANT = r"(?P<variant>a4|booklet|large-print)"

urlpatterns = [
    re_path(
        rf"^{KIT}/pdf/{VARIANT}/$",
        views.download_kit_pdf,
        name="download_kit_pdf",
    ),
    re_path(
        rf"^{KIT}/ecran-modifie/$",
        views.report_screen_change,
        name="report_screen_change",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/pdf/{VARIANT}/$",
        views.download_kit_pdf_by_slug,
        name="download_kit_pdf_by_slug",
    ),
]
