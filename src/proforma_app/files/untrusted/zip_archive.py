"""Zip archives (Word documents) from outside: each member read once, within a budget.

Refused before anything is inflated: more members than any Word document has, a name
listed twice, and members whose stored bytes overlap (the trick that lets a small file
stand for thousands of large members). Members are inflated through
:func:`~proforma_app.files.untrusted.inflate.inflate_limited`, so declared sizes are never trusted.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from proforma_app.files.untrusted.files import RefusedFile
from proforma_app.files.untrusted.inflate import inflate_limited

MAX_MEMBERS = 5_000
"""A Proforma Word export has about a dozen members; Word itself rarely passes a few hundred."""
_LOCAL_HEADER = 30
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, UnicodeDecodeError)


class UntrustedZip:
    """A zip archive held in memory whose members can each be read once, with a limit."""

    def __init__(self, data: bytes, what: str, total_limit: int) -> None:
        self._data = data
        self._what = what
        self._left = total_limit
        self._total_limit = total_limit
        self._read: set[str] = set()
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self._archive.infolist()
        except _ZIP_ERRORS as exc:
            raise self._damaged(exc) from None
        if len(infos) > MAX_MEMBERS:
            raise RefusedFile(
                f"the {what} lists {len(infos):,} parts; no real one has more than {MAX_MEMBERS:,}"
            )
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.filename in self._members:
                raise RefusedFile(
                    f"the {what} lists the part {info.filename!r} more than once "
                    "(a damaged or hostile file)"
                )
            self._members[info.filename] = info
        self._refuse_overlaps(infos)

    def names(self) -> list[str]:
        return list(self._members)

    def read(self, name: str, limit: int) -> bytes:
        """One member's bytes, at most ``limit`` of them; each member can be read only once."""
        if name in self._read:
            raise RefusedFile(f"the part {name!r} of the {self._what} was already read")
        self._read.add(name)
        info = self._members[name]
        limit = min(limit, self._left)
        raw_start = self._data_start(info)
        raw = self._data[raw_start : raw_start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            content = raw
            if len(content) > limit:
                raise RefusedFile(self._over(limit))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            content = inflate_limited(
                raw, limit, f"part {name!r} of the {self._what}", -zlib.MAX_WBITS
            )
        else:
            raise RefusedFile(
                f"the part {name!r} of the {self._what} is compressed in a way Word does not use"
            )
        if zlib.crc32(content) != info.CRC:
            raise RefusedFile(
                f"the part {name!r} of the {self._what} is damaged (its checksum does not match)"
            )
        self._left -= len(content)
        return content

    def _data_start(self, info: zipfile.ZipInfo) -> int:
        header = self._data[info.header_offset : info.header_offset + _LOCAL_HEADER]
        if len(header) < _LOCAL_HEADER or not header.startswith(_LOCAL_HEADER_SIGNATURE):
            raise RefusedFile(f"the {self._what} is damaged (a part's header is missing)")
        name_length = int.from_bytes(header[26:28], "little")
        extra_length = int.from_bytes(header[28:30], "little")
        start = info.header_offset + _LOCAL_HEADER + name_length + extra_length
        if start + info.compress_size > len(self._data):
            raise RefusedFile(f"the {self._what} is damaged (a part runs past the end)")
        if info.flag_bits & 0x1:
            raise RefusedFile(f"the {self._what} is encrypted; Proforma exports never are")
        return start

    def _refuse_overlaps(self, infos: list[zipfile.ZipInfo]) -> None:
        ordered = sorted(infos, key=lambda i: i.header_offset)
        end = 0
        for info in ordered:
            if info.header_offset < end:
                raise RefusedFile(
                    f"the {self._what} has parts stored on top of each other "
                    "(a damaged or hostile file)"
                )
            end = info.header_offset + _LOCAL_HEADER + info.compress_size
            if end > len(self._data):
                raise RefusedFile(f"the {self._what} is damaged (a part runs past the end)")

    def _over(self, limit: int) -> str:
        return (
            f"the {self._what} holds more than {limit // 1024 // 1024} MB of data; "
            "no real one does (a compression bomb?)"
        )

    def _damaged(self, exc: BaseException) -> RefusedFile:
        return RefusedFile(f"the {self._what} is damaged and cannot be read ({type(exc).__name__})")
