"""Use cases: each takes plain values, checks the actor's permission, works in one transaction,
writes an audit row and returns frozen dataclasses. No ORM object leaves this package."""
