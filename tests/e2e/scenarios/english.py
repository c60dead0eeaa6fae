"""After the restart the desk speaks English: the login, the menus, the page, the status bar."""

from desk_app.ui.kit.e2e_hook import Driver, Step

TURKISH_UI_WORDS = ("Oturum", "Sayfa", "Yardım", "Kullanıcı", "Ön Masa", "Başvurular", "Giriş")


def scenario(d: Driver) -> Step:
    yield d.window("login_window")
    yield d.sees("Sign in")
    d.screenshot("login-english")
    d.type("elif")
    d.key("Tab")
    d.type("masa-parola-1")
    d.key("Return")
    yield d.window("main_window")
    yield d.sees("User: Elif Karaca (Desk clerk)")
    texts = d.texts()
    for expected in ("Session", "Page", "Help", "Front Desk", "Applications"):
        assert expected in texts, (expected, texts)
    turkish = [t for t in texts if any(word in t for word in TURKISH_UI_WORDS)]
    assert not turkish, turkish
    d.screenshot("main-english")
    d.menu("Session")
    yield d.sees("Log out")
    d.screenshot("session-menu-english")
    d.key("Escape")
    d.key("Ctrl+Q")
