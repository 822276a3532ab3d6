"""Petugas: the supervisor's operator list (add, deactivate/activate, reset PIN, unlock, idle-lock minutes);
F7 opens the audit log (`audit_log.py`).

Every change goes through `counter_tui.services.accounts`, which checks the supervisor role and writes the audit log;
this screen only shows the result.
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import RowDoesNotExist

from counter_tui.domain.accounts import Operator
from counter_tui.services import account_admin, idle_lock
from counter_tui.tui.dialogs.accounts import AddOperatorDialog, IdleMinutesDialog, ResetPinDialog
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.screens.audit_log import AuditLogScreen
from counter_tui.tui.screens.base import BaseScreen, Refused
from counter_tui.tui.widgets.forms import ErrorLine


def operator_cells(operator: Operator) -> tuple[Text, ...]:
    """One table row; every cell a Text, so a name like "AHMAD [/]" is shown as typed, never parsed as markup.
    The name comes last: a long one runs off the right edge (the table scrolls sideways) instead of pushing
    the role and status out of sight."""
    return (
        Text(operator.code, style="bold"),
        Text(operator.role.label),
        Text("Aktif", style="green") if operator.active else Text("Nonaktif", style="dim"),
        Text("Terkunci", style="bold red") if operator.locked else Text("-"),
        Text(str(operator.failed_attempts), style="bold red" if operator.failed_attempts else ""),
        Text(operator.full_name),
    )


class OperatorsScreen(BaseScreen):
    """The operator list. Actions apply to the highlighted row."""

    BINDINGS = [
        Binding("f2", "add_operator", "Tambah", id="operators.add"),
        Binding(
            "f3",
            "toggle_active",
            "Aktif/Non",
            tooltip="Aktifkan atau nonaktifkan",
            id="operators.toggle_active",
        ),
        Binding("f4", "reset_pin", "PIN", tooltip="Atur ulang PIN", id="operators.reset_pin"),
        Binding("f5", "unlock", "Buka kunci", id="operators.unlock"),
        # Named in the settings line above the table instead: the footer must fit 80 columns.
        Binding("f6", "idle_minutes", "Kunci layar", show=False, id="operators.idle_minutes"),
        Binding("f7", "audit_log", "Log audit", id="operators.audit_log"),
        Binding("escape", "back", "Kembali", id="operators.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.operators: dict[str, Operator] = {}
        self.idle_minutes: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="operators"):
            yield Static(Text("Petugas", style="bold"), classes="screen-title")
            yield Static("", id="operators-settings", classes="hint")
            yield DataTable(id="operators-table", cursor_type="row", zebra_stripes=True)
            # The highlighted operator in full: a long name runs off the table's right edge.
            yield Static("", id="operators-selected")
            yield ErrorLine(id="operators-error")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        table = self.query_one("#operators-table", DataTable)
        table.add_column("Kode", key="code")
        table.add_column("Peran", key="role")
        table.add_column("Status", key="active")
        table.add_column("Kunci", key="locked")
        table.add_column("PIN salah", key="failed")
        table.add_column("Nama lengkap", key="name")
        table.focus()
        await self.reload()

    async def refresh_data(self) -> None:
        await self.reload()

    async def change(self, fn, *args, **kwargs):
        """A change to the highlighted operator: the refusal shows inline under the table."""
        result = await self.attempt(fn, *args, **kwargs)
        if isinstance(result, Refused):
            self.query_one("#operators-error", ErrorLine).show(result.message)
            return None
        return result

    def on_data_table_row_highlighted(self) -> None:
        # A refusal is about the row it was given for; moving on clears it.
        self.query_one("#operators-error", ErrorLine).clear()
        self.show_selected()

    def show_selected(self) -> None:
        code = self.selected_code()
        operator = self.operators.get(code or "")
        line = Text()
        if operator is not None:
            line.append("Dipilih: ", style="bold")
            line.append(f"{operator.code} · {operator.full_name} · {operator.role.label}")
            line.append("  (←/→ menggeser tabel)", style="dim")
        self.query_one("#operators-selected", Static).update(line)

    async def reload(self, select_code: str | None = None) -> None:
        operators = await self.change(account_admin.list_operators)
        minutes = await self.change(idle_lock.idle_lock_minutes)
        if operators is None:
            return
        table = self.query_one("#operators-table", DataTable)
        keep = select_code or self.selected_code()
        table.clear()
        self.operators = {operator.code: operator for operator in operators}
        for operator in operators:
            table.add_row(*operator_cells(operator), key=operator.code)
        if keep is not None:
            with contextlib.suppress(RowDoesNotExist):
                table.move_cursor(row=table.get_row_index(keep))
        self.show_selected()
        if minutes is not None:
            self.idle_minutes = minutes
            self.query_one("#operators-settings", Static).update(
                Text(f"Kunci layar otomatis setelah {minutes} menit tanpa aktivitas (F6 untuk mengubah).")
            )

    def selected_code(self) -> str | None:
        table = self.query_one("#operators-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def selected(self) -> Operator | None:
        code = self.selected_code()
        if code is None or code not in self.operators:
            self.app.notify("Pilih petugas di tabel terlebih dahulu.", severity="warning")
            return None
        return self.operators[code]

    # -- actions --------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_add_operator(self) -> None:
        self.app.push_screen(AddOperatorDialog(), self._operator_changed)

    def action_reset_pin(self) -> None:
        operator = self.selected()
        if operator is not None:
            self.app.push_screen(ResetPinDialog(operator), self._operator_changed)

    async def _operator_changed(self, operator: Operator | None) -> None:
        if operator is None:
            return
        await self.reload(select_code=operator.code)
        self.app.notify(f"Data petugas {operator.code} disimpan.", markup=False)

    async def action_toggle_active(self) -> None:
        operator = self.selected()
        if operator is None:
            return
        if operator.active:
            question = (
                f"Nonaktifkan petugas {operator.full_name} ({operator.code})? "
                "Petugas ini tidak bisa masuk lagi sampai diaktifkan kembali."
            )

            async def confirmed(yes: bool | None) -> None:
                if yes:
                    await self._set_active(operator, False)

            self.app.push_screen(ConfirmDialog(question, "Nonaktifkan"), confirmed)
        else:
            await self._set_active(operator, True)

    async def _set_active(self, operator: Operator, active: bool) -> None:
        updated = await self.change(account_admin.set_operator_active, operator.code, active)
        if updated is not None:
            state = "diaktifkan" if active else "dinonaktifkan"
            self.app.notify(f"Petugas {updated.code} {state}.", markup=False)
            await self.reload(select_code=updated.code)

    async def action_unlock(self) -> None:
        operator = self.selected()
        if operator is None:
            return
        updated = await self.change(account_admin.unlock_operator, operator.code)
        if updated is not None:
            self.app.notify(f"Kunci akun {updated.code} dibuka.", markup=False)
            await self.reload(select_code=updated.code)

    def action_idle_minutes(self) -> None:
        async def saved(minutes: int | None) -> None:
            if minutes is None:
                return
            # This session follows the new setting at once; other counters take it at their next login.
            if self.app.idle_minutes_override is None:
                self.app.idle_minutes = minutes
            await self.reload()
            self.app.notify(f"Kunci layar otomatis diatur ke {minutes} menit.")

        self.app.push_screen(IdleMinutesDialog(self.idle_minutes or 10), saved)

    def action_audit_log(self) -> None:
        self.app.push_screen(AuditLogScreen())
