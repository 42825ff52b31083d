"""Proforma: the NHS primary care co-commissioning submission forms, as a desktop app.

The package is split in two: a Qt-free core (form definitions, answer models, rules,
drafts, exporters, command line) and the ``gui`` package on top of it.
"""

__version__ = "0.1.0"
