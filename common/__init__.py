"""Cross-cutting utilities below every app (layer 0): PDF rendering and QR codes.

Not a Django app: plain functions with no models, importable by any app.
"""
