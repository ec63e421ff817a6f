"""`manage.py certificates_signing_key`: a new Ed25519 key, or the current key's public part."""

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand

from certificates.signing import private_key_pem, public_jwk, public_key


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 private key, base64-encoded PEM, to put in the "
        "CERTIFICATES_SIGNING_KEY environment variable (keep it secret). To rotate keys, "
        "first add the current key's public part (--public) to CERTIFICATES_RETIRED_KEYS, "
        "so that the Open Badges it signed keep verifying."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pem", action="store_true", help="print the PEM instead")
        parser.add_argument(
            "--public",
            action="store_true",
            help="print the public part of the configured key (for CERTIFICATES_RETIRED_KEYS)",
        )

    def handle(self, *args, **options):
        if options["public"]:
            self.stdout.write(public_jwk(public_key())["x"])
            return
        pem = private_key_pem(Ed25519PrivateKey.generate())
        if options["pem"]:
            self.stdout.write(pem)
        else:
            self.stdout.write(base64.b64encode(pem.encode("ascii")).decode("ascii"))
