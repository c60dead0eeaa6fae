"""A keyboard-only clerk's day: a new citizen (Ctrl+Shift+N), the card, a request for her from
the card (Ctrl+N) routed to its directorate, finding her again by name (Ctrl+F), then a baby-set
application for her (Ctrl+2, Ctrl+N), which says that her address is missing."""

import random
from datetime import date, timedelta

from desk_app.domain.tckn import generate_tckn
from desk_app.ui.kit.e2e_hook import Driver, Step

TC = generate_tckn(random.Random(16))


def scenario(d: Driver) -> Step:
    yield d.window("login_window")
    d.type("elif")
    d.key("Tab")
    d.type("masa-parola-1")
    d.key("Return")
    yield d.window("main_window")

    # A new citizen, by keyboard only; saving opens her card.
    d.key("Ctrl+Shift+N")
    yield d.window("citizen_form_dialog")
    for text in ("Hatice", "Öztürk", TC, "0533 444 55 66"):
        d.type(text)
        d.key("Tab")
    d.screenshot("new-citizen")
    d.key("Return")
    yield d.window("citizen_card_dialog")
    yield d.sees("Hatice Öztürk")
    yield d.sees("0 533 444 55 66")
    d.screenshot("card")

    # Ctrl+N on the card: a request for her, routed to the category's directorate.
    d.key("Ctrl+N")
    yield d.window("request_form_dialog")
    yield d.until(lambda: "Hatice Öztürk" in d.texts(), "the citizen in the request form")
    d.key("Tab")  # the channel (Gönül Kapısı, at the desk)
    d.key("Tab")  # the category: typing finds it
    d.type("Su")
    d.key("Tab")  # the directorate comes from the category
    d.key("Tab")
    d.type("Sokakta su borusu patladı")
    d.key("Tab")
    d.type("Okulun önü.")
    d.key("Tab")
    d.screenshot("new-request")
    d.key("Return")
    yield d.gone("request_form_dialog")
    yield d.window("main_window")
    yield d.sees("Sokakta su borusu patladı")
    yield d.sees("Yönlendirildi")
    d.screenshot("request-routed")

    # Later: she comes back; Ctrl+F, her name, Enter opens the card with the request.
    d.key("Ctrl+F")
    d.type("hatice öz")
    yield d.sees("Hatice Öztürk")
    d.key("Return")
    yield d.window("citizen_card_dialog")
    yield d.sees("Talepler (1)")
    d.screenshot("card-again")
    d.key("Escape")
    yield d.gone("citizen_card_dialog")
    yield d.window("main_window")

    # Her baby-set application: Ctrl+2, Ctrl+N, the parent found by name, the baby by Tab.
    # She has no address on file: Enter must say so on the screen (it said nothing and put
    # the cursor into a hidden field).
    d.key("Ctrl+2")
    yield d.sees("Yeni başvuru (Ctrl+N)")
    d.key("Ctrl+N")
    yield d.window("application_form_dialog")
    d.type("hatice öz")
    yield d.until(lambda: any("Hatice Öztürk" in t for t in d.texts()), "the parent's hit")
    d.key("Return")
    yield d.settle()
    yield from tab_to(d, "bebek_adi_edit")
    d.type("Ayşe")
    d.key("Tab")
    d.type("Öztürk")
    d.key("Tab")
    d.type((date.today() - timedelta(days=20)).strftime("%d%m%Y"))
    yield d.settle()
    yield from tab_to(d, "notice_check")
    d.key("Space")
    yield d.settle()
    d.key("Return")
    yield d.sees("Velinin kayıtlı adresi yok")
    assert d.focused_name() == "notice_check"  # the cursor stays where the clerk can see it
    d.screenshot("application-needs-address")
    d.key("Escape")
    yield d.sees("Yazdıklarınız kaydedilmedi. Form kapatılsın mı?")
    d.click("Kapat")
    yield d.gone("application_form_dialog")
    yield d.window("main_window")
    d.key("Ctrl+Q")


def tab_to(d: Driver, name: str) -> Step:
    """Press Tab until the cursor is in the field ``name`` (as a person watches the cursor)."""
    for _ in range(15):
        if d.focused_name() == name:
            return
        d.key("Tab")
        yield d.settle()
    assert d.focused_name() == name, (name, d.focused_name())
