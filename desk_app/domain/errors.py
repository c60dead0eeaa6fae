"""Domain errors whose messages a front-desk clerk can read (Turkish)."""

from __future__ import annotations


class DomainError(Exception):
    """Base class of every error raised by the domain and service layers.

    ``message`` is Turkish text for the clerk, naming the field and the fix;
    ``field`` is the form field the error belongs to (``None`` when it concerns the whole record).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, field={self.field!r})"


class ValidationError(DomainError):
    """Bad input for a field."""


class PermissionDenied(DomainError):
    """The user's role does not allow the action."""


class NotFound(DomainError):
    """The record does not exist (any more)."""


class Conflict(DomainError):
    """Someone else changed the record in the meantime."""


class InvalidTransition(DomainError):
    """A status change that the state machine does not allow."""
