"""Recognise what a text is: its kind, mission, period, symbol, date, session and
agenda item (the reading itself is ``rbb.importers.identity``)."""

from __future__ import annotations

from .identity import REPORT, DocumentMeta, detect, looks_like_resolution, names_a_period

__all__ = ["REPORT", "DocumentMeta", "detect", "looks_like_resolution", "names_a_period"]
