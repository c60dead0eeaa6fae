"""Address validation against the served mahalleler."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.address import (
    AddressCheck,
    AddressInput,
    canonical_mahalle,
    validate_address,
)
from desk_app.domain.errors import ValidationError
from desk_app.paths import resource_path

SERVED = [
    "Ak Kent",
    "Bahçelievler",
    "Buharaevler",
    "Çepni",
    "Çöplü",
    "Gülabibey",
    "Mimarsinan",
    "Ulukavak",
    "Üçtutlar",
    "Köprüalan",
]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Ulukavak", "Ulukavak"),
        ("ULUKAVAK", "Ulukavak"),
        ("ulukavak mah.", "Ulukavak"),
        ("Ulukavak Mahallesi", "Ulukavak"),
        ("  ulukavak   MAH ", "Ulukavak"),
        ("ÇEPNİ", "Çepni"),
        ("cepni", "Çepni"),
        ("UCTUTLAR MH.", "Üçtutlar"),
        ("Akkent", "Ak Kent"),
        ("AK KENT MAHALLESİ", "Ak Kent"),
        ("Mimar Sinan Mah.", "Mimarsinan"),
        ("Bahcelievler", "Bahçelievler"),
    ],
)
def test_canonical_mahalle_matches(typed: str, canonical: str) -> None:
    assert canonical_mahalle(typed, SERVED) == canonical


@pytest.mark.parametrize("typed", ["Kızılay", "", "   ", "Mahallesi", "Ulu", "Çorum"])
def test_canonical_mahalle_no_match(typed: str) -> None:
    assert canonical_mahalle(typed, SERVED) is None


def test_exact_fold_match_wins_over_loose_match() -> None:
    served = ["Cami", "Çami"]
    assert canonical_mahalle("ÇAMİ", served) == "Çami"
    assert canonical_mahalle("cami", served) == "Cami"
    # "Camı" matches both only loosely: ambiguous, so no match.
    assert canonical_mahalle("Camı mah", served) is None


def test_served_list_is_data_not_code() -> None:
    assert canonical_mahalle("Yeni Mahalle", ["Yeni Mahalle"]) == "Yeni Mahalle"
    assert canonical_mahalle("Ulukavak", []) is None
    # Any iterable, consumed once.
    assert canonical_mahalle("ulukavak", iter(["Ulukavak"])) == "Ulukavak"


def test_reference_data_file_names_match_themselves() -> None:
    path = resource_path("data", "corum_merkez_mahalleler.csv")
    if not path.exists():
        pytest.skip("reference data not available")
    with path.open(encoding="utf-8") as handle:
        names = [row["mahalle"] for row in csv.DictReader(handle)]
    assert len(names) > 10
    for name in names:
        assert canonical_mahalle(name.upper() + " MAHALLESİ", names) == name


def test_validate_address_normalises_and_serves() -> None:
    check = validate_address(
        AddressInput("  ulukavak mah. ", " Mimar  Sinan Cad. ", " 14 ", " 3 "), SERVED
    )
    assert check == AddressCheck(
        address=AddressInput("Ulukavak", "Mimar Sinan Cad.", "14", "3"), served=True, message=None
    )


def test_validate_address_not_served_flags() -> None:
    check = validate_address(AddressInput("Kızılay  Mah.", "Gazi Cad.", "5"), SERVED)
    assert not check.served
    assert check.address.mahalle == "Kızılay Mah."
    assert check.address.apartment_no == ""
    assert check.message == (
        "‘Kızılay Mah.’ hizmet verilen mahalleler arasında değil; "
        "mahalleyi listeden seçin veya kaydı gözden geçirin."
    )


@pytest.mark.parametrize(
    ("addr", "field"),
    [
        (AddressInput("Ulukavak", "", "14"), "cadde_sokak"),
        (AddressInput("Ulukavak", "   ", "14"), "cadde_sokak"),
        (AddressInput("Ulukavak", "Gazi Cad.", ""), "bina_no"),
        (AddressInput("Ulukavak", "Gazi Cad.", " \t"), "bina_no"),
        (AddressInput("", "Gazi Cad.", "14"), "mahalle"),
        (AddressInput("Ulukavak", "x" * 201, "14"), "cadde_sokak"),
        (AddressInput("Ulukavak", "Gazi Cad.", "1" * 21), "bina_no"),
        (AddressInput("Ulukavak", "Gazi Cad.", "14", "2" * 21), "daire_no"),
    ],
)
def test_validate_address_missing_fields(addr: AddressInput, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_address(addr, SERVED)
    assert info.value.field == field


def test_missing_street_message_names_field() -> None:
    with pytest.raises(ValidationError) as info:
        validate_address(AddressInput("Ulukavak", "", "14"), SERVED)
    assert str(info.value).startswith("Cadde/Sokak boş")


def test_dataclasses_are_frozen() -> None:
    addr = AddressInput("Ulukavak", "Gazi Cad.", "14")
    with pytest.raises(dataclasses.FrozenInstanceError):
        addr.street = "x"  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=10))
def test_arbitrary_input_only_raises_validation_error(
    mahalle: str, street: str, building: str
) -> None:
    try:
        check = validate_address(AddressInput(mahalle, street, building), SERVED)
    except ValidationError as error:
        assert error.field in {"mahalle", "cadde_sokak", "bina_no"}
    else:
        assert check.served == (check.address.mahalle in SERVED)
        assert (check.message is None) == check.served
