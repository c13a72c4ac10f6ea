"""The web app: server-rendered pages over the store (and later the REST API)."""

from .app import create_app

__all__ = ["create_app"]
