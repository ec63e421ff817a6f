"""Demo data for organizations: the 95 communes, libraries, one user per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from accounts.demo import DemoLog
from organizations.models import Commune, Library, Membership
from organizations.services import communes_load

Role = Membership.Role
M, A = Library.Kind.MUNICIPAL, Library.Kind.ASSOCIATIVE

# (INSEE code, library name, kind): 20 libraries in 12 communes, for the demo only.
DEMO_LIBRARIES = [
    ("59350", "Médiathèque Jean Lévy", M),
    ("59350", "Médiathèque de Lille-Sud", M),
    ("59350", "Médiathèque de Wazemmes", M),
    ("59350", "Bibliothèque associative du Vieux-Lille", A),
    ("59512", "Médiathèque La Grand-Plage", M),
    ("59512", "Bibliothèque associative de l'Épeule", A),
    ("59599", "Médiathèque André Malraux", M),
    ("59599", "Médiathèque de la Bourgogne", M),
    ("59009", "Médiathèque Till l'Espiègle", M),
    ("59009", "Bibliothèque associative du Triolo", A),
    ("59650", "Médiathèque de Wattrelos", M),
    ("59378", "Médiathèque La Corderie", M),
    ("59328", "Médiathèque de Lambersart", M),
    ("59017", "Médiathèque L'Albatros", M),
    ("59560", "Médiathèque de Seclin", M),
    ("59560", "Bibliothèque associative du Burgault", A),
    ("59360", "Médiathèque de Loos", M),
    ("59163", "Médiathèque de Croix", M),
    ("59279", "Médiathèque d'Halluin", M),
    ("59279", "Bibliothèque associative des Baraques", A),
]


@dataclass(frozen=True)
class DemoUser:
    """A demo account: its e-mail, password, name, role and place."""

    email: str
    password: str
    first_name: str
    last_name: str
    role: str
    library: str | None = None
    insee_code: str | None = None
    is_superuser: bool = False


# The passwords are public on purpose: they are printed by seed_demo and in the README.
DEMO_USERS = [
    DemoUser(
        "admin@demo.example.org",
        "demo-admin",
        "Alex",
        "Admin",
        Role.NETWORK_TEAM,
        is_superuser=True,
    ),
    DemoUser("reseau@demo.example.org", "demo-reseau", "Nadia", "Réseau", Role.NETWORK_TEAM),
    DemoUser(
        "coordination@demo.example.org",
        "demo-coordination",
        "Karim",
        "Roubaix",
        Role.COMMUNE_COORDINATOR,
        insee_code="59512",
    ),
    DemoUser(
        "responsable@demo.example.org",
        "demo-responsable",
        "Claire",
        "Lévy",
        Role.LIBRARY_HEAD,
        library="Médiathèque Jean Lévy",
    ),
    DemoUser(
        "formatrice@demo.example.org",
        "demo-formatrice",
        "Sophie",
        "Formatrice",
        Role.TRAINER,
        library="Médiathèque Jean Lévy",
    ),
    DemoUser(
        "agent@demo.example.org",
        "demo-agent",
        "Julien",
        "Agent",
        Role.AGENT,
        library="Médiathèque Jean Lévy",
    ),
]


def seed(log: DemoLog) -> None:
    """Create the communes, the demo libraries and one user per role."""
    count = communes_load()
    log(f"{count} communes")
    for code, name, kind in DEMO_LIBRARIES:
        Library.objects.update_or_create(
            commune=Commune.objects.get(insee_code=code), name=name, defaults={"kind": kind}
        )
    log(f"{len(DEMO_LIBRARIES)} demo libraries")
    for demo in DEMO_USERS:
        demo_user_ensure(demo)
        log(f"  {demo.role:<20} {demo.email:<34} password: {demo.password}")


def demo_user_ensure(demo: DemoUser) -> AbstractBaseUser:
    """Create or refresh one demo user and their membership."""
    user_model = get_user_model()
    user = user_model.objects.filter(email=demo.email).first()
    if user is None:
        user = user_model.objects.create_user(demo.email, demo.password)
    user.first_name, user.last_name = demo.first_name, demo.last_name
    user.is_superuser = user.is_staff = demo.is_superuser
    user.set_password(demo.password)
    user.save()
    library = Library.objects.get(name=demo.library) if demo.library else None
    commune = Commune.objects.get(insee_code=demo.insee_code) if demo.insee_code else None
    Membership.objects.get_or_create(user=user, role=demo.role, library=library, commune=commune)
    return user
