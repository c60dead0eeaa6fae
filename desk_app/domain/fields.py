"""Turkish labels of form fields, used in error messages."""

from __future__ import annotations

from desk_app.domain.text import turkish_upper

FIELD_LABELS: dict[str, str] = {
    "tc_kimlik_no": "T.C. Kimlik No",
    "bebek_tc_kimlik_no": "Bebek T.C. Kimlik No",
    "veli_tc_kimlik_no": "Veli T.C. Kimlik No",
    "telefon": "Telefon",
    "cep_telefonu": "Cep telefonu",
    "mahalle": "Mahalle",
    "cadde_sokak": "Cadde/Sokak",
    "bina_no": "Bina No",
    "daire_no": "Daire No",
    "ad": "Ad",
    "soyad": "Soyad",
    "bebek_adi": "Bebek adı",
    "bebek_soyadi": "Bebek soyadı",
    "bebek_dogum_tarihi": "Bebek doğum tarihi",
    "basvuru_tarihi": "Başvuru tarihi",
    "teslim_alan": "Teslim alan",
    "cevap": "Yazılı cevap",
    "gerekce": "Gerekçe",
}


def field_label(field: str) -> str:
    """Return the Turkish label of ``field``; unknown fields get a readable form of their name."""
    label = FIELD_LABELS.get(field)
    if label is not None:
        return label
    words = field.replace("_", " ").strip()
    return turkish_upper(words[:1]) + words[1:] if words else "Alan"
