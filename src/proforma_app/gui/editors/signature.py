"""A signature block: who signs (name and role), when, and optionally a scanned signature."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from proforma_app.core.answer_checks import MAX_SIGNATURE_IMAGE_BYTES
from proforma_app.gui import dialogs
from proforma_app.gui.editors.base import Definition, FieldEditor
from proforma_app.gui.editors.date import DateEditor

_PARTS = ("name", "role", "date", "image")


class SignatureEditor(FieldEditor):
    """Stored as ``{"name", "role", "date", "image"?}``; the image is base64 PNG or JPEG."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        self.setObjectName(name)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_input = QLineEdit(self)
        self.name_input.setObjectName(f"{name}.name")
        self.role_input = QLineEdit(self)
        self.role_input.setObjectName(f"{name}.role")
        self.date_editor = DateEditor(definition, f"{name}.date", self, compact=False)
        self.date_editor.line.setPlaceholderText("dd/mm/yyyy")
        form.addRow(self._caption("Name", self.name_input), self.name_input)
        form.addRow(self._caption("Role", self.role_input), self.role_input)
        form.addRow(self._caption("Date signed", self.date_editor.line), self.date_editor)
        image_row = QWidget(self)
        image_layout = QHBoxLayout(image_row)
        image_layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel(image_row)
        self.preview.setObjectName(f"{name}.preview")
        self.add_image = QPushButton("Add signature image…", image_row)
        self.add_image.setObjectName(f"{name}.image")
        self.remove_image = QPushButton("Remove image", image_row)
        self.remove_image.setObjectName(f"{name}.remove_image")
        image_layout.addWidget(self.preview)
        image_layout.addWidget(self.add_image)
        image_layout.addWidget(self.remove_image)
        image_layout.addStretch(1)
        form.addRow(self._caption("Signature image (optional)", self.add_image), image_row)
        self._image: str | None = None
        self._extra: dict[str, Any] = {}
        self.name_input.textChanged.connect(self._changed)
        self.role_input.textChanged.connect(self._changed)
        self.date_editor.edited.connect(self._changed)
        self.add_image.clicked.connect(self.choose_image)
        self.remove_image.clicked.connect(self.clear_image)
        self._show_image()

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def inputs(self) -> list[QWidget]:
        widgets: list[QWidget] = [
            self.name_input,
            self.role_input,
            *self.date_editor.inputs(),
            self.add_image,
        ]
        if self.remove_image.isVisibleTo(self):
            widgets.append(self.remove_image)
        return widgets

    def describe(self, name: str, description: str) -> None:
        self.name_input.setAccessibleName(f"{name}: name")
        self.role_input.setAccessibleName(f"{name}: role")
        self.date_editor.describe(f"{name}: date signed", description)
        self.add_image.setAccessibleName(f"{name}: add signature image")
        self.remove_image.setAccessibleName(f"{name}: remove signature image")
        for widget in (self.name_input, self.role_input, self.add_image, self.remove_image):
            widget.setAccessibleDescription(description)

    def choose_image(self) -> None:
        path = dialogs.choose_open_path(self, "Add a signature image", None, dialogs.IMAGE_FILTER)
        if path is not None:
            self.load_image(path)

    def load_image(self, path: Path) -> bool:
        """Attach a PNG or JPEG; says why when the file cannot be used."""
        try:
            size = path.stat().st_size
            if size > MAX_SIGNATURE_IMAGE_BYTES:
                raise ValueError("the image is larger than 2 MB; scan it at a lower resolution")
            data = path.read_bytes()
        except ValueError as exc:
            dialogs.inform(self, "warning", "Signature image not added", f"{path.name}: {exc}")
            return False
        except OSError as exc:
            dialogs.inform(
                self,
                "warning",
                "Signature image not added",
                f"{path.name} cannot be read: {exc.strerror or exc}",
            )
            return False
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
            dialogs.inform(
                self,
                "warning",
                "Signature image not added",
                f"{path.name} is not a PNG or JPEG image",
            )
            return False
        self._image = base64.b64encode(data).decode("ascii")
        self._show_image()
        self._changed()
        return True

    def clear_image(self) -> None:
        self._image = None
        self._show_image()
        self._changed()
        self.add_image.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_image(self) -> None:
        pixmap = QPixmap()
        if self._image:
            pixmap.loadFromData(QByteArray(base64.b64decode(self._image, validate=False)))
        if pixmap.isNull():
            self.preview.clear()
            self.preview.setVisible(bool(self._image))
            if self._image:
                self.preview.setText("(image cannot be shown)")
        else:
            height = self.name_input.sizeHint().height() * 2
            self.preview.setPixmap(
                pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
            )
            self.preview.setVisible(True)
        self.remove_image.setVisible(bool(self._image))
        self.add_image.setText(
            "Replace signature image…" if self._image else "Add signature image…"
        )

    def _value(self) -> Any:
        value: dict[str, Any] = dict(self._extra)
        value["name"] = self.name_input.text()
        value["role"] = self.role_input.text()
        value["date"] = self.date_editor.value()
        if self._image:
            value["image"] = self._image
        else:
            value.pop("image", None)
        if not self._extra and not any(value.get(p) for p in _PARTS):
            return None
        return value

    def _show(self, value: Any) -> bool:
        if value is not None and not isinstance(value, dict):
            self._extra = {}
            self.name_input.clear()
            self.role_input.clear()
            self.date_editor.set_value(None)
            self._image = None
            self._show_image()
            return False
        data = value or {}
        self._extra = {k: v for k, v in data.items() if k not in _PARTS}
        name, role, image = data.get("name"), data.get("role"), data.get("image")
        self.name_input.setText(name if isinstance(name, str) else "")
        self.role_input.setText(role if isinstance(role, str) else "")
        self.date_editor.set_value(data.get("date"))
        self._image = image if isinstance(image, str) and image else None
        self._show_image()
        return value is None or self._value() == value
