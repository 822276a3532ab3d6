"""What each audit action code means, in the office's words: the supervisor's audit log shows these labels.

An action not listed (a newer release wrote it) is shown as its code, so nothing is hidden.
"""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "office.setup": "Penyiapan kantor",
    "login": "Masuk",
    "login.failed": "Gagal masuk",
    "login.refused": "Masuk ditolak",
    "logout": "Keluar",
    "account.locked": "Akun terkunci",
    "session.lock": "Layar terkunci",
    "session.unlock": "Layar dibuka",
    "override.auth": "Izin supervisor diberikan",
    "override.refused": "Izin supervisor ditolak",
    "operator.add": "Tambah petugas",
    "operator.activate": "Aktifkan petugas",
    "operator.deactivate": "Nonaktifkan petugas",
    "operator.reset_pin": "Atur ulang PIN",
    "operator.unlock": "Buka kunci akun",
    "setting.change": "Ubah pengaturan",
    "service.update": "Ubah layanan",
    "hours.weekday": "Ubah jam mingguan",
    "hours.special_day": "Atur hari khusus",
    "hours.special_day_removed": "Hapus hari khusus",
    "counter.services": "Layanan loket",
    "ticket.issue": "Ambil tiket",
    "ticket.override": "Tiket dengan izin supervisor",
    "ticket.cancel": "Batalkan tiket",
    "ticket.reprint": "Cetak ulang tiket",
    "ticket.call": "Panggil tiket",
    "ticket.recall": "Panggil ulang",
    "ticket.start": "Mulai melayani",
    "ticket.no_show": "Tidak hadir",
    "ticket.requeue": "Kembali ke antrian",
    "ticket.transfer": "Alihkan layanan",
    "ticket.park": "Tunda tiket",
    "ticket.resume": "Lanjutkan tiket",
    "ticket.finish": "Selesaikan tiket",
}


def audit_action_label(action: str) -> str:
    return AUDIT_ACTION_LABELS.get(action, action)
