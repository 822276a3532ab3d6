"""The write transaction of a use case, with the actor checked again under the write lock.

A role or an active flag read at login can be stale: a supervisor may have deactivated the account, or taken
the supervisor role away, while the session was open. Every state change re-reads the actor's account inside
its BEGIN IMMEDIATE transaction, so the refusal is atomic with the change it refuses.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from counter_tui.domain.accounts import Actor, Role, require_supervisor
from counter_tui.domain.errors import PermissionDenied
from counter_tui.storage.connection import Connection
from counter_tui.storage.db import Database


def check_actor(conn: Connection, actor: Actor, *, supervisor: bool = False) -> None:
    if supervisor:
        require_supervisor(actor)
    if actor.operator_id is None:  # the kiosk / script actor of the CLI
        if supervisor:
            raise PermissionDenied("Hanya supervisor yang boleh melakukan tindakan ini.")
        return
    # Imported here: the kiosk actor (`counter-tui ticket`) never needs the account or lease tables' modules.
    from counter_tui.domain.leases import lease_lost_message
    from counter_tui.storage import leases as lease_store
    from counter_tui.storage import operators as operator_store

    account = operator_store.get_by_id(conn, actor.operator_id)
    if account is None or not account.active:
        raise PermissionDenied(f"Akun {actor.code} sudah tidak aktif. Keluar, lalu hubungi supervisor.")
    if supervisor and account.role is not Role.SUPERVISOR:
        raise PermissionDenied("Hanya supervisor yang boleh melakukan tindakan ini.")
    if actor.session_id and actor.counter >= 1:
        # One session per counter: a session whose lease another one took over may no longer act there.
        holder = lease_store.lease_of_counter(conn, actor.counter)
        if holder is not None and holder.session_id != actor.session_id:
            raise PermissionDenied(lease_lost_message(actor.counter, holder))


@contextlib.contextmanager
def acting(db: Database, actor: Actor, *, supervisor: bool = False) -> Iterator[Connection]:
    """`with acting(db, actor) as conn:` = BEGIN IMMEDIATE, then the actor's account is checked again."""
    if supervisor:
        require_supervisor(actor)  # refuse at once, before any lock is taken
    with db.transaction() as conn:
        check_actor(conn, actor, supervisor=supervisor)
        yield conn
