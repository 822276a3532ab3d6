"""Where the data lives: the database, its pepper file, exports and config. Nothing touches the disk at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "counter-tui"
ENV_DB = "COUNTER_TUI_DB"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return default_data_dir() / "counter.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None) -> Path:
    """--db wins, then $COUNTER_TUI_DB, then the per-user default."""
    if explicit is not None:
        if not str(explicit).strip():
            from counter_tui.domain.errors import ValidationError

            raise ValidationError(
                "--db diberi jalur kosong. Sebutkan berkas basis data, atau jangan pakai --db."
            )
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DB)
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def pepper_path(db_path: Path) -> Path:
    """The pepper key sits beside the database, in its own 0600 file."""
    return db_path.with_name(db_path.name + ".pepper")


def head_path(db_path: Path) -> Path:
    """The audit chain head, kept outside the database so a database edit cannot reach it."""
    return db_path.with_name(db_path.name + ".head")


def damage_marker_path(db_path: Path) -> Path:
    """Written when SQLite reports corruption: every process stops writing until `restore` (or a clean `check`)."""
    return db_path.with_name(db_path.name + ".damaged")


def export_dir(db_path: Path) -> Path:
    return db_path.parent / "exports"


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def keymap_path() -> Path:
    """The office's key remapping for the screens (see README, "Tombol sendiri"): binding id = key."""
    return config_dir() / "keymap.toml"


def prepare_database_dir(db_path: Path) -> None:
    """The folder of a database about to be created: the per-user default folder is created private (0700);
    any other folder must exist already (open_database refuses a missing one with a sentence).

    The one rule for `init` and the TUI's first run."""
    if Path(db_path) == default_db_path():
        ensure_private_dir(Path(db_path).parent)


def ensure_private_dir(directory: Path) -> None:
    """Create a directory readable by its owner only (0700). Permissions are best effort on Windows."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(directory, 0o700)
