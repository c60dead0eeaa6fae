"""First start on a fresh desk: the first administrator, no demo data, the login, the main
window inside the screen; then Ctrl+Q ends the program."""

from desk_app.ui.kit.e2e_hook import Driver, Step


def scenario(d: Driver) -> Step:
    yield d.window("first_admin_dialog")
    yield d.sees("İlk yönetici")
    d.screenshot("first-admin")
    d.type("bilgi.islem")
    d.key("Tab")
    d.type("Çağrı Şahin")
    d.key("Tab")
    d.type("ilk-yonetici-1")
    d.key("Tab")
    d.type("ilk-yonetici-1")
    d.key("Return")
    yield d.window("demo_offer_dialog")
    d.screenshot("demo-offer")
    yield d.until(d.all_inside_screen, "every window inside the screen")
    d.click("Boş başla")
    yield d.window("login_window")
    yield d.sees("bilgi.islem")
    yield d.until(d.all_inside_screen, "every window inside the screen")
    d.screenshot("login")
    d.type("ilk-yonetici-1")
    d.key("Return")
    yield d.window("main_window")
    yield d.sees("Kullanıcı: Çağrı Şahin (Yönetici)")
    d.screenshot("main-window")
    width, height = d.screen_size()
    x, y, w, h = d.frames()["main_window"]
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (d.frames(), width, height)
    assert "Çorum Belediyesi" in d.texts()
    d.key("Ctrl+Q")
