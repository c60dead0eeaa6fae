"""SMS parts: GSM-7, GSM-7 with the Turkish single shift table, UCS-2 (3GPP TS 23.038)."""

from __future__ import annotations

from desk_app.domain.sms import GSM7, GSM7_TURKISH, UCS2, sms_length


def test_plain_ascii_is_gsm7_160_then_153() -> None:
    assert sms_length("a" * 160).parts == 1
    assert sms_length("a" * 160).encoding == GSM7
    assert sms_length("a" * 161).parts == 2
    assert sms_length("a" * 306).parts == 2
    assert sms_length("a" * 307).parts == 3


def test_turkish_letters_use_the_shift_table_two_septets_each() -> None:
    # Ç, Ö, Ü, ö, ü are in the default alphabet; ğ, ı, ş, İ, Ş, Ğ, ç come from the shift table.
    assert sms_length("ÇÖÜöü").encoding == GSM7
    length = sms_length("Işık")
    assert length.encoding == GSM7_TURKISH and length.units == 6  # I, ş(2), ı(2), k
    assert sms_length("ş" * 77 + "a").units == 155
    assert sms_length("ş" * 77 + "a").parts == 1
    assert sms_length("ş" * 78).parts == 2
    assert sms_length("ğ" * 149).parts == 2  # 298 septets / 149
    assert sms_length("ğ" * 150).parts == 3


def test_a_character_outside_both_tables_makes_ucs2() -> None:
    assert sms_length("Kâğıt").encoding == UCS2
    assert sms_length("â" * 70).parts == 1
    assert sms_length("â" * 71).parts == 2
    assert sms_length("â" * 134).parts == 2
    assert sms_length("en–dash").encoding == UCS2
    assert "1 SMS" in sms_length("Merhaba").text


def test_default_templates_stay_gsm7() -> None:
    from desk_app.services.notify.templates import DEFAULT_TEMPLATES, SAMPLE, render_text

    for template in DEFAULT_TEMPLATES.values():
        length = sms_length(render_text(template, SAMPLE))
        assert length.encoding != UCS2, template
        assert length.parts <= 2, (template, length)
