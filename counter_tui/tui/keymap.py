"""An office's own keys: `keymap.toml` in the config directory (`counter-tui locate` prints the path) maps
binding ids to keys, applied with Textual's keymap support (`App.set_keymap`).

    # keymap.toml
    [keymap]
    call_next = "f12"        # Loket: panggil berikutnya
    no_show = "ctrl+t"       # Loket: tidak hadir
    issue_a = "f2,a"         # Ambil Antrian: layanan A (several keys, comma-separated)

Only the ids in REMAPPABLE are accepted: the counter's and the front desk's actions (their ids are in the
README). A file that cannot be read, an unknown id or a key that is not text is reported in one sentence at
start, and the default keys stay; the app never refuses to start because of this file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Binding id -> what it does, as the README lists them.
REMAPPABLE: dict[str, str] = {
    "call_next": "Loket: panggil berikutnya",
    "recall": "Loket: panggil ulang",
    "start_serving": "Loket: mulai melayani",
    "no_show": "Loket: tidak hadir",
    "transfer": "Loket: alihkan layanan",
    "park": "Loket: tunda / lanjutkan",
    "finish": "Loket: selesai",
    "requeue_no_show": "Loket: kembalikan tiket tidak hadir",
    "page_previous": "Loket: halaman sebelumnya",
    "page_next": "Loket: halaman berikut",
    **{f"issue_{code.lower()}": f"Ambil Antrian: layanan {code}" for code in "ABCDE"},
    "cycle_priority": "Ambil Antrian: ganti prioritas",
    "focus_nik": "Ambil Antrian: kolom NIK",
    "correct_ticket": "Ambil Antrian: batalkan / cetak ulang",
}

_KEY = re.compile(r"[a-z0-9_+]+(,[a-z0-9_+]+)*")


@dataclass(frozen=True, slots=True)
class KeymapFile:
    keymap: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def message(self, path: Path) -> str | None:
        """One sentence for the operator, or None when the file was read cleanly (or is absent)."""
        if not self.problems:
            return None
        return f"Peta tombol {path}: {'; '.join(self.problems)}. Tombol lainnya tetap bawaan."


def load_keymap(path: Path) -> KeymapFile:
    if not path.exists():
        return KeymapFile()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return KeymapFile(
            problems=(f"tidak dapat dibaca ({type(error).__name__}), semua tombol tetap bawaan",)
        )
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return KeymapFile(problems=('bagian [keymap] harus berisi id = "tombol"',))
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in REMAPPABLE:
            problems.append(f"id '{binding_id}' tidak dikenal")
            continue
        text = keys.strip().lower().replace(" ", "") if isinstance(keys, str) else ""
        if not _KEY.fullmatch(text):
            problems.append(f"tombol untuk '{binding_id}' tidak sah")
            continue
        keymap[binding_id] = text
    return KeymapFile(keymap, tuple(problems))
