"""Log audit: the latest audit rows, newest first, with the action in the office's words; Enter shows one row
in full. Read-only: the log cannot be changed from anywhere."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from counter_tui.domain.audit_labels import audit_action_label
from counter_tui.domain.clock import wib_text
from counter_tui.services import account_admin
from counter_tui.tui.dialogs.audit import AuditRowDialog
from counter_tui.tui.screens.base import BaseScreen

AUDIT_LIMIT = 100


def details_text(details: str) -> str:
    """The JSON details as `key: value` pairs (the stored text never holds a full NIK)."""
    if not details or details == "{}":
        return "-"
    try:
        parsed = json.loads(details)
    except ValueError:
        return details
    if not isinstance(parsed, dict):
        return details
    return ", ".join(f"{key}: {value}" for key, value in parsed.items())


class AuditLogScreen(BaseScreen):
    BINDINGS = [
        Binding("f5", "reload", "Muat ulang", id="audit.reload"),
        Binding("escape", "back", "Kembali", id="audit.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Any] = {}  # AuditRow by id (screens do not import storage)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="audit"):
            yield Static(
                Text(
                    f"Log audit: {AUDIT_LIMIT} baris terakhir (waktu WIB) · Enter: rincian lengkap",
                    style="bold",
                ),
                classes="screen-title",
            )
            yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    async def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        for label, key in (
            ("No", "id"),
            ("Waktu (WIB)", "at"),
            ("Petugas", "operator"),
            ("Loket", "counter"),
            ("Tindakan", "action"),
            ("Objek", "object"),
            ("Rincian", "details"),
        ):
            table.add_column(label, key=key)
        table.focus()
        await self.reload()

    async def refresh_data(self) -> None:
        await self.reload()

    async def action_reload(self) -> None:
        await self.reload()

    def action_back(self) -> None:
        self.dismiss()

    async def reload(self) -> None:
        rows = await self.call(account_admin.recent_audit, AUDIT_LIMIT)
        if rows is None:
            return
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        self.rows = {}
        for row in rows:
            self.rows[str(row.id)] = row
            table.add_row(
                Text(str(row.id)),
                Text(wib_text(row.at)),
                Text(row.operator_code or "-"),
                Text("-" if row.counter is None else str(row.counter)),
                Text(audit_action_label(row.action)),
                Text(row.object or "-"),
                Text(details_text(row.details)),
                key=str(row.id),
            )

    @on(DataTable.RowSelected, "#audit-table")
    def _show_row(self, event: DataTable.RowSelected) -> None:
        row = self.rows.get(event.row_key.value or "")
        if row is None:
            return
        fields = [
            ("No", str(row.id)),
            ("Waktu (WIB)", wib_text(row.at)),
            ("Petugas", row.operator_code or "-"),
            ("Loket", "-" if row.counter is None else str(row.counter)),
            ("Tindakan", f"{audit_action_label(row.action)} ({row.action})"),
            ("Objek", row.object or "-"),
            ("Rincian", details_text(row.details)),
        ]
        self.app.push_screen(AuditRowDialog(fields))
