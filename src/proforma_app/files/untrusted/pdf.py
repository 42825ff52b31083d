"""PDFs from outside: exactly one ``draft.json`` attachment, and page text within limits.

pypdf does the parsing under a :func:`pypdf.apply_configuration` with limits sized for a
form export; the attachment is found by walking the embedded-files name tree (depth and
node count bounded, loops refused), counted and size-checked while still compressed, and
inflated here with the budget enforced while inflating.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from proforma_app.files.untrusted.budget import check_time
from proforma_app.files.untrusted.files import RefusedFile
from proforma_app.files.untrusted.inflate import inflate_limited

MAX_STREAM_BYTES = 32 * 1024 * 1024
"""Largest inflated stream pypdf may produce (a page of a form is a few hundred KB)."""
MAX_NAME_TREE_NODES = 2_000
MAX_NAME_TREE_DEPTH = 16
MAX_PAGES_FOR_TEXT = 2_000
MAX_TEXT_CHARACTERS = 64 * 1024 * 1024


@contextmanager
def _limited_pypdf() -> Iterator[Any]:
    from pypdf import PdfReader, apply_configuration

    # pypdf logs what it repairs in damaged files; the reviewer gets one row per file instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    with apply_configuration(
        maximum_declared_stream_length=MAX_STREAM_BYTES,
        zlib_maximum_output_length=MAX_STREAM_BYTES,
        lzw_maximum_output_length=MAX_STREAM_BYTES,
        run_length_maximum_output_length=MAX_STREAM_BYTES,
        array_based_stream_maximum_output_length=MAX_STREAM_BYTES,
        jbig2_maximum_output_length=MAX_STREAM_BYTES,
        brotli_maximum_output_length=MAX_STREAM_BYTES,
        image_maximum_buffer_size=MAX_STREAM_BYTES,
        stream_decoding_work_maximum_length=4 * MAX_STREAM_BYTES,
        jbig2dec_binary=None,
    ):
        yield PdfReader


def open_pdf(data: bytes) -> Any:
    """A pypdf reader over ``data``; refused when encrypted."""
    with _limited_pypdf() as reader_class:
        reader = reader_class(io.BytesIO(data))
        if reader.is_encrypted:
            raise RefusedFile("the PDF is encrypted; Proforma exports never are")
        return reader


def single_attachment(reader: Any, name: str, limit: int) -> bytes:
    """The one attachment called ``name``; refused when there is none, several or a large one."""
    with _limited_pypdf():
        found = [spec for spec in _file_specs(reader) if _spec_name(spec) == name]
        if not found:
            raise RefusedFile(
                f"the PDF has no draft attached ({name}): it was not exported by "
                "Proforma, or the attachment was removed"
            )
        if len(found) > 1:
            raise RefusedFile(
                f"the PDF has {len(found)} attachments called {name}; a Proforma export "
                "has exactly one, so none of them is trusted"
            )
        stream = _embedded_stream(found[0])
        raw = stream._data  # the stored (still compressed) bytes
        if not isinstance(raw, bytes):
            raise RefusedFile("the draft attached to the PDF is damaged")
        filters = stream.get("/Filter")
        if isinstance(filters, list) and len(filters) == 1:
            filters = filters[0]
        if filters is None:
            if len(raw) > limit:
                raise RefusedFile("the draft attached to the PDF is too large to be a real draft")
            return raw
        if filters != "/FlateDecode" or stream.get("/DecodeParms") is not None:
            raise RefusedFile(
                "the draft attached to the PDF is compressed in a way Proforma never uses"
            )
        return inflate_limited(raw, limit, "draft attached to the PDF")


def page_text(reader: Any) -> str:
    """All the text on the pages, in order, within the limits above."""
    parts: list[str] = []
    total = 0
    with _limited_pypdf():
        pages = reader.pages
        if len(pages) > MAX_PAGES_FOR_TEXT:
            raise RefusedFile(f"the PDF has {len(pages):,} pages; no export has that many")
        for number, page in enumerate(pages, 1):
            check_time()
            _refuse_oversized_content(page, number)
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARACTERS:
                raise RefusedFile("the PDF holds far more text than any export")
            parts.append(text)
    return "\n".join(parts)


def _refuse_oversized_content(page: Any, number: int) -> None:
    """pypdf's text extraction skips a stream over its limit silently; here it is a refusal."""
    from pypdf.errors import LimitReachedError

    try:
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()  # decoded once, kept by pypdf for the extraction
    except LimitReachedError:
        raise RefusedFile(
            f"page {number} of the PDF inflates to more than {MAX_STREAM_BYTES // 1024 // 1024} MB; "
            "no export has such a page (a compression bomb?)"
        ) from None


def _file_specs(reader: Any) -> Iterator[Any]:
    from pypdf.generic import ArrayObject, DictionaryObject

    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    names = root.get("/Names") if isinstance(root, DictionaryObject) else None
    names = names.get_object() if names is not None else None
    tree = names.get("/EmbeddedFiles") if isinstance(names, DictionaryObject) else None
    if tree is None:
        return
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(tree, 0)]
    while stack:
        check_time()
        node_ref, depth = stack.pop()
        node = node_ref.get_object()
        if not isinstance(node, DictionaryObject):
            continue
        if id(node) in seen or depth > MAX_NAME_TREE_DEPTH or len(seen) >= MAX_NAME_TREE_NODES:
            raise RefusedFile("the PDF's list of attachments is damaged (it loops or is too deep)")
        seen.add(id(node))
        pairs = node.get("/Names")
        pairs = pairs.get_object() if pairs is not None else None
        if isinstance(pairs, ArrayObject):
            for index in range(1, len(pairs), 2):
                yield pairs[index].get_object()
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if isinstance(kids, ArrayObject):
            stack.extend((kid, depth + 1) for kid in reversed(kids))


def _spec_name(spec: Any) -> str | None:
    from pypdf.generic import DictionaryObject

    if not isinstance(spec, DictionaryObject):
        return None
    value = spec.get("/UF") or spec.get("/F")
    return str(value) if value is not None else None


def _embedded_stream(spec: Any) -> Any:
    from pypdf.generic import DictionaryObject, StreamObject

    files = spec.get("/EF")
    files = files.get_object() if files is not None else None
    stream = files.get("/F") if isinstance(files, DictionaryObject) else None
    stream = stream.get_object() if stream is not None else None
    if not isinstance(stream, StreamObject):
        raise RefusedFile("the draft attached to the PDF is damaged (no data)")
    return stream
