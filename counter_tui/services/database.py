"""The database handle of a front end: the TUI's DB thread and each CLI command open one here and build their
Session on it. The TUI and the CLI never import `counter_tui.storage`; this module is their one door to it."""

from __future__ import annotations

from counter_tui.storage.db import Database, check_path, open_database
from counter_tui.storage.errors import DatabaseMissing, StorageError, shown_path

__all__ = ["Database", "DatabaseMissing", "StorageError", "check_path", "open_database", "shown_path"]
