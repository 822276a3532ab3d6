"""The pure domain core: rules and decisions, no Textual, no SQLite, no clock of its own.

Glossary (code name → the office's word):
- office → kantor Disdukcapil; region → kode wilayah Kemendagri
- operator → petugas (loket / informasi); supervisor → kepala seksi / supervisor
- counter → loket; front desk → informasi / pengambilan antrian; display board → papan antrian
- ticket → nomor antrian; service → layanan; priority → prioritas (UU 25/2009 Pasal 29)
- call next → panggil berikutnya; recall → panggil ulang; no-show → tidak hadir; park → tunda
- transfer → alihkan layanan; finish → selesai (with an outcome → hasil layanan)
- special day → hari khusus; quota → kuota harian
- audit log → log audit (jejak siapa melakukan apa)
- recording → perekaman; blank card → blanko; first-time applicant → pemula
"""
