"""XML from outside: UTF-8 or UTF-16 only, and never any document type declaration.

A byte search for ``<!DOCTYPE`` misses the same text in UTF-16 or UTF-7, and entities
then expand to gigabytes. So the encoding is decided first (byte-order mark, else the XML
declaration) and anything but UTF-8 or UTF-16 is refused with a message; then defusedxml's
expat parser refuses any DTD, entity or external reference after decoding, whatever the
encoding.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from proforma_app.files.untrusted.budget import check_time
from proforma_app.files.untrusted.files import RefusedFile

ACCEPTED = frozenset({"utf-8", "utf8", "utf-16", "utf16"})
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")


def parse_untrusted_xml(data: bytes, what: str) -> Element:
    """The root element; :class:`RefusedFile` for another encoding, a DTD or bad XML."""
    check_time()
    declared = _encoding_of(data)
    if declared.lower() not in ACCEPTED:
        raise RefusedFile(
            f"the {what} is written in the {declared} encoding; only UTF-8 and UTF-16 are accepted"
        )
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise RefusedFile(
            f"the {what} contains a document type declaration or entities, which Proforma "
            "never writes (a hostile file?)"
        ) from None
    except (ParseError, ValueError, UnicodeError):
        raise RefusedFile(f"the {what} is not well-formed XML") from None


def _encoding_of(data: bytes) -> str:
    """The encoding the document says it is in (UTF-8 when it says nothing)."""
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return "UTF-32"
    if data.startswith(b"\xef\xbb\xbf"):
        return _declared(data[3:], "utf-8") or "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        codec = (
            "utf-16"
            if data[:2] in (b"\xff\xfe", b"\xfe\xff")
            else ("utf-16-le" if data.startswith(b"<\x00") else "utf-16-be")
        )
        head = data[:512].decode(codec, errors="ignore").encode("utf-8")
        return _declared(head, codec) or "UTF-16"
    if data.startswith(b"\x00\x00\x00<") or data.startswith(b"<\x00\x00\x00"):
        return "UTF-32"
    if data.startswith(b"\x4c\x6f\xa7\x94"):
        return "EBCDIC"
    return _declared(data, "utf-8") or "UTF-8"


def _declared(head: bytes, _codec: str) -> str | None:
    match = _DECLARED.match(head[:512])
    return match.group(1).decode("ascii") if match else None
