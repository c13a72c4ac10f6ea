"""Identity as printed: with ``printed_only`` the register of missions knows none, so
that a test reads the code and name the text prints whatever the register holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rbb.importers import identity


@pytest.fixture(scope="module")
def printed_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(identity, "mission_for_code", lambda code, **_: None)
        patch.setattr(identity, "mission_for_name", lambda text, **_: None)
        yield
