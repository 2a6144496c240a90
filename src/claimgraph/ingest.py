"""Readers for plain text, HTML, JSONL, folders and stdin.

A bad document never stops a batch: readers yield an `InputFailure` naming the input (and line)
and the reason, and go on with the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dateparser

from claimgraph.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CHUNK_CHARS = 100_000


@dataclass
class InputDoc:
    """One document to analyse, with the metadata the contract carries."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None

    def meta(self) -> dict[str, Any]:
        """Metadata as plain JSON values (it travels on the Doc, also across processes)."""
        return {"id": self.id, "title": self.title, "url": self.url, "source": self.source,
                "published": self.published}


@dataclass
class InputFailure:
    """An input that could not be read; `name` says which (file, or file:line)."""

    name: str
    reason: str

    def message(self) -> str:
        return f"{self.name}: {self.reason}"


def normalize_date(value: str | None, name: str = "published") -> str | None:
    """Any date a user or a feed gives ('2026-01-29', 'Jan 29, 2026') as YYYY-MM-DD."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise InputError(f"{name}: cannot read {text!r} as a date")
    return str(parsed.date().isoformat())


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text, refusing binary files and invalid UTF-8 with a precise reason."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start})") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * max(len(text[:8192]), 1):
        raise InputError(f"{name}: binary file (control characters), not text")
    return text


def check_text(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty document")
    return text


def html_to_doc(html: str, name: str) -> InputDoc:
    """Main text and metadata (title, date, site) of an HTML page, through trafilatura."""
    import trafilatura  # deferred: lxml-heavy, only needed for HTML

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return InputDoc(text=text, title=getattr(result, "title", None),
                    url=getattr(result, "url", None),
                    source=getattr(result, "sitename", None) or getattr(result, "hostname", None),
                    published=normalize_date(getattr(result, "date", None), name))


def jsonl_doc(line: str, name: str) -> InputDoc:
    """One JSONL record (`text`, optional `id`, `title`, `url`, `source`, `published`)."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: malformed JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{name}: a JSONL line must be an object")
    text = raw.get("text")
    if not isinstance(text, str):
        raise InputError(f"{name}: no \"text\" string")
    check_text(text, name)
    doc_id = raw.get("id")
    return InputDoc(text=text, id=None if doc_id is None else str(doc_id),
                    title=raw.get("title"), url=raw.get("url"), source=raw.get("source"),
                    published=normalize_date(raw.get("published"), name))


def read_jsonl(lines: Iterator[str], name: str) -> Iterator[InputDoc | InputFailure]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield jsonl_doc(line, where)
        except InputError as exc:
            yield InputFailure(where, str(exc).removeprefix(f"{where}: "))


def read_text_blob(text: str, name: str, kind: str) -> Iterator[InputDoc | InputFailure]:
    """Dispatch already-decoded content by kind: 'text', 'html' or 'jsonl'."""
    try:
        if kind == "jsonl":
            yield from read_jsonl(iter(text.splitlines()), name)
        elif kind == "html":
            yield html_to_doc(check_text(text, name), name)
        else:
            yield InputDoc(text=check_text(text, name))
    except InputError as exc:
        yield InputFailure(name, str(exc).removeprefix(f"{name}: "))


def _kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _sniff(text: str) -> str:
    head = text.lstrip()[:512].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def read_file(path: Path, kind: str | None = None) -> Iterator[InputDoc | InputFailure]:
    name = str(path)
    try:
        text = decode_text(path.read_bytes(), name)
    except OSError as exc:
        yield InputFailure(name, exc.strerror or str(exc))
        return
    except InputError as exc:
        yield InputFailure(name, str(exc).removeprefix(f"{name}: "))
        return
    yield from read_text_blob(text, name, kind or _kind_of(path) or _sniff(text))


def read_inputs(target: str, published: str | None = None) -> Iterator[InputDoc | InputFailure]:
    """Documents from a file, a folder (recursive, by extension) or '-' (stdin).

    `published` overrides each document's own date.
    """
    override = normalize_date(published) if published else None
    for item in _read_any(target):
        if isinstance(item, InputDoc) and override:
            item.published = override
        yield item


def _read_any(target: str) -> Iterator[InputDoc | InputFailure]:
    if target == "-":
        try:
            text = decode_text(sys.stdin.buffer.read(), "<stdin>")
        except InputError as exc:
            yield InputFailure("<stdin>", str(exc).removeprefix("<stdin>: "))
            return
        yield from read_text_blob(text, "<stdin>", _sniff(text))
        return
    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _kind_of(p))
        if not files:
            yield InputFailure(target, "folder holds no .txt, .html or .jsonl files")
        for file in files:
            yield from read_file(file)
    elif path.exists():
        yield from read_file(path)
    else:
        yield InputFailure(target, "no such file or folder")


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split a long text at paragraph (else line, else sentence) breaks into parts of at most
    `limit` characters, with each part's offset, so a 5 MB file is parsed piece by piece."""
    if len(text) <= limit:
        return [(0, text)]
    parts, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
            if cut > limit // 4:
                end = start + cut + 1
        parts.append((start, text[start:end]))
        start = end
    return parts
