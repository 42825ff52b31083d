"""Checks a signature image before a backend lays it out.

Validation already requires a PNG or JPEG under 2 MB, but 2 MB of PNG can describe a
picture of billions of pixels; decoding that would exhaust memory. Only the header is
read here.
"""

from __future__ import annotations

import io
import warnings

MAX_PIXELS = 4_000_000
"""A 300 dpi scan of a whole A5 page is about 4 million pixels; signatures are far smaller."""


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels of a usable PNG or JPEG, or None when it cannot be used."""
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
                picture.load()
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
    return width, height
