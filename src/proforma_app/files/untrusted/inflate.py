"""Inflating deflate data with the budget enforced while inflating, not after.

A 1 MB member can inflate to gigabytes; ``zlib.decompressobj`` with ``max_length`` hands
back at most one chunk at a time, so the count stops the work at the budget whatever size
the container declares.
"""

from __future__ import annotations

import zlib

from proforma_app.files.untrusted.budget import check_time
from proforma_app.files.untrusted.files import RefusedFile

_CHUNK = 256 * 1024


def inflate_limited(data: bytes, limit: int, what: str, wbits: int = zlib.MAX_WBITS) -> bytes:
    """``data`` inflated; :class:`RefusedFile` as soon as it passes ``limit`` bytes.

    ``wbits`` as for :mod:`zlib` (``MAX_WBITS`` for a zlib stream as in PDFs, ``-MAX_WBITS``
    for raw deflate as in zip archives).
    """
    inflater = zlib.decompressobj(wbits)
    parts: list[bytes] = []
    total = 0
    pending = data
    try:
        while True:
            check_time()
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            total += len(chunk)
            if total > limit:
                raise RefusedFile(
                    f"the {what} inflates to more than {limit // 1024 // 1024} MB; "
                    "no real one is that large (a compression bomb?)"
                )
            parts.append(chunk)
            if inflater.eof or (not pending and not chunk):
                break
    except zlib.error:
        raise RefusedFile(f"the {what} is damaged (its compressed data is corrupt)") from None
    if not inflater.eof:
        raise RefusedFile(f"the {what} is damaged (its compressed data is cut short)")
    return b"".join(parts)
