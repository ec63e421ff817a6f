"""The xAPI identity of platform users: an account on the site's home page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser


def home_page() -> str:
    """The account home page of platform users (the site's base URL)."""
    return settings.SITE_URL


def agent_for(user: AbstractBaseUser) -> dict[str, Any]:
    """The xAPI Agent of a platform user: their name and an account keyed by user id."""
    agent: dict[str, Any] = {
        "objectType": "Agent",
        "account": {"homePage": home_page(), "name": str(user.pk)},
    }
    name = getattr(user, "display_name", "") or ""
    if name:
        agent["name"] = name
    return agent


def user_id_from_agent(agent: dict[str, Any]) -> int | None:
    """The platform user id an Agent designates, or None when it is not one of ours."""
    account = agent.get("account") if isinstance(agent, dict) else None
    if not isinstance(account, dict) or account.get("homePage") != home_page():
        return None
    name = account.get("name")
    return int(name) if isinstance(name, str) and name.isdigit() else None


def platform_authority() -> dict[str, Any]:
    """The authority of statements the platform records itself."""
    return {
        "objectType": "Agent",
        "name": "BNM Formation",
        "account": {"homePage": home_page(), "name": "platform"},
    }


def delegated_authority(user: AbstractBaseUser) -> dict[str, Any]:
    """The authority of statements a learner's browser or player sends through the platform.

    As for OAuth in xAPI (Data 2.4.9), an anonymous Group of the application and the
    user: it tells these statements apart from those the platform asserts itself, so
    a browser cannot claim the platform's authority (e.g. a certified level).
    """
    return {"objectType": "Group", "member": [platform_authority(), agent_for(user)]}
