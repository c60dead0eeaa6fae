"""Screenshots of the desk GUI for review and documentation (offscreen, no display needed).

    .venv/bin/python scripts/screenshots.py --out shots/ [--db URL]

Builds a temporary SQLite database (or uses --db), creates an administrator, loads a demo year
when desk_app.services.demo exists, and writes one PNG per window, dialog and page.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ADMIN = ("admin", "Ayşe Yılmaz", "yonetici-parola")
CLERK = ("irem", "İrem Çelik", "masa-parolasi")
SIZE = (1366, 768)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QWidget

    from desk_app.db import open_database
    from desk_app.domain.errors import DomainError
    from desk_app.domain.states import Role
    from desk_app.services import auth
    from desk_app.services.context import Actor, cli_actor
    from desk_app.settings import Settings
    from desk_app.ui.app import create_application
    from desk_app.ui.context import AppContext
    from desk_app.ui.demo_offer_dialog import DemoOfferDialog
    from desk_app.ui.first_admin_dialog import FirstAdminDialog
    from desk_app.ui.login_window import LoginWindow
    from desk_app.ui.main_window import MainWindow

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="desk_shots_"))
    app = create_application([sys.argv[0]])
    # Keep the reviewer's own window positions out of it.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))
    QCoreApplication.setOrganizationName("DeskAppScreenshots")

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def save(widget: QWidget, name: str) -> Path:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)
        return path

    def save_over(window: QWidget, dialog: QWidget, name: str) -> None:
        """The window with a dialog drawn centred over it (they are separate top-levels)."""
        settle()
        base = window.grab()
        top = dialog.grab()
        canvas = QPixmap(base)
        painter = QPainter(canvas)
        painter.drawPixmap(
            (base.width() - top.width()) // 2, (base.height() - top.height()) // 3, top
        )
        painter.end()
        path = out / f"{name}.png"
        canvas.save(str(path))
        print(path)

    def database(url: str | None) -> tuple[AppContext, bool]:
        url = url or f"sqlite:///{(work / 'desk.sqlite3').as_posix()}"
        db = open_database(url)
        settings = Settings(db_url=url, db_url_source="--db", config_path=work / "config.ini")
        return AppContext(db=db, settings=settings), auth.needs_first_admin(db)

    ctx, fresh = database(args.db)

    # First-admin dialog, filled in as an installer would (on the empty database).
    dialog = FirstAdminDialog(ctx)
    dialog.username_edit.setText(ADMIN[0])
    dialog.full_name_edit.setText(ADMIN[1])
    dialog.password_edit.setText(ADMIN[2])
    dialog.repeat_edit.setText(ADMIN[2] + "x")
    dialog.show()
    save(dialog, "first_admin_dialog")
    dialog.close()

    if fresh:
        auth.create_first_admin(ctx.db, *ADMIN)
        admin = auth.login(ctx.db, ADMIN[0], ADMIN[2])
        auth.add_user(ctx.db, admin, CLERK[0], CLERK[1], Role.DESK, CLERK[2])
    else:
        users = auth.list_users(ctx.db, cli_actor())
        first = next(u for u in users if u.role is Role.ADMIN and u.active)
        admin = Actor(
            user_id=first.id, username=first.username, role=first.role, full_name=first.full_name
        )

    offer = DemoOfferDialog()
    offer.show()
    save(offer, "demo_offer_dialog")
    offer.close()

    if fresh and not args.no_demo and importlib.util.find_spec("desk_app.services.demo"):
        from desk_app.services.demo import generate_demo

        last = [""]

        def progress(fraction: float, text: str) -> bool:
            if text != last[0]:
                last[0] = text
                print(f"  demo {fraction:4.0%} {text}", flush=True)
            return True

        generate_demo(ctx.db, admin, year=2025, seed=1, progress=progress)
    elif fresh:
        print("desk_app.services.demo not available: screenshots without demo data")

    # Login window: empty, then after a lock-out (on a throw-away database, never a real user).
    login = LoginWindow(ctx)
    login.resize(*SIZE)
    login.show()
    save(login, "login_window")
    login.close()
    lock_ctx, _ = database(f"sqlite:///{(work / 'lockout.sqlite3').as_posix()}")
    auth.create_first_admin(lock_ctx.db, *ADMIN)
    login = LoginWindow(lock_ctx, username=ADMIN[0])
    login.resize(*SIZE)
    login.show()
    for _ in range(5):
        login.password_edit.setText("yanlis-parola")
        login.on_login_clicked()
    save(login, "login_window_locked_out")
    login.close()

    def main_window(actor: Actor) -> MainWindow:
        window = MainWindow(ctx.with_actor(actor), idle_lock_ms=0, restore_state=False)
        window.resize(*SIZE)
        window.show()
        return window

    window = main_window(admin)
    for index, key in enumerate(window.page_keys(), start=1):
        window.show_page(key)
        save(window, f"main_{index}_{key}")
    window.search_edit.setText("Yılmaz")
    window.lock()
    assert window.lock_dialog is not None
    window.lock_dialog.password_edit.setText("yanlis")
    window.lock_dialog.on_unlock_clicked()
    save(window.lock_dialog, "lock_dialog")
    save_over(window, window.lock_dialog, "main_locked")
    window.lock_dialog.password_edit.setText(ADMIN[2])
    window.lock_dialog.on_unlock_clicked()
    window.close()

    clerk: Actor | None
    try:
        clerk = auth.login(ctx.db, CLERK[0], CLERK[2]) if fresh else None
    except DomainError:
        clerk = None
    if clerk is not None:
        window = main_window(clerk)
        save(window, "main_desk_role")
        window.close()

    ctx.db.dispose()
    lock_ctx.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
