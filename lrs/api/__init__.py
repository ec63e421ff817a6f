"""The xAPI HTTP resources of the LRS (mounted at /xapi/).

`endpoint.py` runs every request through the same pipeline (CORS preflight, alternate
request syntax, method, version header, authentication, CSRF for session writes, error
mapping, response headers); `statements.py`, `documents.py` and `resources.py` hold the
resource handlers; `compat.py` is the one place where behaviour depends on the xAPI
version of the request.
"""

# (Named `api`, not `http`: from inside lrs/, as `makemessages` runs, a package called
# `http` would shadow the standard library's.)
