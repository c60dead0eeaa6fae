"""A desk switches to English: Oturum › Dil / Language › English, the restart notice, quit."""

from desk_app.ui.kit.e2e_hook import Driver, Step


def scenario(d: Driver) -> Step:
    yield d.window("login_window")
    d.type("elif")
    d.key("Tab")
    d.type("masa-parola-1")
    d.key("Return")
    yield d.window("main_window")
    d.menu("Oturum", "Dil / Language", "English")
    yield d.sees("Dil değişikliği programın bir sonraki açılışında geçerli olur.")
    d.screenshot("restart-notice")
    d.key("Return")
    yield d.window("main_window")
    d.key("Ctrl+Q")
