"""The rules behind issue 8's screens, on a real database: one control-character rule for every text field,
refusals instead of silent truncation, fullwidth NIK digits, cancel and reprint a ticket, the transfer's call
count, the "Lainnya" note, today's no-shows, and the board without no-shows."""

from __future__ import annotations

import json

import pytest

from counter_tui.domain.accounts import normalize_code, normalize_full_name, parse_counter
from counter_tui.domain.errors import Conflict, PermissionDenied, PinRejected, ValidationError
from counter_tui.domain.nik import normalize_nik_text
from counter_tui.domain.pins import check_new_pin
from counter_tui.domain.queue import Outcome, TicketStatus
from counter_tui.domain.text import clean_text
from counter_tui.services import (
    accounts,
    counter_actions,
    counter_transfers,
    queue_config,
    queue_views,
    tickets,
)
from counter_tui.services.office_setup import SetupRequest, setup_office
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from tests.conftest import OPERATOR_CODE, OPERATOR_PIN

CONTROL = [
    "Budi\x1b[31mMerah",
    "Budi\tSantoso",
    "Budi\x07",
    "Budi\nSantoso",
    "Budi\x7f",
    "Budi\x9bX",
    # what a terminal's pasted ESC reaches a Textual Input as (see domain/text.py)
    "^[31mMerahBudi",
    "^]0;XBudi",
]


# -- text -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", CONTROL)
def test_control_characters_are_refused_never_stripped(text: str) -> None:
    with pytest.raises(ValidationError, match="karakter kendali"):
        normalize_full_name(text)
    with pytest.raises(ValidationError, match="karakter kendali"):
        clean_text(text, "Alasan", max_length=120)


@pytest.mark.parametrize("code", ["SPV\x1b1", "SPV\t1"])
def test_control_characters_in_a_code_get_the_same_sentence(code: str) -> None:
    with pytest.raises(ValidationError, match="Kode petugas berisi karakter kendali"):
        normalize_code(code)


def test_over_long_values_are_refused_with_their_length() -> None:
    with pytest.raises(ValidationError, match="terlalu panjang: 21 karakter, maksimal 20"):
        normalize_code("A" * 21)
    with pytest.raises(ValidationError, match="terlalu panjang: 101 karakter, maksimal 100"):
        normalize_full_name("B" * 101)
    assert normalize_full_name("  Siti   Aminah ") == "Siti Aminah"


@pytest.mark.parametrize(("value", "message"), [("", "wajib diisi"), ("100", "0-99"), ("1a", "0-99")])
def test_counter_numbers_out_of_range_or_empty_are_refused(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_counter(value)


def test_only_refused_pins_are_pin_rejections() -> None:
    with pytest.raises(PinRejected):
        check_new_pin("482913", "482914")
    with pytest.raises(PinRejected):
        check_new_pin("123456", "123456")


def test_fullwidth_nik_digits_are_read_as_digits() -> None:
    assert normalize_nik_text("６２０２ ０１４５ ０７０６ ０００１") == "6202014507060001"


def test_the_cli_and_the_tui_share_the_rule_for_the_office_name(db_path, clock) -> None:
    db = open_database(db_path, create=True)
    try:
        with pytest.raises(ValidationError, match="Nama kantor berisi karakter kendali"):
            setup_office(
                Session(db, clock=clock),
                SetupRequest("Kantor\x1b[2J", "62.02", "SPV1", "Agus", "482913", "482913"),
            )
    finally:
        db.close()


def test_a_service_name_and_a_special_day_reason_refuse_control_characters(db, supervisor, clock) -> None:
    session = Session(db, supervisor, clock)
    with pytest.raises(ValidationError, match="Nama layanan berisi karakter kendali"):
        queue_config.update_service(session, "A", name="Perekaman\x1b[5m")
    with pytest.raises(ValidationError, match="Alasan hari khusus berisi karakter kendali"):
        queue_config.set_special_day(session, "2026-12-25", None, None, "Natal\x07")
    assert queue_config.list_services(session)[0].name == "Perekaman KTP-el (baru/pemula)"


# -- tickets ---------------------------------------------------------------------------------------
def audit_rows(db, action: str) -> list[tuple[str, str]]:
    rows = db.conn.execute(
        "SELECT operator_code, details FROM audit_log WHERE action = ? ORDER BY id", (action,)
    )
    return [(row[0], row[1]) for row in rows]


def test_the_issuing_desk_cancels_its_ticket_and_it_is_never_called(db, front_desk, operator, clock) -> None:
    desk = Session(db, front_desk, clock)
    issued = tickets.issue_ticket(desk, "A").ticket
    cancelled = tickets.cancel_ticket(desk, issued.label)
    assert cancelled.status is TicketStatus.CLOSED
    assert cancelled.outcome is Outcome.DIBATALKAN
    assert audit_rows(db, "ticket.cancel") == [(front_desk.code, "{}")]
    with pytest.raises(Exception, match="Tidak ada antrian menunggu"):
        counter_actions.call_next(Session(db, operator, clock), ["A"])


def test_another_operator_may_not_cancel_or_reprint_but_a_supervisor_may(
    db, front_desk, supervisor, clock
) -> None:
    issued = tickets.issue_ticket(Session(db, front_desk, clock), "A").ticket
    someone = accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 0)
    for use_case in (tickets.cancel_ticket, tickets.reprint_ticket):
        with pytest.raises(PermissionDenied, match=f"diterbitkan oleh {front_desk.code}"):
            use_case(Session(db, someone, clock), issued.label)
    again = tickets.reprint_ticket(Session(db, supervisor, clock), issued.label)
    assert again.ticket.label == issued.label
    assert again.position == 1
    assert audit_rows(db, "ticket.reprint") == [(supervisor.code, "{}")]
    tickets.cancel_ticket(Session(db, supervisor, clock), issued.label)
    assert audit_rows(db, "ticket.cancel") == [(supervisor.code, "{}")]


def test_a_called_ticket_cannot_be_cancelled_or_reprinted(db, front_desk, operator, clock) -> None:
    desk = Session(db, front_desk, clock)
    issued = tickets.issue_ticket(desk, "A").ticket
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    with pytest.raises(Conflict, match="masih menunggu"):
        tickets.cancel_ticket(desk, issued.label)
    with pytest.raises(Conflict, match="tidak dicetak ulang"):
        tickets.reprint_ticket(desk, issued.label)
    assert audit_rows(db, "ticket.cancel") == []


# -- counter ---------------------------------------------------------------------------------------
def test_a_transferred_tickets_first_call_at_the_new_service_is_a_first_call(
    db, front_desk, operator, operator2, clock
) -> None:
    tickets.issue_ticket(Session(db, front_desk, clock), "A")
    first = Session(db, operator, clock)
    counter_actions.call_next(first, ["A"])
    counter_actions.recall(first)
    moved = counter_transfers.transfer(first, "B")
    assert moved.call_count == 0
    called = counter_actions.call_next(Session(db, operator2, clock), ["B"])
    assert called.label == "A-001"
    assert called.call_count == 1


def test_lainnya_needs_a_short_note_which_the_audit_keeps(db, front_desk, operator, clock) -> None:
    tickets.issue_ticket(Session(db, front_desk, clock), "A")
    counter = Session(db, operator, clock)
    counter_actions.call_next(counter, ["A"])
    with pytest.raises(ValidationError, match="Catatan untuk hasil 'Lainnya' wajib diisi"):
        counter_actions.finish(counter, Outcome.LAINNYA)
    with pytest.raises(ValidationError, match="karakter kendali"):
        counter_actions.finish(counter, Outcome.LAINNYA, note="salah\x1b[1m")
    done = counter_actions.finish(counter, Outcome.LAINNYA, note="  pemohon  pulang dulu ")
    assert done.outcome is Outcome.LAINNYA
    [(_code, details)] = audit_rows(db, "ticket.finish")
    assert json.loads(details) == {"outcome": "lainnya", "note": "pemohon pulang dulu"}


def test_todays_no_shows_are_listed_until_requeued_once(db, front_desk, operator, clock) -> None:
    desk = Session(db, front_desk, clock)
    for _ in range(2):
        tickets.issue_ticket(desk, "A")
    counter = Session(db, operator, clock)
    for _ in range(2):
        counter_actions.call_next(counter, ["A"])
        counter_actions.mark_no_show(counter)
    assert [t.label for t in counter_transfers.no_shows_today(counter)] == ["A-002", "A-001"]
    counter_transfers.requeue_no_show(counter, "A-001")
    assert [t.label for t in counter_transfers.no_shows_today(counter)] == ["A-002"]


def test_the_board_stops_showing_a_no_show(db, front_desk, operator, clock) -> None:
    desk = Session(db, front_desk, clock)
    tickets.issue_ticket(desk, "A")
    tickets.issue_ticket(desk, "A")
    counter = Session(db, operator, clock)
    counter_actions.call_next(counter, ["A"])
    assert [c.label for c in queue_views.board_view(counter).calls] == ["A-001"]
    counter_actions.mark_no_show(counter)
    assert queue_views.board_view(counter).calls == []
    counter_actions.call_next(counter, ["A"])
    assert [c.label for c in queue_views.board_view(counter).calls] == ["A-002"]
