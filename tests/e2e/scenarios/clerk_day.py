"""A keyboard-only clerk's day: a new citizen (Ctrl+Shift+N), the card, a request for her from
the card (Ctrl+N) routed to its directorate, finding her again by name (Ctrl+F), then a baby-set
application for her (Ctrl+2, Ctrl+N)."""

import random

from desk_app.domain.tckn import generate_tckn

TC = generate_tckn(random.Random(16))


def scenario(d):
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
    d.key("Ctrl+Q")
