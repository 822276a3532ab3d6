"""Every audit action the code writes has a label in Bahasa Indonesia: the supervisor's audit log showed
"stock.receipt", "case.search", "recording.status" as raw English codes (QA walk)."""

from __future__ import annotations

import re
from pathlib import Path

from counter_tui.domain.audit_labels import AUDIT_ACTION_LABELS, audit_action_label
from counter_tui.domain.queue import Action
from counter_tui.domain.stock import MovementKind

PACKAGE = Path(__file__).resolve().parents[2] / "counter_tui"
# audit.append(conn, actor, "the.action", ...): the literal third argument.
LITERAL_ACTION = re.compile(r'append\(\s*conn,\s*[^,]+,\s*"([a-z_]+(?:\.[a-z_]+)?)"')


def written_actions() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        found.update(LITERAL_ACTION.findall(path.read_text(encoding="utf-8")))
    # Built from enums: f"stock.{kind.value}" (services/stock.py), f"ticket.{action.value}" (counter_actions).
    found |= {f"stock.{kind.value}" for kind in MovementKind}
    found |= {f"ticket.{action.value}" for action in Action}
    found |= {"override.failed", "login.failed"}  # chosen in a variable (services/accounts.py)
    return found


def test_the_scan_finds_the_actions() -> None:
    actions = written_actions()
    assert {"case.search", "stock.receipt", "recording.status", "ticket.call", "logout"} <= actions


def test_every_written_action_has_an_indonesian_label() -> None:
    missing = sorted(action for action in written_actions() if action not in AUDIT_ACTION_LABELS)
    assert missing == []
    assert audit_action_label("stock.receipt") == "Blanko diterima"
    assert audit_action_label("no.such_action") == "no.such_action"  # a newer release's code stays visible
