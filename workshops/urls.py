"""URLs of workshops, mounted at /ateliers/."""

from django.urls import path

from workshops.views import agenda, attendance, checkin, feeds, registration

app_name = "workshops"

urlpatterns = [
    path("", agenda.show_agenda, name="agenda"),
    path("formateur/", agenda.show_trainer_sessions, name="trainer_sessions"),
    path("seances/<int:pk>/", agenda.show_session, name="session"),
    path("seances/<int:pk>/calendrier.ics", agenda.download_session_ics, name="session_ics"),
    path("seances/<int:pk>/inscription/", registration.register_session, name="register"),
    path("seances/<int:pk>/inscrire/", registration.register_person, name="register_person"),
    path(
        "inscriptions/<int:pk>/annulation/",
        registration.cancel_registration,
        name="cancel_registration",
    ),
    path("seances/<int:pk>/appel/", attendance.take_roll_call, name="roll_call"),
    path(
        "seances/<int:pk>/appel/<int:registration_pk>/competence/",
        attendance.validate_competence,
        name="validate_competence",
    ),
    path(
        "seances/<int:pk>/emargement.pdf",
        attendance.download_sign_in_sheet,
        name="sign_in_sheet",
    ),
    path(
        "seances/<int:pk>/emargement-vierge.pdf",
        attendance.download_sign_in_sheet,
        {"blank": True},
        name="sign_in_sheet_blank",
    ),
    path("seances/<int:pk>/comptage/", attendance.record_public_counts, name="public_counts"),
    path("seances/<int:pk>/annuler/", attendance.cancel_session, name="cancel_session"),
    path("seances/<int:pk>/cloturer/", attendance.complete_session, name="complete_session"),
    path("seances/<int:pk>/pointage/", checkin.show_checkin_screen, name="checkin_screen"),
    path("seances/<int:pk>/pointage/code.json", checkin.checkin_qr, name="checkin_qr"),
    path("seances/<int:pk>/pointage/presents.json", checkin.checkin_people, name="checkin_people"),
    path("seances/<int:pk>/pointer/<str:token>/", checkin.check_in, name="check_in"),
    path("calendriers/", feeds.show_calendar_feeds, name="calendar_feeds"),
    path("calendriers/lien/", feeds.renew_calendar_feed, name="renew_calendar_feed"),
    path("calendriers/<slug:token>.ics", feeds.download_calendar_feed, name="calendar_feed"),
]
