"""The connection type that storage functions take. Services name it through this alias and never import
sqlite3 themselves: they only hand the connection of `session.read()` / `session.write()` to storage."""

from __future__ import annotations

import sqlite3
from typing import TypeAlias

Connection: TypeAlias = sqlite3.Connection
# What a damaged file raises while storage reads it: `check` reports it instead of failing.
DatabaseError = sqlite3.DatabaseError
