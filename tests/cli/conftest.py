"""Fixtures for the CLI tests: a CliRunner, and the ready office database from a session template."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.ready_template import ready_db_path, ready_template

__all__ = ["ready_db_path", "ready_template", "runner"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
