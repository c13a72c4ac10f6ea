"""The web app: server-rendered pages and the REST API over the store."""

from .app import create_app, tune_for_serving

__all__ = ["create_app", "tune_for_serving"]
