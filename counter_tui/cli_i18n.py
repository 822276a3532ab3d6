"""click's own texts in Bahasa Indonesia: "Usage:", "Options:", "[required]", the version line, and its usage
errors (a missing argument, an unknown option, a bad choice, ...).

click marks every text it prints with gettext (`from gettext import gettext as _` in each of its modules), so
a gettext translation is the natural way in. It cannot be installed through the process-wide `gettext`
domain without changing the language of every other library too (and it would depend on $LANG), so this
module builds one `gettext.NullTranslations` catalogue for click's messages and binds it to the `_` and
`ngettext` names of click's modules. `install()` runs once, when `counter_tui.cli_common` is imported (every
command module imports it first), before any command is declared (click reads some texts, such as the --version help, at declaration time).

A message missing here stays in English: `tests/cli/test_click_indonesian.py` checks that every message
click marks is in this catalogue, so a click upgrade that adds one fails the suite instead of leaking English.
"""

from __future__ import annotations

import gettext
import importlib
import importlib.machinery
import sys
from typing import Any

# msgid (exactly as click writes it) -> Indonesian. Placeholders are kept by name.
MESSAGES: dict[str, str] = {
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "(dynamic)": "(dinamis)",
    "Aborted!": "Dibatalkan.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} menerima {nargs} nilai.",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "Argumen menerima tepat satu deklarasi parameter, diberikan {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "Opsi ya/tidak {decl!r} tidak boleh memakai bendera yang sama untuk ya dan tidak.",
    "Choice({choices})": "Pilihan({choices})",
    "Choose from:\n\t{choices}": "Pilih salah satu:\n\t{choices}",
    "Commands": "Perintah",
    "Confirm the action without prompting.": "Setujui tindakan tanpa ditanya.",
    "Could not determine name for option with declarations {decls!r}": "Nama opsi dengan deklarasi {decls!r} tidak dapat ditentukan",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "Couldn't detect Bash version, shell completion is not supported.": "Versi Bash tidak terdeteksi; pelengkapan perintah tidak didukung.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "Peringatan: perintah {name!r} sudah usang.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "Peringatan: {param_type} {name!r} sudah usang.{extra_message}",
    "Do you want to continue?": "Lanjutkan?",
    "Error: The two entered values do not match.": "Galat: kedua isian tidak sama.",
    "Error: invalid input": "Galat: masukan tidak sah",
    "Error: {message}": "Galat: {message}",
    "Invalid start character for option ({option})": "Karakter awal opsi tidak sah ({option})",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Missing argument": "Argumen wajib belum diberikan:",
    "Missing command.": "Perintah belum diberikan.",
    "Missing option": "Opsi wajib belum diberikan:",
    "Missing parameter": "Parameter wajib belum diberikan:",
    "Missing parameter: {param_name}": "Parameter wajib belum diberikan: {param_name}",
    "Missing {param_type}": "{param_type} wajib belum diberikan:",
    "Name '{name}' defined twice": "Nama '{name}' dideklarasikan dua kali",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "Tidak ada opsi yang dideklarasikan, tetapi sebuah nama diberikan ({name}). Maksudnya argumen? "
    "Atau '--{name}'?",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    "No such option {name!r}.": "Opsi {name!r} tidak ada.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Options": "Opsi",
    "Positional arguments": "Argumen posisi",
    "Press any key to continue...": "Tekan tombol apa saja untuk melanjutkan...",
    "Repeat for confirmation": "Ulangi untuk konfirmasi",
    "Shell completion is not supported for Bash versions older than 4.4.": "Pelengkapan perintah tidak didukung untuk Bash sebelum versi 4.4.",
    "Show the version and exit.": "Tampilkan versi, lalu keluar.",
    "Show this message and exit.": "Tampilkan bantuan ini, lalu keluar.",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Unknown color {colour!r}": "Warna tidak dikenal {colour!r}",
    "Unknown standard stream '{name}'": "Aliran standar tidak dikenal '{name}'",
    "Usage:": "Cara pakai:",
    "Value must be an iterable.": "Nilai harus berupa daftar.",
    "Windows error: {error}": "Galat Windows: {error}",
    "d": "d",
    "default: {default}": "bawaan: {default}",
    "deprecated": "usang",
    "directory": "folder",
    "env var: {var}": "variabel lingkungan: {var}",
    "file": "berkas",
    "path": "jalur",
    "required": "wajib",
    "unknown error": "galat tidak dikenal",
    "{editor}: Editing failed": "{editor}: penyuntingan gagal",
    "{editor}: Editing failed: {e}": "{editor}: penyuntingan gagal: {e}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{value!r} is not a valid UUID.": "{value!r} bukan UUID yang sah.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} bukan nilai ya/tidak yang sah. Nilai yang dikenal: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
}

# (singular, plural) -> (Indonesian for one, for many). Indonesian nouns do not inflect, but the sentences differ.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Maksudnya {possibility}?",
        "(Maksudnya salah satu dari: {possibilities}?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Ada argumen lebih yang tidak diharapkan ({args})",
        "Ada argumen lebih yang tidak diharapkan ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Opsi {name!r} memerlukan nilai.",
        "Opsi {name!r} memerlukan {nargs} nilai.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Menerima {nargs} nilai, tetapi diberikan 1.",
        "Menerima {nargs} nilai, tetapi diberikan {len}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Diperlukan {len_type} nilai, tetapi diberikan {len_value}.",
        "Diperlukan {len_type} nilai, tetapi diberikan {len_value}.",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} tidak sesuai format {format}.",
        "{value!r} tidak sesuai format {formats}.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} bukan {choice}.",
        "{value!r} bukan salah satu dari {choices}.",
    ),
}

# The `_`/`ngettext` names to rebind, module by module (the Windows console module imports only on Windows).
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
    "click.shell_completion",
    "click._termui_impl",
    *(("click._winconsole",) if sys.platform == "win32" else ()),
)
# click imports these itself only when needed (shell completion; prompts, pagers, progress bars): they are
# translated when that import happens, so every command does not pay for them (and for shlex, termios, tty).
LAZY_MODULES = frozenset({"click.shell_completion", "click._termui_impl", "click._winconsole"})


class ClickIndonesian(gettext.NullTranslations):
    """A gettext catalogue held in Python: no .mo file to build or ship."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        translated = PLURALS.get((msgid1, msgid2))
        if translated is None:
            return msgid1 if n == 1 else msgid2
        return translated[0] if n == 1 else translated[1]


TRANSLATION = ClickIndonesian()


def _translate(module: Any) -> None:
    if hasattr(module, "_"):
        module._ = TRANSLATION.gettext
    if hasattr(module, "ngettext"):
        module.ngettext = TRANSLATION.ngettext


class _TranslateOnImport:
    """A meta path finder for the lazy click modules: finds them as usual, translates them once loaded."""

    def __init__(self, names: set[str]) -> None:
        self.pending = names

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in self.pending:
            return None
        self.pending.discard(name)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module

        def exec_module(module: Any) -> None:
            original(module)
            _translate(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    pending = set()
    for name in CLICK_MODULES:
        if name in LAZY_MODULES and name not in sys.modules:
            pending.add(name)
            continue
        _translate(importlib.import_module(name))
    if pending and not any(isinstance(finder, _TranslateOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _TranslateOnImport(pending))
