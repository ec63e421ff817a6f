"""Root URLs: each app's URLs, the Wagtail admin, then Wagtail's pages."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import show_home
from lms.health import healthz

urlpatterns = [
    path("", show_home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("accounts.urls")),
    path("xapi/", include("lrs.urls")),
    path("certificates/", include("certificates.urls")),
    path("h5p/", include("h5p.urls")),
    path("kits/", include("mediation_kits.urls")),
    path("ateliers/", include("workshops.urls")),
    path("competences/", include("skills.urls")),
    path("parcours-actions/", include("courses.urls")),
    path("tableaux-de-bord/", include("dashboards.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
