"""Hostile submissions, made on the fly: each a small file built to exhaust a reader.

Used by the tests (``tests/core/test_untrusted_inputs.py``, at a small scale) and by
``benchmarks/hostile.py`` (at full scale, printing what a reviewer sees with the time and
peak memory of each). Nothing here is stored in the repository: every file is generated.

    python benchmarks/hostile_inputs.py OUT_DIR [--scale 1.0]
"""

from __future__ import annotations

import argparse
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MB = 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its name, what it tries, and how to make it at a scale."""

    name: str
    attack: str
    make: Callable[[float], bytes]


# ------------------------------------------------------------------ building blocks
def zeros_deflated(size: int, raw: bool = False) -> bytes:
    """``size`` zero bytes compressed without ever holding them (raw deflate for zip)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    block = bytes(MB)
    parts = [packer.compress(block) for _ in range(size // MB)]
    parts.append(packer.compress(bytes(size % MB)))
    parts.append(packer.flush())
    return b"".join(parts)


def sample_draft(name: str = "annex_b_valid") -> dict[str, object]:
    loaded: dict[str, object] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return loaded


def real_export(fmt: str, draft: dict[str, object] | None = None) -> bytes:
    from proforma_app.export import render_export
    from proforma_app.files.draft_format import loads_draft

    data = json.dumps(draft or sample_draft()).encode("utf-8")
    payload, _ = render_export(loads_draft(data), fmt)
    return payload


@dataclass
class RawMember:
    """A zip member written byte by byte, so sizes, names and offsets can lie."""

    name: bytes
    stored: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated_member(name: str, content: bytes) -> RawMember:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    stored = packer.compress(content) + packer.flush()
    return RawMember(name.encode("utf-8"), stored, zlib.crc32(content), len(content))


def raw_zip(members: list[RawMember], central: list[tuple[RawMember, int]] | None = None) -> bytes:
    """A zip archive; ``central`` lists (member, index of the local entry it points at)."""
    out = bytearray()
    offsets = []
    for m in members:
        offsets.append(len(out))
        out += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            m.flags,
            m.method,
            0,
            33,
            m.crc,
            len(m.stored),
            m.size,
            len(m.name),
            0,
        )
        out += m.name + m.stored
    entries = central if central is not None else [(m, i) for i, m in enumerate(members)]
    start = len(out)
    for m, index in entries:
        out += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            m.flags,
            m.method,
            0,
            33,
            m.crc,
            len(m.stored),
            m.size,
            len(m.name),
            0,
            0,
            0,
            0,
            0,
            offsets[index],
        )
        out += m.name
    count = min(len(entries), 0xFFFF)
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(out) - start, start, 0)
    return bytes(out)


def docx_members(replace: dict[str, bytes] | None = None) -> list[RawMember]:
    """The members of a real Word export, some replaced."""
    source = zipfile.ZipFile(io.BytesIO(real_export("docx")))
    members = []
    for info in source.infolist():
        content = source.read(info)
        if replace:
            for prefix, new in replace.items():
                if info.filename.startswith("customXml/item") and prefix == "draft":
                    if b"urn:proforma-app:draft" in content:
                        content = new
                elif info.filename == prefix:
                    content = new
        members.append(deflated_member(info.filename, content))
    return members


def docx_with_draft_part(xml: bytes) -> bytes:
    return raw_zip(docx_members({"draft": xml}))


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF whose object ``n`` is ``objects[n - 1]``; object 1 is the catalogue."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _stream(header: str, data: bytes) -> bytes:
    return f"<< {header} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def pdf_with_attachments(stored: list[bytes], content: bytes | None = None) -> bytes:
    """A one-page PDF with each of ``stored`` (deflated) attached as ``draft.json``;
    ``content`` is the page's content stream, deflated."""
    count = len(stored)
    specs = [5 + 2 * i for i in range(count)]
    names = " ".join(f"(draft.json) {n} 0 R" for n in specs)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        f"<< /Names [{names}] >>".encode(),
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * count} 0 R >>".encode(),
    ]
    for i, data in enumerate(stored):
        objects.append(
            f"<< /Type /Filespec /F (draft.json) /UF (draft.json) /EF << /F {6 + 2 * i} 0 R >> >>".encode()
        )
        objects.append(
            _stream("/Type /EmbeddedFile /Filter /FlateDecode /Params << /Size 10 >>", data)
        )
    objects.append(_stream("/Filter /FlateDecode", content or zlib.compress(b"BT ET")))
    return pdf_from_objects(objects)


# ------------------------------------------------------------------ the hostile files
def _utf16_entities(scale: float) -> bytes:
    depth = max(3, int(9 * scale))
    entities = "".join(
        f'<!ENTITY e{i} "{"".join(f"&e{i - 1};" for _ in range(10))}">' for i in range(1, depth)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE draft [<!ENTITY e0 "lol">{entities}]>'
        f'<draft xmlns="urn:proforma-app:draft">&e{depth - 1};</draft>'
    )
    return docx_with_draft_part(xml.encode("utf-16"))


def _utf7_part(_: float) -> bytes:
    xml = '<?xml version="1.0" encoding="UTF-7"?><draft xmlns="urn:proforma-app:draft">{}</draft>'
    return docx_with_draft_part(xml.encode("utf-7"))


def _latin1_part(_: float) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><draft xmlns="urn:proforma-app:draft">£</draft>'
    )
    return docx_with_draft_part(xml.encode("latin-1"))


def _billion_laughs(scale: float) -> bytes:
    depth = max(3, int(9 * scale))
    entities = "".join(
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, depth)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{entities}]><draft xmlns="urn:proforma-app:draft">&l{depth - 1};</draft>'
    return docx_with_draft_part(xml.encode("utf-8"))


def _xxe(_: float) -> bytes:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<draft xmlns="urn:proforma-app:draft">&x;</draft>'
    )
    return docx_with_draft_part(xml)


def _with_draft_part(stored: bytes, declared: int) -> bytes:
    """A real Word export whose draft part is replaced by ``stored`` (raw deflate)."""
    members = docx_members({"draft": b"<swap/>"})
    for m in members:
        if m.size == len(b"<swap/>"):
            m.stored, m.crc, m.size = stored, 0, declared
    return raw_zip(members)


def _lying_size(scale: float) -> bytes:
    return _with_draft_part(zeros_deflated(int(2048 * MB * scale), raw=True), 1000)


def _deflate_bomb(scale: float) -> bytes:
    size = int(1024 * MB * scale)
    return _with_draft_part(zeros_deflated(size, raw=True), size % 2**32)


def _repeated_member(scale: float) -> bytes:
    content = b"<x>" + bytes(int(20 * MB * scale)) + b"</x>"
    member = deflated_member("customXml/item1.xml", content)
    members = [m for m in docx_members() if not m.name.startswith(b"customXml/item1")]
    central = [(m, i) for i, m in enumerate(members)]
    central += [(member, len(members))] * 1000
    return raw_zip([*members, member], central)


def _overlapping_members(scale: float) -> bytes:
    content = b"<x>" + bytes(int(20 * MB * scale)) + b"</x>"
    member = deflated_member("customXml/item1.xml", content)
    members = [m for m in docx_members() if not m.name.startswith(b"customXml/item1")]
    central = [(m, i) for i, m in enumerate(members)]
    for n in range(1, 200):
        alias = RawMember(
            f"customXml/item{n + 100}.xml".encode(), member.stored, member.crc, member.size
        )
        central.append((alias, len(members)))
    return raw_zip([*members, member], central)


def _corrupt_deflate(_: float) -> bytes:
    members = docx_members()
    for m in members:
        if m.name.startswith(b"customXml/item") and len(m.stored) > 40:
            middle = len(m.stored) // 2
            m.stored = m.stored[:middle] + b"\xff" * 16 + m.stored[middle + 16 :]
    return raw_zip(members)


def _bad_member_name(_: float) -> bytes:
    members = docx_members()
    members.append(RawMember(b"customXml/item\xff\xfe.xml", b"\x03\x00", 0, 0, flags=0x800))
    return raw_zip(members)


def _zip_traversal(_: float) -> bytes:
    members = docx_members()
    evil = deflated_member("../../../../tmp/proforma-evil.txt", b"written outside?")
    return raw_zip([*members, evil])


def _twenty_attachments(scale: float) -> bytes:
    stored = zeros_deflated(int(70 * MB * scale))
    return pdf_with_attachments([stored] * 20)


def _attachment_bomb(scale: float) -> bytes:
    return pdf_with_attachments([zeros_deflated(int(1024 * MB * scale))])


def _page_stream_bomb(scale: float) -> bytes:
    """A real draft attached, and a page whose content inflates to a gigabyte."""
    draft = zlib.compress(json.dumps(sample_draft()).encode("utf-8"))
    return pdf_with_attachments([draft], zeros_deflated(int(1024 * MB * scale)))


def _xref_loop(_: float) -> bytes:
    pdf = real_export("pdf")
    start = pdf.rindex(b"startxref")
    trailer = pdf.rindex(b"trailer")
    offset = int(pdf[start + 9 :].split()[0])
    looped = pdf[:trailer] + f"trailer\n<< /Size 3 /Root 1 0 R /Prev {offset} >>\n".encode()
    return looped + f"startxref\n{offset}\n%%EOF\n".encode()


def _encrypted(_: float) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real_export("pdf"))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _unknown_keys(scale: float) -> bytes:
    draft = sample_draft()
    answers = draft["answers"]
    assert isinstance(answers, dict)
    for n in range(int(600_000 * scale)):
        answers[f"k{n}"] = n
    return json.dumps(draft).encode("utf-8")


def _with_members(items: str, count: int) -> bytes:
    """The sample draft with ``count`` copies of ``items`` as its committee members."""
    text = json.dumps({**sample_draft(), "answers": {**_answers(), "members": None}})
    return text.replace(
        '"members": null', '"members": [' + ",".join([items] * count) + "]"
    ).encode()


def _answers() -> dict[str, object]:
    answers = sample_draft()["answers"]
    assert isinstance(answers, dict)
    return answers


def _too_many_values(_: float) -> bytes:
    """Ten million zeros in 20 MB (always full size: the file is small)."""
    return _with_members("0", 10_000_000)


def _empty_rows(_: float) -> bytes:
    """1,490,000 empty rows, just under the values limit (always full size)."""
    return _with_members("{}", 1_490_000)


def _named_rows(_: float) -> bytes:
    """740,000 rows with a name each, just under the values limit (always full size)."""
    return _with_members('{"name": "A"}', 740_000)


def _edited_after_export(_: float) -> bytes:
    """A real PDF export whose attached draft was swapped for one with another chair."""
    draft = sample_draft()
    shown = real_export("pdf", draft)
    answers = draft["answers"]
    assert isinstance(answers, dict)
    answers["contact_name"] = "Someone Else Entirely"
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(shown)))
    names = writer.root_object["/Names"]
    del names["/EmbeddedFiles"]
    writer.add_attachment("draft.json", json.dumps(draft).encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


HOSTILE: tuple[Hostile, ...] = (
    Hostile(
        "utf16-entities.docx", "UTF-16 draft part with a DTD and nested entities", _utf16_entities
    ),
    Hostile("billion-laughs.docx", "UTF-8 billion laughs in the draft part", _billion_laughs),
    Hostile("xxe.docx", "external entity naming /etc/passwd", _xxe),
    Hostile("utf7-part.docx", "draft part in UTF-7", _utf7_part),
    Hostile("latin1-part.docx", "draft part in ISO-8859-1", _latin1_part),
    Hostile("lying-size.docx", "member declares 1,000 bytes, inflates to 2 GB", _lying_size),
    Hostile("deflate-bomb.docx", "draft part inflating to 1 GB", _deflate_bomb),
    Hostile("repeated-member.docx", "one 20 MB member listed 1,000 times", _repeated_member),
    Hostile(
        "overlapping-members.docx", "199 names for one stored 20 MB member", _overlapping_members
    ),
    Hostile("corrupt-deflate.docx", "draft part's deflate data damaged", _corrupt_deflate),
    Hostile("bad-member-name.docx", "member name not valid UTF-8", _bad_member_name),
    Hostile("zip-traversal.docx", "member named ../../../../tmp/proforma-evil.txt", _zip_traversal),
    Hostile("twenty-attachments.pdf", "twenty 70 MB draft.json attachments", _twenty_attachments),
    Hostile("attachment-bomb.pdf", "draft.json inflating to 1 GB", _attachment_bomb),
    Hostile("page-stream-bomb.pdf", "page content inflating to 1 GB", _page_stream_bomb),
    Hostile("xref-loop.pdf", "cross-reference table that points at itself", _xref_loop),
    Hostile("encrypted.pdf", "export encrypted with a password", _encrypted),
    Hostile("unknown-keys.json", "600,000 answers the form does not ask for", _unknown_keys),
    Hostile("ten-million-values.json", "20 MB of 0,0,0,… in one answer", _too_many_values),
    Hostile("empty-rows.json", "1,490,000 empty table rows", _empty_rows),
    Hostile("named-rows.json", "740,000 table rows, each with a name", _named_rows),
    Hostile("edited-after-export.pdf", "attached draft swapped after export", _edited_after_export),
)


def write_all(folder: Path, scale: float = 1.0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for hostile in HOSTILE:
        path = folder / hostile.name
        path.write_bytes(hostile.make(scale))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    for path in write_all(args.out, args.scale):
        print(f"{path.stat().st_size:>12,}  {path}")


if __name__ == "__main__":
    main()
