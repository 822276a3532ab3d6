"""A missing database is told in one sentence, wherever it is noticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_tui.storage.db import open_database
from counter_tui.storage.errors import DatabaseMissing
from tests.cli.helpers import invoke


@pytest.mark.parametrize("command", ["board", "queue"])
def test_the_missing_database_sentence_is_one(runner, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(DatabaseMissing) as opened:
        open_database(missing)
    assert opened.value.message == DatabaseMissing.at(missing).message
    result = invoke(runner, command, "--db", missing)
    assert result.exit_code != 0
    assert opened.value.message in " ".join(result.stderr.split())
