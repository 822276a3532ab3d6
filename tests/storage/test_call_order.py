"""Storage's call order (SQL ORDER BY) equals the domain's order_waiting, on random data with a fixed seed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.queue import Priority, TicketStatus, order_waiting
from counter_tui.storage import queue as store
from counter_tui.storage.bulk import insert_rows

DAY = "2026-11-30"
LETTERS = "ABCDE"
SERVICE_SETS = [None, ["A"], ["B", "C"], ["A", "B", "C", "D", "E"], ["E", "A"], ["D"]]


def fill_random(conn, rng: random.Random, count: int) -> None:
    start = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    numbers = dict.fromkeys(LETTERS, 0)
    rows = []
    for _ in range(count):
        letter = rng.choice(LETTERS)
        numbers[letter] += 1
        issued = start + timedelta(seconds=rng.randrange(0, 4 * 3600))
        # Ties in queued_at are common on purpose (same second), so the id tie-break matters.
        queued = issued if rng.random() < 0.8 else start + timedelta(seconds=rng.randrange(0, 60))
        status = rng.choice([TicketStatus.WAITING] * 5 + list(TicketStatus))
        counter = (
            rng.randrange(1, 5)
            if status in (TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.PARKED)
            else None
        )
        rows.append(
            (
                rng.choice([DAY, DAY, DAY, "2026-11-29"]),
                letter,
                numbers[letter],
                rng.choice(LETTERS) if rng.random() < 0.2 else letter,  # some were transferred
                rng.choice([None, None, None, *[p.value for p in Priority]]),
                status.value,
                to_utc_text(issued),
                to_utc_text(queued),
                counter,
                "selesai" if status is TicketStatus.DONE else None,
            )
        )
    rng.shuffle(rows)  # insertion order (ids) unrelated to time
    insert_rows(
        conn,
        "tickets",
        (
            "service_date",
            "origin_service",
            "number",
            "service_code",
            "priority",
            "status",
            "issued_at",
            "queued_at",
            "counter",
            "outcome",
            "issued_by",
        ),
        [(*r, "test") for r in rows],
    )


@pytest.mark.parametrize("seed", [1, 7, 2026, 3011])
def test_sql_order_equals_domain_order(db, seed: int) -> None:
    rng = random.Random(seed)
    with db.transaction() as conn:
        fill_random(conn, rng, 400)
    everything = [store.get_ticket(db.conn, r[0]) for r in db.conn.execute("SELECT id FROM tickets")]
    today = [t for t in everything if t.service_date == DAY]
    assert any(t.priority for t in today)
    assert any(t.status is not TicketStatus.WAITING for t in today)
    for services in SERVICE_SETS:
        expected = order_waiting(today, services)
        got = store.waiting_page(db.conn, DAY, services, 0, -1)
        assert [t.id for t in got] == [t.id for t in expected], services
        if services:
            first = store.next_waiting(db.conn, DAY, services)
            assert (first.id if first else None) == (expected[0].id if expected else None)
            assert store.count_waiting(db.conn, DAY, services) == len(expected)
        # Paging walks the same order.
        paged = []
        for offset in range(0, len(expected) + 7, 7):
            paged += store.waiting_page(db.conn, DAY, services, offset, 7)
        assert [t.id for t in paged] == [t.id for t in expected]


@pytest.mark.parametrize("seed", [3, 11])
def test_position_of_matches_the_domain_order(db, seed: int) -> None:
    rng = random.Random(seed)
    with db.transaction() as conn:
        fill_random(conn, rng, 250)
    today = [
        store.get_ticket(db.conn, r[0])
        for r in db.conn.execute("SELECT id FROM tickets WHERE service_date = ?", (DAY,))
    ]
    for letter in LETTERS:
        ordered = order_waiting(today, [letter])
        assert [store.position_of(db.conn, t) for t in ordered] == list(range(1, len(ordered) + 1))


def test_next_waiting_with_no_services_is_none(db) -> None:
    assert store.next_waiting(db.conn, DAY, []) is None
    assert store.waiting_page(db.conn, DAY, [], 0, 10) == []


@pytest.mark.parametrize("seed", [5, 2027])
def test_keyset_pages_walk_the_same_order(db, seed: int) -> None:
    rng = random.Random(seed)
    with db.transaction() as conn:
        fill_random(conn, rng, 300)
    for services in SERVICE_SETS:
        expected = store.waiting_page(db.conn, DAY, services, 0, -1)
        for size in (1, 6, 50):
            paged, after = [], None
            while True:
                page = store.waiting_after(db.conn, DAY, services, after, size)
                paged += page
                if len(page) < size:
                    break
                after = store.call_order_key(page[-1])
            assert [t.id for t in paged] == [t.id for t in expected], (services, size)


def _grouped(conn) -> dict[tuple[str, str, str], int]:
    return {
        (d, c, s): n
        for d, c, s, n in conn.execute(
            "SELECT service_date, service_code, status, count(*) FROM tickets GROUP BY 1, 2, 3"
        )
    }


def _kept(conn) -> dict[tuple[str, str, str], int]:
    return {
        (d, c, s): n
        for d, c, s, n in conn.execute(
            "SELECT service_date, service_code, status, n FROM ticket_counts WHERE n > 0"
        )
    }


def test_kept_counts_follow_inserts_updates_and_transfers(db) -> None:
    rng = random.Random(42)
    with db.transaction() as conn:
        fill_random(conn, rng, 200)
    assert _kept(db.conn) == _grouped(db.conn)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM tickets")]
    with db.transaction() as conn:
        for ticket_id in rng.sample(ids, 80):
            change = rng.random()
            if change < 0.4:
                conn.execute(
                    "UPDATE tickets SET service_code = ? WHERE id = ?", (rng.choice(LETTERS), ticket_id)
                )
            elif change < 0.7:
                conn.execute("UPDATE tickets SET status = 'no_show', counter = 1 WHERE id = ?", (ticket_id,))
            else:
                conn.execute("UPDATE tickets SET call_count = call_count + 1 WHERE id = ?", (ticket_id,))
    assert _kept(db.conn) == _grouped(db.conn)
    counts = store.status_counts(db.conn, DAY)
    for (day, code, status), n in _grouped(db.conn).items():
        if day == DAY:
            assert counts[code][status] == n


@pytest.mark.parametrize("seed", [11, 2026])
def test_count_waiting_through_a_key_counts_the_rows_before_the_next_page(db, seed: int) -> None:
    """The number shown beside a keyset page's first row: every waiting ticket at or before the key, for keys of
    tickets that still wait and of tickets that no longer do (a called ticket's key is where its page ended)."""
    rng = random.Random(seed)
    with db.transaction() as conn:
        fill_random(conn, rng, 300)
    everyone = [
        store._ticket(r)
        for r in db.conn.execute(
            f"SELECT {store._TICKET_COLUMNS} FROM tickets WHERE service_date = ?", (DAY,)
        )
    ]
    for services in SERVICE_SETS:
        ordered = store.waiting_page(db.conn, DAY, services, 0, -1)
        keys = [store.call_order_key(t) for t in ordered]
        for ticket in rng.sample(everyone, 40):
            key = store.call_order_key(ticket)
            expected = sum(1 for k in keys if k <= key)
            assert store.count_waiting_through(db.conn, DAY, services, key) == expected, (services, key)
            page = store.waiting_after(db.conn, DAY, services, key, 5)
            assert [t.id for t in page] == [t.id for t in ordered[expected : expected + 5]]
    assert store.count_waiting_through(db.conn, DAY, [], (1, "2026-11-30T05:00:00Z", 1)) == 0
