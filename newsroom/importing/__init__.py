"""Importing existing stories: Markdown with front matter, saved news pages (HTML or
text), and Newsroom's own exported sites. Start at `import_paths` (service.py).

A package of its own, a layer above `publish` (it reads pages our export wrote) and
below `ui`. This file re-exports nothing: its modules import one another, and a
re-export here would have them import the package back while it is half loaded.
"""
