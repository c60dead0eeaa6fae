"""Pure domain rules of desk_app: validation, Turkish text, references, state machines.

Standard library only; nothing here touches the database, Qt or the file system.
"""
