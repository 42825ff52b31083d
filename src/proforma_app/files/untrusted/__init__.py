"""Reading files that arrive from outside: bounded in bytes, time and work, never blocking.

Reviewers open drafts and exports sent by other organisations, and the app opens whatever
is in its recovery folder, so every such file is read through this package:

- ``files``: only regular files, checked on the open descriptor (``O_NONBLOCK``/``fstat``);
- ``inflate``: a byte budget enforced while inflating, whatever size is declared;
- ``zip_archive``: each member read once; repeated or overlapping members refused;
- ``xml``: UTF-8 or UTF-16 only, and no document type declaration in any encoding;
- ``pdf``: exactly one ``draft.json`` attachment, counted before anything is inflated;
- ``budget``: a time budget per file.

Every refusal is a :class:`~proforma_app.draft.DraftError` whose message says why in plain
words. Submodules are imported by their users, so opening a draft never loads the XML or
PDF readers.
"""
