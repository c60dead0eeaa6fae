"""One set of field keys (domain.fields.FieldKey) for the services' checks, the forms and the
importer: a key that is not a member would be a message the form cannot place."""

from __future__ import annotations

import pytest

from desk_app.domain.address import AddressInput, validate_address
from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import ADDRESS_FIELDS, FIELD_LABELS, FieldKey, field_label


def test_a_key_is_its_string_and_every_label_belongs_to_a_key() -> None:
    assert (
        str(FieldKey.BEBEK_DOGUM_TARIHI) == f"{FieldKey.BEBEK_DOGUM_TARIHI}" == "bebek_dogum_tarihi"
    )
    assert {"bebek_dogum_tarihi": 1}[FieldKey.BEBEK_DOGUM_TARIHI] == 1  # same hash as the text
    assert set(FIELD_LABELS) <= set(FieldKey)
    assert field_label(FieldKey.CADDE_SOKAK) == field_label("cadde_sokak") == "Cadde/Sokak"
    assert ADDRESS_FIELDS == ("mahalle", "cadde_sokak", "bina_no", "daire_no")


@pytest.mark.parametrize(
    ("address", "field"),
    [
        (AddressInput("", "Gazi Cad.", "3", ""), FieldKey.MAHALLE),
        (AddressInput("Ulukavak", "", "3", ""), FieldKey.CADDE_SOKAK),
        (AddressInput("Ulukavak", "Gazi Cad.", "", ""), FieldKey.BINA_NO),
        (AddressInput("Ulukavak", "Gazi Cad.", "3", "9" * 50), FieldKey.DAIRE_NO),
    ],
)
def test_address_errors_name_a_field_key(address: AddressInput, field: FieldKey) -> None:
    with pytest.raises(ValidationError) as err:
        validate_address(address, ["Ulukavak"])
    assert err.value.field == field and err.value.field in set(FieldKey)


def test_every_importer_field_is_a_field_key() -> None:
    from desk_app.services.applications.importer import _FIELD_TO_COLUMN

    assert set(_FIELD_TO_COLUMN) - set(FieldKey) == {"web_reference"}
