"""The demo office's fixed data: the region, the target and the blanks, the demo operators, and the people."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_tui.domain.accounts import Role
from counter_tui.domain.nik import build_nik
from counter_tui.services.case_draft import CaseDraft

OFFICE_NAME = "Disdukcapil Kab. Kotawaringin Timur"


REGION = "62.02"


TARGET_POPULATION = 313_281


RECORDED_BEFORE = 310_785


BLANKS = 5_000


@dataclass(frozen=True, slots=True)
class DemoOperator:
    code: str
    name: str
    role: Role
    pin: str
    counter: int
    services: str = ""


OPERATORS = (
    DemoOperator("KADIS", "Hj. Rahmawati (Kasi Pelayanan)", Role.SUPERVISOR, "739146", 0),
    DemoOperator("SITI", "Siti Nurhaliza", Role.OPERATOR, "582047", 1, "A"),
    DemoOperator("BUDI", "Budi Santoso", Role.OPERATOR, "614825", 2, "BD"),
    DemoOperator("ANI", "Ani Lestari", Role.OPERATOR, "407381", 3, "CE"),
    DemoOperator("RINA", "Rina Marlina", Role.OPERATOR, "295063", 0),
)


FIRST_NAMES = (
    "Ahmad",
    "Siti",
    "Muhammad",
    "Nur",
    "Dewi",
    "Rizky",
    "Putri",
    "Agus",
    "Indah",
    "Fajar",
    "Wulan",
    "Bayu",
    "Ayu",
    "Hendra",
    "Rina",
    "Yusuf",
    "Lestari",
    "Arif",
    "Fitri",
    "Dimas",
    "Sari",
    "Eko",
    "Ratna",
    "Galih",
    "Maya",
    "Taufik",
    "Nabila",
    "Ilham",
    "Citra",
    "Reza",
)


LAST_NAMES = (
    "Saputra",
    "Rahmawati",
    "Hidayat",
    "Lestari",
    "Pratama",
    "Wulandari",
    "Setiawan",
    "Kurniawan",
    "Handayani",
    "Nugroho",
    "Permata",
    "Syahputra",
    "Anggraini",
    "Firmansyah",
    "Maharani",
    "Sembiring",
)


DISTRICTS = tuple(f"62.02.{n:02d}" for n in range(1, 18))


@dataclass
class SimulatedClock:
    """The demo's morning runs on its own clock, moved forward minute by minute."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


@dataclass
class DemoReport:
    path: Path
    operators: tuple[DemoOperator, ...] = OPERATORS
    tickets: int = 0
    recordings: int = 0
    printed: int = 0
    ikd: int = 0
    outreach_recorded: int = 0  # pupils recorded at the school (jemput bola)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class _Person:
    def __init__(self, rng: random.Random, today: date, serial: int, *, age: tuple[int, int]) -> None:
        self.sex = rng.choice("LP")
        years = rng.randint(*age)
        born = today.replace(year=today.year - years) - timedelta(days=rng.randint(10, 330))
        self.born = born
        self.nik = build_nik(rng.choice(DISTRICTS), born, self.sex, serial)
        self.name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        self.phone = f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"

    def draft(
        self,
        case_type: str,
        ticket_id: int | None,
        *,
        documents: list[str] | None = None,
        siak_status: str | None = None,
    ) -> CaseDraft:
        from counter_tui.domain.cases import CaseType
        from counter_tui.domain.documents import DOCUMENTS_BY_TYPE

        if documents is None:
            documents = [d.value for d in DOCUMENTS_BY_TYPE[CaseType(case_type)]]
        return CaseDraft(
            nik=self.nik,
            name=self.name,
            birth_date=self.born,
            sex=self.sex,
            marital="belum_kawin" if self.born.year > 2000 else "kawin",
            case_type=case_type,
            documents=documents,
            phone=self.phone,
            ticket_id=ticket_id,
            siak_status=siak_status,
        )
