"""Writes of workshops (a package: one module per concern), re-exported here."""

from workshops.services.attendance import (
    AttendanceRefused,
    attendance_mark,
    checkin_record,
    competence_validate,
    cycle_certificates_issue,
    cycle_certificates_withdraw,
    roll_call_record,
    slot_attendance_mark,
)
from workshops.services.feeds import calendar_feed_ensure, calendar_feed_reset
from workshops.services.notifications import (
    registration_notify,
    session_cancelled_notify,
    session_reminders_send,
    trainer_digests_send,
)
from workshops.services.public import CountsRefused, public_counts_record
from workshops.services.registration import (
    RegistrationRefused,
    registration_cancel,
    registration_create,
    registration_refusal,
    waitlist_promote,
)
from workshops.services.sessions import (
    SessionChangeRefused,
    session_cancel,
    session_complete,
    session_create,
    workshop_alignments_sync,
)

__all__ = [
    "AttendanceRefused",
    "CountsRefused",
    "RegistrationRefused",
    "SessionChangeRefused",
    "attendance_mark",
    "calendar_feed_ensure",
    "calendar_feed_reset",
    "checkin_record",
    "competence_validate",
    "cycle_certificates_issue",
    "cycle_certificates_withdraw",
    "public_counts_record",
    "registration_cancel",
    "registration_create",
    "registration_notify",
    "registration_refusal",
    "roll_call_record",
    "session_cancel",
    "session_cancelled_notify",
    "session_complete",
    "session_create",
    "session_reminders_send",
    "slot_attendance_mark",
    "trainer_digests_send",
    "waitlist_promote",
    "workshop_alignments_sync",
]
