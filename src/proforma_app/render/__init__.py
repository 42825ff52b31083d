"""The Qt-free, backend-neutral plan of an export (see ``model`` and ``plan``)."""

from proforma_app.render.model import WATERMARK, Document
from proforma_app.render.plan import build_document

__all__ = ["WATERMARK", "Document", "build_document"]
