"""The PySide6 desktop layer: the only package that imports Qt.

It asks the core to validate, save and export; it never owns a rule or a file format.
"""
