"""Domain errors and field labels."""

from __future__ import annotations

import pytest

from desk_app.domain.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desk_app.domain.fields import field_label


@pytest.mark.parametrize(
    "cls", [ValidationError, PermissionDenied, NotFound, Conflict, InvalidTransition]
)
def test_subclasses_carry_message_and_field(cls: type[DomainError]) -> None:
    error = cls("Telefon boş; numarayı girin.", "telefon")
    assert isinstance(error, DomainError)
    assert isinstance(error, Exception)
    assert str(error) == "Telefon boş; numarayı girin."
    assert error.message == "Telefon boş; numarayı girin."
    assert error.field == "telefon"


def test_field_defaults_to_none() -> None:
    error = DomainError("Kayıt bulunamadı.")
    assert error.field is None
    assert str(error) == "Kayıt bulunamadı."
    assert error.args == ("Kayıt bulunamadı.",)


def test_can_be_caught_as_domain_error() -> None:
    with pytest.raises(DomainError) as info:
        raise Conflict("Kayıt başka bir masada değişti; yeniden açın.")
    assert type(info.value) is Conflict


def test_repr_names_class_and_field() -> None:
    assert repr(ValidationError("x", "bina_no")) == "ValidationError('x', field='bina_no')"


def test_field_labels() -> None:
    assert field_label("tc_kimlik_no") == "T.C. Kimlik No"
    assert field_label("bebek_tc_kimlik_no") == "Bebek T.C. Kimlik No"
    assert field_label("cadde_sokak") == "Cadde/Sokak"
    # Unknown field: readable fallback, capitalised the Turkish way.
    assert field_label("ilce_adi") == "İlce adi"
    assert field_label("") == "Alan"
