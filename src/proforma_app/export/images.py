"""Signature images, made safe and plain before a backend lays them out.

Validation already requires a PNG or JPEG under 2 MB, but 2 MB of PNG can describe a
picture of billions of pixels (decoding it would exhaust memory), and python-docx reads
only some JPEG variants (not, for example, the CMYK JPEGs scanners write). So the image
is checked from its header, decoded once with Pillow and written again as a plain PNG,
no larger than a signature needs; both backends embed that.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

MAX_PIXELS = 4_000_000
"""A 300 dpi scan of a whole A5 page is about 4 million pixels; signatures are far smaller."""
MAX_SIZE = (1200, 400)
"""Pixels kept: about 300 dpi at the 60 × 17 mm a signature is printed."""


def alt_text(name: str) -> str:
    """What a screen reader says for the signature picture of ``name`` (cleaned text)."""
    return f"Signature of {name or 'the signatory'}"


@dataclass(frozen=True, slots=True)
class SignaturePicture:
    png: bytes
    width: int
    height: int


def signature_picture(data: bytes) -> SignaturePicture | None:
    """The signature as a plain PNG, or None when the image cannot be used."""
    from PIL import Image  # only exports with a scanned signature pay for Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                if picture.format not in ("PNG", "JPEG"):
                    return None
                width, height = picture.size
                if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                    return None
                has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
                plain = picture.convert("RGBA" if has_alpha else "RGB")
        plain.thumbnail(MAX_SIZE)
        out = io.BytesIO()
        plain.save(out, "PNG", optimize=False)
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
    return SignaturePicture(out.getvalue(), plain.width, plain.height)
