"""The UNMIK 2025/26 budget seed, its drivers and their calibration, shared by the tests."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest

from rbb.costing import (
    Calibration,
    DriverSet,
    Published,
    calibrate,
    drivers_from_document,
    published_figures,
)
from rbb.model import Document
from tests.conftest import BUDGET_SEED, imported


@dataclass(frozen=True)
class Unmik:
    document: Document
    drivers: DriverSet
    """As the report prints them (no standard costs yet)."""
    published: Published
    calibration: Calibration

    @property
    def calibrated(self) -> DriverSet:
        return self.calibration.drivers


@cache
def _unmik() -> Unmik:
    document = imported(BUDGET_SEED).document
    assert document is not None
    drivers = drivers_from_document(document)
    published = published_figures(document)
    return Unmik(document, drivers, published, calibrate(drivers, published))


@pytest.fixture
def unmik() -> Unmik:
    return _unmik()
