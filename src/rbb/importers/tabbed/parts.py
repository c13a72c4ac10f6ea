"""The pieces of a document as the section readers find them (shared by both shapes)."""

from __future__ import annotations

from ..parts import Parts

__all__ = ["Parts"]
