"""Fixtures for this suite: the ready office database comes from a session template (see tests/ready_template.py)."""

from tests.ready_template import ready_db_path, ready_template

__all__ = ["ready_db_path", "ready_template"]
