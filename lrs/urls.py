"""URLs of the LRS, mounted at /xapi/ (no trailing slashes, as xAPI clients expect)."""

from django.urls import path, re_path

from lrs.api.documents import (
    activity_profile_resource,
    agent_profile_resource,
    state_resource,
)
from lrs.api.resources import (
    about_resource,
    activities_resource,
    agents_resource,
    unknown_resource,
)
from lrs.api.statements import statements_resource

app_name = "lrs"

urlpatterns = [
    path("statements", statements_resource, name="statements"),
    path("activities/state", state_resource, name="state"),
    path("activities/profile", activity_profile_resource, name="activity_profile"),
    path("activities", activities_resource, name="activities"),
    path("agents/profile", agent_profile_resource, name="agent_profile"),
    path("agents", agents_resource, name="agents"),
    path("about", about_resource, name="about"),
    re_path(r"^(?P<path>.*)$", unknown_resource, name="unknown"),
]
