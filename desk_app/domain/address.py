"""Postal address validation against the (editable) list of served mahalleler."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import FieldKey, field_label
from desk_app.domain.text import clean, fold, skeleton

MAX_MAHALLE_LENGTH = 100
MAX_STREET_LENGTH = 200
MAX_BUILDING_NO_LENGTH = 20
MAX_APARTMENT_NO_LENGTH = 20

# Trailing words people add to a mahalle name ("Ulukavak Mah.", "Ulukavak Mahallesi").
_MAHALLE_SUFFIXES = frozenset({"mahallesi", "mahalle", "mah", "mh", "mahalesi", "mahllesi"})


@dataclass(frozen=True)
class AddressInput:
    """An address as entered; ``apartment_no`` is optional."""

    mahalle: str
    street: str
    building_no: str
    apartment_no: str = ""


@dataclass(frozen=True)
class AddressCheck:
    """Result of ``validate_address``: the normalised address and whether it is served."""

    address: AddressInput
    served: bool
    message: str | None


def _mahalle_key(name: str) -> str:
    """Loose key of a mahalle name: skeleton without the "mahallesi" suffix and without spaces."""
    words = skeleton(name).split()
    while len(words) > 1 and words[-1] in _MAHALLE_SUFFIXES:
        words.pop()
    return "".join(words)


def canonical_mahalle(name: str, served: Iterable[str]) -> str | None:
    """Return the spelling from ``served`` that ``name`` refers to, or None.

    An exact match after ``fold`` wins; otherwise the looser key (``skeleton`` without a trailing
    "Mah."/"Mahallesi" and without spaces) must match exactly one served name.
    """
    return _canonical_mahalle(name, tuple(served))


@lru_cache(maxsize=4096)
def _canonical_mahalle(name: str, served_list: tuple[str, ...]) -> str | None:
    """``canonical_mahalle`` remembered: an import asks it about the same few names
    thousands of times, each a loop over the served list."""
    folded = fold(name)
    if not folded:
        return None
    for candidate in served_list:
        if fold(candidate) == folded:
            return candidate
    key = _mahalle_key(name)
    if not key:
        return None
    matches = {candidate for candidate in served_list if _mahalle_key(candidate) == key}
    if len(matches) == 1:
        return matches.pop()
    return None


def _required(value: str, field: str, max_length: int) -> str:
    text = clean(value)
    label = field_label(field)
    if not text:
        raise ValidationError(f"{label} boş; adresin bu kısmını girin.", field)
    if len(text) > max_length:
        raise ValidationError(
            f"{label} en fazla {max_length} karakter olabilir; {len(text)} karakter girildi.",
            field,
        )
    return text


def validate_address(addr: AddressInput, served_mahalleler: Iterable[str]) -> AddressCheck:
    """Normalise ``addr`` and check its mahalle against the served list.

    Missing mahalle, street or building number raise ValidationError (fields ``mahalle``,
    ``cadde_sokak``, ``bina_no``). A mahalle outside the list is not an error: the result has
    ``served=False`` and a Turkish message so the clerk can pick from the list or flag the record.
    """
    mahalle = _required(addr.mahalle, FieldKey.MAHALLE, MAX_MAHALLE_LENGTH)
    street = _required(addr.street, FieldKey.CADDE_SOKAK, MAX_STREET_LENGTH)
    building_no = _required(addr.building_no, FieldKey.BINA_NO, MAX_BUILDING_NO_LENGTH)
    apartment_no = clean(addr.apartment_no)
    if len(apartment_no) > MAX_APARTMENT_NO_LENGTH:
        raise ValidationError(
            f"{field_label(FieldKey.DAIRE_NO)} en fazla {MAX_APARTMENT_NO_LENGTH} karakter "
            f"olabilir; {len(apartment_no)} karakter girildi.",
            FieldKey.DAIRE_NO,
        )
    canonical = canonical_mahalle(mahalle, served_mahalleler)
    normalised = AddressInput(
        mahalle=canonical if canonical is not None else mahalle,
        street=street,
        building_no=building_no,
        apartment_no=apartment_no,
    )
    if canonical is not None:
        return AddressCheck(address=normalised, served=True, message=None)
    message = (
        f"‘{mahalle}’ hizmet verilen mahalleler arasında değil; "
        "mahalleyi listeden seçin veya kaydı gözden geçirin."
    )
    return AddressCheck(address=normalised, served=False, message=message)
