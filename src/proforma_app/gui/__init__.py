"""The PySide6 desktop layer: the only package that imports Qt.

It asks the core to validate, save and export; it never owns a rule or a file format.
"""

from proforma_app.gui.qt_compat import protect_none

protect_none()
