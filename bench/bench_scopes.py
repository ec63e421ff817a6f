"""Role-scope selectors over 5,000 people, next to a bare query returning the same rows."""

from __future__ import annotations

from bench.common import report, test_database, time_calls


def run() -> None:
    """Build a network of 40 libraries × 125 agents and time the scope selectors."""
    with test_database():
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from organizations.models import Commune, Library, Membership
        from organizations.selectors import visible_libraries, visible_people

        user_model = get_user_model()
        communes = list(Commune.objects.order_by("insee_code")[:10])
        libraries = Library.objects.bulk_create(
            Library(name=f"Bibliothèque {i}", commune=communes[i % 10]) for i in range(40)
        )
        password = make_password(None)
        users = user_model.objects.bulk_create(
            user_model(email=f"agent{i}@bench.example.org", password=password) for i in range(5000)
        )
        Membership.objects.bulk_create(
            Membership(user=user, role=Membership.Role.AGENT, library=libraries[i % 40])
            for i, user in enumerate(users)
        )
        coordinator = user_model.objects.create(email="coord@bench.example.org")
        Membership.objects.create(
            user=coordinator, role=Membership.Role.COMMUNE_COORDINATOR, commune=communes[0]
        )
        commune_library_ids = [lib.pk for lib in libraries if lib.commune_id == communes[0].pk]

        def scoped() -> list[int]:
            return list(visible_people(coordinator).values_list("pk", flat=True))

        def bare() -> list[int]:
            return list(
                Membership.objects.filter(library__in=commune_library_ids).values_list(
                    "user_id", flat=True
                )
            )

        assert len(scoped()) == len(bare()) + 1
        report(
            "visible_people (coordinator, 500)",
            time_calls(scoped, repeat=50),
            time_calls(bare, repeat=50),
            "bare query",
        )
        report(
            "visible_libraries (coordinator)",
            time_calls(lambda: list(visible_libraries(coordinator)), repeat=50),
            time_calls(lambda: list(Library.objects.filter(commune=communes[0])), repeat=50),
            "bare query",
        )
