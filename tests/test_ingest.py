import io
import json

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import (InputDoc, InputFailure, chunk_text, normalize_date, read_inputs)


def items(target, **kw):
    return list(read_inputs(str(target), **kw))


def test_plain_text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Iraq's parliament met on Monday.\n", encoding="utf-8")
    [doc] = items(path, published="2026-01-29")
    assert isinstance(doc, InputDoc) and doc.published == "2026-01-29"
    assert doc.text.startswith("Iraq's parliament")


def test_html_main_text_and_metadata(tmp_path):
    body = " ".join(["The foreign ministers met in Muscat to discuss the Yemen talks."] * 8)
    html = (f"<html><head><title>Talks in Muscat</title>"
            f'<meta property="og:site_name" content="Gulf Wire">'
            f'<meta name="date" content="2026-02-03"></head><body><nav>Home | World</nav>'
            f"<article><h1>Talks in Muscat</h1><p>{body}</p><p>{body}</p></article>"
            f"<footer>Copyright</footer></body></html>")
    path = tmp_path / "a.html"
    path.write_text(html, encoding="utf-8")
    [doc] = items(path)
    assert isinstance(doc, InputDoc)
    assert "foreign ministers met in Muscat" in doc.text and "Copyright" not in doc.text
    assert doc.title == "Talks in Muscat" and doc.published == "2026-02-03"
    assert doc.source == "Gulf Wire"


def test_jsonl_with_a_malformed_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "First text."}\n{"id": "b", "text": \n'
                    '{"id": "c", "text": "Third text.", "published": "Feb 3, 2026"}\n')
    got = items(path)
    assert [type(g).__name__ for g in got] == ["InputDoc", "InputFailure", "InputDoc"]
    assert got[1].name == f"{path}:2" and "malformed JSON" in got[1].reason
    assert got[2].id == "c" and got[2].published == "2026-02-03"


def test_jsonl_line_without_text(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a"}\n')
    [fail] = items(path)
    assert isinstance(fail, InputFailure) and "no \"text\"" in fail.message()


def test_folder_is_read_recursively_by_extension(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "sub" / "b.txt").write_text("Two.")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    assert sorted(d.text for d in items(tmp_path)) == ["One.", "Two."]


@pytest.mark.parametrize("content,reason", [
    (b"", "empty document"),
    (b"   \n\n", "empty document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"caf\xe9 au lait", "not valid UTF-8 (byte 0xe9 at offset 3)"),
])
def test_bad_files_give_one_line_reasons(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [fail] = items(path)
    assert isinstance(fail, InputFailure)
    assert fail.message().startswith(str(path)) and reason in fail.message()
    assert "\n" not in fail.message()


def test_missing_path(tmp_path):
    [fail] = items(tmp_path / "nope.txt")
    assert "no such file" in fail.reason


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(
        json.dumps({"id": "x", "text": "Hello."}).encode() + b"\n")))
    [doc] = items("-")
    assert doc.id == "x"


def test_bad_published_date():
    with pytest.raises(InputError, match="cannot read 'not a date' as a date"):
        normalize_date("not a date")


def test_chunking_a_5mb_text_keeps_every_character():
    para = "Iraqi officials said the talks in Baghdad would resume next week. " * 40
    text = "\n\n".join([para] * 1900)
    assert len(text) > 5_000_000
    parts = chunk_text(text)
    assert len(parts) > 40 and all(len(p) <= 100_000 for _, p in parts)
    assert "".join(p for _, p in parts) == text
    assert all(text[off:off + len(p)] == p for off, p in parts)
