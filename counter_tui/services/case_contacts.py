"""Who to phone for a card on the waiting list: the one place the screens read a phone number in clear.

The waiting-list screen shows phone numbers masked; the operator asks for the number of one entry when calling the
person, and that read is an audited access of its own (`case.phone_view`), separate from the list view.
Kept beside services/_cases_common.py (whose keys and encryption context it reuses) so the case use cases stay
untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.applicant import mask_phone
from counter_tui.domain.errors import NotFound
from counter_tui.services._cases_common import _cipher, _context
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as store


@dataclass(frozen=True, slots=True)
class WaitingContact:
    entry_id: int
    name: str
    phone: str | None  # None: the person left no number

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


def waiting_contact(session: Session, entry_id: int) -> WaitingContact:
    """The name and full phone number of one waiting-list entry, to phone the person. Audited."""
    with session.write() as conn:
        entry = store.get_waiting(conn, entry_id)
        if entry is None:
            raise NotFound("Entri daftar tunggu tidak ditemukan.")
        cipher = _cipher(session)
        name = cipher.decrypt(entry.name_ct, _context("name", entry.case_uuid))
        phone = cipher.decrypt(entry.phone_ct, _context("phone", entry.case_uuid)) if entry.phone_ct else None
        audit.append(
            conn,
            session.actor,
            "case.phone_view",
            f"case:{entry.case_uuid}",
            {"nik": entry.nik_masked, "entry": entry.id, "has_phone": phone is not None},
            session.now(),
        )
    return WaitingContact(entry.id, name, phone)
