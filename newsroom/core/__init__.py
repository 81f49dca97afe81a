"""Domain and storage: models, sessions, services. Imports no Qt.

Everything that reads or writes the database goes through the service modules here
(`articles`, `revisions`, `search`, `settings`, `entities`); the GUI, the CLI and the
tests are all callers of the same functions.
"""
