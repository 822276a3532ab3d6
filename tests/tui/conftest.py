"""Every test here drives the whole app with Pilot (one to twelve seconds each on a shared 2-core machine): they
are all marked `slow`, so `make test-fast` skips them and `make test` (and CI) runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.slow)
