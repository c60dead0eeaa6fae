"""What every window needs: the database, the settings and (after login) the user."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desk_app.db import Database
from desk_app.services.context import Actor
from desk_app.settings import Settings


@dataclass(frozen=True)
class AppContext:
    db: Database
    settings: Settings
    actor: Actor | None = None

    def with_actor(self, actor: Actor) -> AppContext:
        return replace(self, actor=actor)

    @property
    def user(self) -> Actor:
        """The logged-in user; windows after the login window can rely on it."""
        if self.actor is None:
            raise RuntimeError("no user is logged in")
        return self.actor
