"""The keys of form fields (ValidationError.field, the forms' inputs, the importer's columns)
and their Turkish labels, used in error messages."""

from __future__ import annotations

from enum import StrEnum

from desk_app.domain.text import turkish_upper


class FieldKey(StrEnum):
    """One name per form field, shared by the services' checks, the forms and the importer
    (a member is its string: ``FieldKey.AD == "ad"``)."""

    AD = "ad"
    SOYAD = "soyad"
    TC_KIMLIK_NO = "tc_kimlik_no"
    TELEFON = "telefon"
    EPOSTA = "eposta"
    MAHALLE = "mahalle"
    CADDE_SOKAK = "cadde_sokak"
    BINA_NO = "bina_no"
    DAIRE_NO = "daire_no"
    NOTLAR = "notlar"
    VELI = "veli"
    VELI_TC_KIMLIK_NO = "veli_tc_kimlik_no"
    CEP_TELEFONU = "cep_telefonu"
    BEBEK_ADI = "bebek_adi"
    BEBEK_SOYADI = "bebek_soyadi"
    BEBEK_DOGUM_TARIHI = "bebek_dogum_tarihi"
    BEBEK_TC_KIMLIK_NO = "bebek_tc_kimlik_no"
    BASVURU_NO = "basvuru_no"
    BASVURU_TARIHI = "basvuru_tarihi"
    AYDINLATMA = "aydinlatma"
    TESLIM_ALAN = "teslim_alan"
    CEVAP = "cevap"
    GEREKCE = "gerekce"


# A citizen's (or a parent's) address, in the order of the form.
ADDRESS_FIELDS = (FieldKey.MAHALLE, FieldKey.CADDE_SOKAK, FieldKey.BINA_NO, FieldKey.DAIRE_NO)

FIELD_LABELS: dict[str, str] = {
    FieldKey.TC_KIMLIK_NO: "T.C. Kimlik No",
    FieldKey.BEBEK_TC_KIMLIK_NO: "Bebek T.C. Kimlik No",
    FieldKey.VELI_TC_KIMLIK_NO: "Veli T.C. Kimlik No",
    FieldKey.TELEFON: "Telefon",
    FieldKey.CEP_TELEFONU: "Cep telefonu",
    FieldKey.MAHALLE: "Mahalle",
    FieldKey.CADDE_SOKAK: "Cadde/Sokak",
    FieldKey.BINA_NO: "Bina No",
    FieldKey.DAIRE_NO: "Daire No",
    FieldKey.AD: "Ad",
    FieldKey.SOYAD: "Soyad",
    FieldKey.BEBEK_ADI: "Bebek adı",
    FieldKey.BEBEK_SOYADI: "Bebek soyadı",
    FieldKey.BEBEK_DOGUM_TARIHI: "Bebek doğum tarihi",
    FieldKey.BASVURU_TARIHI: "Başvuru tarihi",
    FieldKey.TESLIM_ALAN: "Teslim alan",
    FieldKey.CEVAP: "Yazılı cevap",
    FieldKey.GEREKCE: "Gerekçe",
}


def field_label(field: str) -> str:
    """Return the Turkish label of ``field``; unknown fields get a readable form of their name."""
    label = FIELD_LABELS.get(field)
    if label is not None:
        return label
    words = field.replace("_", " ").strip()
    return turkish_upper(words[:1]) + words[1:] if words else "Alan"
