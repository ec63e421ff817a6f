"""`manage.py certificates_signing_key`: print a new Ed25519 key for CERTIFICATES_SIGNING_KEY."""

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand

from certificates.signing import private_key_pem


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 private key, base64-encoded PEM, to put in the "
        "CERTIFICATES_SIGNING_KEY environment variable (keep it secret; changing it "
        "invalidates the signatures of the Open Badges already downloaded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pem", action="store_true", help="print the PEM instead")

    def handle(self, *args, **options):
        pem = private_key_pem(Ed25519PrivateKey.generate())
        if options["pem"]:
            self.stdout.write(pem)
        else:
            self.stdout.write(base64.b64encode(pem.encode("ascii")).decode("ascii"))
