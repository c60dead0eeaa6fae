"""Lock, unlock, switch user and log out, by keys and clicks: the clerk locks the desk with
Ctrl+L (the message does not claim it sat idle), unlocks it, hands over to the supervisor with
Oturum › Kullanıcı değiştir, who logs out with Oturum › Oturumu kapat."""

from desk_app.ui.kit.e2e_hook import Driver, Step


def scenario(d: Driver) -> Step:
    yield d.window("login_window")
    d.type("elif")
    d.key("Tab")
    d.type("masa-parola-1")
    d.key("Return")
    yield d.window("main_window")
    yield d.sees("Kullanıcı: Elif Karaca (Masa görevlisi)")
    d.key("Ctrl+L")
    yield d.window("lock_dialog")
    yield d.sees("Elif Karaca oturumu kilitlendi. Devam etmek için parolanızı yazın.")
    assert not any("bir süredir" in t for t in d.texts()), d.texts()
    d.screenshot("locked")
    d.type("yanlis")
    d.key("Return")
    yield d.sees("Parola hatalı")
    d.type("masa-parola-1")
    d.key("Return")
    yield d.gone("lock_dialog")
    yield d.window("main_window")
    d.screenshot("unlocked")

    d.menu("Oturum", "Kullanıcı değiştir")
    yield d.sees("Elif Karaca oturumu kapatılsın mı?")
    d.screenshot("switch-user-asks")
    d.click("Oturumu kapat")
    yield d.window("login_window")
    d.screenshot("login-for-the-next-user")
    d.type("sefik")
    d.key("Tab")
    d.type("supervizor-parola-1")
    d.key("Return")
    yield d.window("main_window")
    yield d.sees("Kullanıcı: Şefik Işık (Süpervizör)")
    assert "Özet" in d.texts()  # the supervisor's page
    d.screenshot("supervisor")

    d.menu("Oturum", "Oturumu kapat")
    yield d.sees("Şefik Işık oturumu kapatılsın mı?")
    d.click("Oturumu kapat")
    yield d.window("login_window")
    yield d.until(lambda: "sefik" in d.texts(), "the user name kept after log-out")
    d.screenshot("logged-out")
    d.type("supervizor-parola-1")  # the cursor waits in the password: the same person
    d.key("Return")
    yield d.window("main_window")
    d.key("Ctrl+Q")
