"""Account use cases on a real database: growing delays and the lock after 10 wrong PINs, unlock, roles."""

from __future__ import annotations

import pytest

from counter_tui.domain.accounts import LOGIN_REFUSED, MAX_DELAY, MAX_FAILED_LOGINS
from counter_tui.domain.errors import AuthError, Conflict, PermissionDenied, ValidationError
from counter_tui.services import account_admin, accounts, idle_lock
from counter_tui.services.session import Session
from tests.conftest import OPERATOR_CODE, OPERATOR_PIN, SUPERVISOR_CODE

WRONG_PIN = "918273"


def state(db, code: str) -> tuple[int, bool]:
    row = db.conn.execute("SELECT failed_attempts, locked FROM operators WHERE code = ?", (code,)).fetchone()
    return row[0], bool(row[1])


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT action FROM audit_log ORDER BY id")]


def fail_login(db, clock, times: int) -> list[str]:
    """Wrong PINs, each after the delay the previous one imposed (so every one counts)."""
    messages = []
    for _ in range(times):
        with pytest.raises(AuthError) as refusal:
            accounts.login(Session(db, clock=clock), OPERATOR_CODE, WRONG_PIN, 1)
        messages.append(str(refusal.value))
        clock.advance(seconds=MAX_DELAY.total_seconds() + 1)
    return messages


def test_wrong_pins_below_the_lock_and_a_right_one_resets_the_count(db, clock) -> None:
    messages = fail_login(db, clock, MAX_FAILED_LOGINS - 1)
    assert set(messages) == {LOGIN_REFUSED}  # no "Sisa percobaan": nothing tells a guesser the code exists
    assert state(db, OPERATOR_CODE) == (MAX_FAILED_LOGINS - 1, False)
    accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)
    assert state(db, OPERATOR_CODE) == (0, False)


def test_an_unknown_code_gets_the_same_refusal_as_a_wrong_pin(db, clock) -> None:
    with pytest.raises(AuthError) as unknown:
        accounts.login(Session(db, clock=clock), "NOBODY", WRONG_PIN, 1)
    with pytest.raises(AuthError) as wrong:
        accounts.login(Session(db, clock=clock), OPERATOR_CODE, WRONG_PIN, 1)
    with pytest.raises(AuthError) as malformed:
        accounts.login(Session(db, clock=clock), "x", WRONG_PIN, 1)
    assert unknown.value.message == wrong.value.message == malformed.value.message == LOGIN_REFUSED


def test_after_three_wrong_pins_the_next_attempt_waits(db, clock) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.login(Session(db, clock=clock), OPERATOR_CODE, WRONG_PIN, 1)
    # Within the delay even the right PIN is refused, with the same sentence, and does not count.
    with pytest.raises(AuthError, match="Kode petugas atau PIN salah"):
        accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)
    assert state(db, OPERATOR_CODE) == (3, False)
    assert audit_actions(db)[-1] == "login.failed"
    clock.advance(seconds=31)
    assert accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1).code == OPERATOR_CODE


def test_the_tenth_wrong_pin_locks_until_a_supervisor_unlocks(db, supervisor, clock) -> None:
    messages = fail_login(db, clock, MAX_FAILED_LOGINS)
    assert messages[-1] == LOGIN_REFUSED
    assert state(db, OPERATOR_CODE) == (MAX_FAILED_LOGINS, True)
    assert audit_actions(db).count("account.locked") == 1
    with pytest.raises(AuthError, match="terkunci"):
        accounts.login(
            Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1
        )  # the right PIN no longer helps
    assert state(db, OPERATOR_CODE) == (MAX_FAILED_LOGINS, True)
    account_admin.unlock_operator(Session(db, supervisor, clock), OPERATOR_CODE)
    assert state(db, OPERATOR_CODE) == (0, False)
    assert accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1).code == OPERATOR_CODE


def test_an_operator_cannot_use_supervisor_actions(db, operator, clock) -> None:
    fail_login(db, clock, MAX_FAILED_LOGINS)
    before = (audit_actions(db), [tuple(r) for r in db.conn.execute("SELECT * FROM operators ORDER BY id")])
    attempts = [
        lambda: account_admin.unlock_operator(Session(db, operator, clock), OPERATOR_CODE),
        lambda: account_admin.add_operator(
            Session(db, operator, clock), "OPR9", "Baru", "operator", "482913", "482913"
        ),
        lambda: account_admin.set_operator_active(Session(db, operator, clock), SUPERVISOR_CODE, False),
        lambda: account_admin.reset_pin(Session(db, operator, clock), OPERATOR_CODE, "482913", "482913"),
        lambda: idle_lock.set_idle_lock_minutes(Session(db, operator, clock), 5),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="supervisor"):
            attempt()
    after = (audit_actions(db), [tuple(r) for r in db.conn.execute("SELECT * FROM operators ORDER BY id")])
    assert after == before


def test_unknown_code_and_inactive_account(db, supervisor, clock) -> None:
    with pytest.raises(AuthError, match="salah"):
        accounts.login(Session(db, clock=clock), "NOBODY", OPERATOR_PIN, 1)
    assert audit_actions(db)[-1] == "login.failed"
    account_admin.set_operator_active(Session(db, supervisor, clock), OPERATOR_CODE, False)
    with pytest.raises(AuthError, match="tidak aktif"):
        accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)
    assert audit_actions(db)[-2:] == ["operator.deactivate", "login.refused"]


def test_the_last_supervisor_stays_active(db, supervisor, clock) -> None:
    with pytest.raises(Conflict):
        account_admin.set_operator_active(Session(db, supervisor, clock), SUPERVISOR_CODE, False)


def test_duplicate_code_and_weak_pin_on_add(db, supervisor, clock) -> None:
    with pytest.raises(Conflict, match="sudah dipakai"):
        account_admin.add_operator(
            Session(db, supervisor, clock), "opr1", "Lagi", "operator", "482913", "482913"
        )
    with pytest.raises(ValidationError, match="berurutan"):
        account_admin.add_operator(
            Session(db, supervisor, clock), "OPR3", "Baru", "operator", "123456", "123456"
        )
    with pytest.raises(ValidationError, match="tidak sama"):
        account_admin.add_operator(
            Session(db, supervisor, clock), "OPR3", "Baru", "operator", "482913", "482914"
        )
    assert db.conn.execute("SELECT count(*) FROM operators").fetchone()[0] == 3


def test_reset_pin_clears_the_lock(db, supervisor, clock) -> None:
    fail_login(db, clock, 5)
    account_admin.reset_pin(Session(db, supervisor, clock), OPERATOR_CODE, "730184", "730184")
    assert state(db, OPERATOR_CODE) == (0, False)
    with pytest.raises(AuthError):
        accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)
    accounts.login(Session(db, clock=clock), OPERATOR_CODE, "730184", 1)


def test_idle_lock_wrong_pins_count_towards_the_lockout(db, operator, clock) -> None:
    for _ in range(4):
        with pytest.raises(AuthError):
            idle_lock.unlock_session(Session(db, operator, clock), WRONG_PIN)
        clock.advance(seconds=MAX_DELAY.total_seconds() + 1)
    assert state(db, OPERATOR_CODE) == (4, False)
    idle_lock.unlock_session(Session(db, operator, clock), OPERATOR_PIN)
    assert state(db, OPERATOR_CODE) == (0, False)


def test_a_right_pin_does_not_undo_a_lock_made_meanwhile_at_another_counter(
    db, ready_db_path, clock, monkeypatch
) -> None:
    """The account is read, then the (slow) PIN check runs; meanwhile another counter's fifth wrong PIN locks it.
    The login must see the lock under the write lock, refuse, and leave the account locked."""
    from counter_tui.storage.db import open_database

    real_verify = accounts.pins.verify_pin

    def verify_while_another_counter_locks_the_account(*args, **kwargs) -> bool:
        monkeypatch.setattr(
            accounts.pins, "verify_pin", real_verify
        )  # the other counter checks PINs as usual
        other = open_database(ready_db_path)
        try:
            fail_login(other, clock, MAX_FAILED_LOGINS)
        finally:
            other.close()
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(accounts.pins, "verify_pin", verify_while_another_counter_locks_the_account)
    with pytest.raises(AuthError, match="terkunci"):
        accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)
    assert state(db, OPERATOR_CODE) == (MAX_FAILED_LOGINS, True)
    assert audit_actions(db)[-1] == "login.refused"


def test_supervisor_override_is_authorised_without_a_login_row(db, clock) -> None:
    from tests.conftest import SUPERVISOR_PIN

    before = audit_actions(db)
    actor = accounts.authorize_override(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    assert actor.is_supervisor
    assert audit_actions(db)[len(before) :] == ["override.auth"]


def test_an_operator_cannot_authorise_an_override(db, clock) -> None:
    before = audit_actions(db)
    with pytest.raises(PermissionDenied, match="bukan supervisor"):
        accounts.authorize_override(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 0)
    assert audit_actions(db)[len(before) :] == ["override.auth", "override.refused"]


def override_state(db, code: str) -> tuple[int, bool]:
    row = db.conn.execute(
        "SELECT override_failed_attempts, locked FROM operators WHERE code = ?", (code,)
    ).fetchone()
    return row[0], bool(row[1])


def test_a_wrong_override_pin_delays_overrides_only(db, clock) -> None:
    with pytest.raises(AuthError, match="Kode petugas atau PIN salah"):
        accounts.authorize_override(Session(db, clock=clock), SUPERVISOR_CODE, WRONG_PIN, 0)
    assert override_state(db, SUPERVISOR_CODE) == (1, False)
    assert state(db, SUPERVISOR_CODE) == (0, False)  # the login count is untouched
    assert audit_actions(db)[-1] == "override.failed"


def test_wrong_override_pins_can_never_lock_a_supervisor_out(db, clock) -> None:
    """Anyone with a shell can run `ticket --override-supervisor`: however many wrong PINs, the supervisor can
    still log in, and the override works again after the delay."""
    from tests.conftest import SUPERVISOR_PIN

    for _ in range(MAX_FAILED_LOGINS * 3):
        with pytest.raises(AuthError):
            accounts.authorize_override(Session(db, clock=clock), SUPERVISOR_CODE, WRONG_PIN, 0)
        clock.advance(seconds=MAX_DELAY.total_seconds() + 1)
    assert override_state(db, SUPERVISOR_CODE) == (MAX_FAILED_LOGINS * 3, False)
    assert "account.locked" not in audit_actions(db)
    assert accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0).is_supervisor
    assert accounts.authorize_override(
        Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0
    ).is_supervisor
    assert override_state(db, SUPERVISOR_CODE) == (0, False)


def test_an_override_during_its_delay_is_refused_but_login_is_not(db, clock) -> None:
    from tests.conftest import SUPERVISOR_PIN

    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.authorize_override(Session(db, clock=clock), SUPERVISOR_CODE, WRONG_PIN, 0)
    with pytest.raises(AuthError, match="Kode petugas atau PIN salah"):
        accounts.authorize_override(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    assert accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0).is_supervisor


def test_an_operator_deactivated_mid_session_can_change_nothing(db, clock, supervisor, operator) -> None:
    from counter_tui.domain.accounts import KIOSK
    from counter_tui.services import counter_actions, tickets

    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    account_admin.set_operator_active(Session(db, supervisor, clock), OPERATOR_CODE, False)
    before = audit_actions(db)
    with pytest.raises(PermissionDenied, match="tidak aktif"):
        counter_actions.call_next(Session(db, operator, clock), ["A"])
    assert db.conn.execute("SELECT status FROM tickets").fetchone()[0] == "waiting"
    assert audit_actions(db) == before


def test_a_supervisor_deactivated_mid_session_loses_supervisor_rights(db, clock, supervisor) -> None:
    from tests.conftest import SUPERVISOR_PIN

    second = account_admin.add_operator(
        Session(db, supervisor, clock), "SPV2", "Kedua Supervisor", "supervisor", "731902", "731902"
    )
    spv2 = accounts.login(Session(db, clock=clock), second.code, "731902", 0)
    account_admin.set_operator_active(Session(db, spv2, clock), SUPERVISOR_CODE, False)
    count = len(account_admin.list_operators(Session(db)))
    with pytest.raises(PermissionDenied):
        account_admin.add_operator(
            Session(db, supervisor, clock), "OPR9", "Tidak Jadi", "operator", "508172", "508172"
        )
    with pytest.raises(PermissionDenied):
        account_admin.recent_audit(Session(db, supervisor))
    assert len(account_admin.list_operators(Session(db))) == count
    with pytest.raises(AuthError):
        accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
