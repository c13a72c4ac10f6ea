"""The web app: server-rendered pages and the REST API over the store."""

from .app import PROXY_HEADERS, create_app, tune_for_serving
from .settings import WebSettings

__all__ = ["PROXY_HEADERS", "WebSettings", "create_app", "tune_for_serving"]
