"""URLs of certificates, under /certificates/."""

from django.urls import path

from certificates.views import learner, public, staff

app_name = "certificates"

urlpatterns = [
    path("verify/", public.verify_form, name="verify"),
    path("verify/<str:code>/", public.verify_code, name="verify_code"),
    path("issuer/", public.issuer_profile_json, name="issuer_profile"),
    path("issuer/keys.json", public.issuer_keys_json, name="issuer_keys"),
    path("issuer/keys/<str:thumbprint>.json", public.issuer_key_json, name="issuer_key"),
    path("status/<int:number>/", public.status_list, name="status_list"),
    path("manage/", staff.manage_certificates, name="manage"),
    path("bundles/<uuid:bundle_uuid>/", staff.bundle_detail, name="bundle_detail"),
    path("bundles/<uuid:bundle_uuid>/status.json", staff.bundle_status, name="bundle_status"),
    path("bundles/<uuid:bundle_uuid>/download/", staff.bundle_download, name="bundle_download"),
    path("<uuid:certificate_uuid>/pdf/", learner.download_pdf, name="download_pdf"),
    path("<uuid:certificate_uuid>/open-badge.jwt", learner.download_badge, name="download_badge"),
    path("<uuid:certificate_uuid>/revoke/", staff.revoke_certificate, name="revoke"),
]
