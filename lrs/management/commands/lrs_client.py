"""`manage.py lrs_client create NAME [--scope …]`, `lrs_client list`, `lrs_client revoke KEY`.

HTTP Basic credentials for external xAPI clients (authoring tools, the conformance suite,
another LRS). The secret is printed once at creation and only its digest is stored.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lrs.models import LrsClient
from lrs.services import lrs_client_create, lrs_client_revoke


class Command(BaseCommand):
    help = "Create, list or revoke the HTTP Basic credentials of xAPI clients."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a client and print its key and secret.")
        create.add_argument("name")
        create.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            default=[],
            choices=LrsClient.Scope.values,
            help="A scope (repeatable); default: statements/write and statements/read/mine.",
        )
        actions.add_parser("list", help="List the clients.")
        revoke = actions.add_parser("revoke", help="Revoke a client by its key.")
        revoke.add_argument("key")

    def handle(self, *args, action: str, **options):
        if action == "create":
            self._create(options["name"], options["scopes"])
        elif action == "list":
            self._list()
        else:
            self._revoke(options["key"])

    def _create(self, name: str, scopes: list[str]) -> None:
        try:
            issued = lrs_client_create(name=name, scopes=scopes)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        client = issued.client
        self.stdout.write(_("Client “%(name)s” created.") % {"name": client.name})
        self.stdout.write(f"key: {client.key}")
        self.stdout.write(f"secret: {issued.secret}")
        self.stdout.write(f"scopes: {', '.join(client.scopes)}")
        self.stdout.write(_("The secret is shown only now: keep it safe."))

    def _list(self) -> None:
        clients = LrsClient.objects.order_by("name", "pk")
        if not clients:
            self.stdout.write(_("No LRS client."))
        for client in clients:
            state = _("active") if client.is_active else _("revoked")
            self.stdout.write(f"{client.key}  {client.name}  [{', '.join(client.scopes)}]  {state}")

    def _revoke(self, key: str) -> None:
        client = LrsClient.objects.filter(key=key).first()
        if client is None:
            raise CommandError(_("No LRS client with the key %(key)s.") % {"key": key})
        lrs_client_revoke(client=client)
        self.stdout.write(_("Client “%(name)s” revoked.") % {"name": client.name})
