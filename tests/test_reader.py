"""Reading text files, JSONL corpora and standard input into articles."""

from __future__ import annotations

import codecs
import io
import json
import sys
import tomllib
import types
from pathlib import Path

import pytest

from attrib.errors import InputError
from attrib.models import Article
from attrib.read.decode import UNDECODABLE, decode_text
from attrib.read.inputs import read_inputs

SENTENCE = "وقال وزير المالية إن العجز تراجع بنسبة 5% خلال العام الماضي."
# Leading and trailing whitespace and CRLF must survive: offsets point into the text.
RAGGED = "\r\n  " + SENTENCE + "\r\n" + SENTENCE + "  \n\n"


def read_one(path: Path, encoding: str | None = None) -> Article | InputError:
    [result] = list(read_inputs([str(path)], encoding))
    return result


def outcome(result: Article | InputError) -> tuple[str, str]:
    """("ok", id) for an article, ("error", message) for a failure."""
    if isinstance(result, InputError):
        return ("error", str(result))
    return ("ok", result.id)


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


# --- decoding -----------------------------------------------------------------

DECODED = [
    ("utf-8", RAGGED.encode("utf-8")),
    ("utf-8 with BOM", codecs.BOM_UTF8 + RAGGED.encode("utf-8")),
    ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + RAGGED.encode("utf-16-le")),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + RAGGED.encode("utf-16-be")),
    ("utf-32 LE with BOM", codecs.BOM_UTF32_LE + RAGGED.encode("utf-32-le")),
    ("windows-1256", RAGGED.encode("cp1256")),
    ("windows-1256 with a French name", (RAGGED + " Société Générale").encode("cp1256")),
]


@pytest.mark.parametrize(("label", "data"), DECODED, ids=[label for label, _ in DECODED])
def test_text_file_is_decoded_exactly(tmp_path: Path, label: str, data: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    expected = RAGGED + (" Société Générale" if "French" in label else "")
    assert read_one(path) == Article(id="article", text=expected, origin=str(path))


# Texts in other single-byte encodings must not be taken for Windows-1256 Arabic.
NOT_ARABIC = [
    ("French in Latin-1", "Le ministre a déclaré que le déficit a reculé de 5 %.", "latin-1"),
    ("English with one í", "The minister, José Martí, said the deficit fell.", "latin-1"),
    ("Russian in Windows-1251", "Министр финансов заявил, что дефицит сократился.", "cp1251"),
    ("Greek in Windows-1253", "Ο υπουργός Οικονομικών δήλωσε ότι το έλλειμμα μειώθηκε.", "cp1253"),
    ("Hebrew in Windows-1255", "שר האוצר אמר כי הגירעון ירד בשנה שעברה.", "cp1255"),
    ("Arabic in ISO-8859-6", SENTENCE, "iso-8859-6"),
]


@pytest.mark.parametrize(("label", "text", "encoding"), NOT_ARABIC, ids=[c[0] for c in NOT_ARABIC])
def test_other_single_byte_text_is_not_guessed(label: str, text: str, encoding: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(text.encode(encoding), "in.txt")
    assert str(caught.value) == f"in.txt: {UNDECODABLE}"


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (SENTENCE.encode("iso-8859-6"), "iso-8859-6", SENTENCE),
        (SENTENCE.encode("cp1256"), "cp1256", SENTENCE),
        ("déclaré".encode("latin-1"), "latin-1", "déclaré"),
        # A BOM wins over the encoding given.
        (codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), "cp1256", SENTENCE),
        # Given explicitly, UTF-16 without a BOM is fine despite its NUL bytes.
        (SENTENCE.encode("utf-16-le"), "utf-16-le", SENTENCE),
    ],
)
def test_encoding_given_is_used(tmp_path: Path, data: bytes, encoding: str, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert read_one(path, encoding) == Article(id="article", text=expected, origin=str(path))


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        (SENTENCE.encode("cp1256"), "utf-8", "cannot decode as utf-8: bad byte 0xe6 at offset 0"),
        (b"abc\x81", "cp1252", "cannot decode as cp1252: bad byte 0x81 at offset 3"),
        (codecs.BOM_UTF8 + b"ok \xff", None, "cannot decode as utf-8: bad byte 0xff at offset 6"),
        (SENTENCE.encode("utf-8"), "xyz", "unknown encoding 'xyz'"),
        (SENTENCE.encode("utf-8"), "base64", "unknown encoding 'base64'"),
        # A typo in the name is reported even when a BOM makes it unneeded.
        (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "xyz", "unknown encoding 'xyz'"),
    ],
)
def test_decode_errors(data: bytes, encoding: str | None, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(data, "in.txt", encoding)
    assert str(caught.value) == f"in.txt: {message}"


# UTF-8 with a byte lost, added or changed inside is refused, not read as Windows-1256
# mojibake (ظ‚ط§ظ„): the rest of it is valid UTF-8, which Windows-1256 Arabic never is.
UTF8 = SENTENCE.encode("utf-8")
DAMAGED = [
    ("second byte of the first letter lost", UTF8[:1] + UTF8[2:], 0),
    ("first byte of the third letter lost", UTF8[:4] + UTF8[5:], 4),
    ("a stray byte added", UTF8[:9] + b"\xff" + UTF8[9:], 9),
    ("two letters damaged: the first is named", UTF8[:11] + UTF8[12:30] + UTF8[31:], 11),
]


@pytest.mark.parametrize(("label", "data", "offset"), DAMAGED, ids=[c[0] for c in DAMAGED])
def test_damaged_utf8_is_an_error(label: str, data: bytes, offset: int) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(data, "in.txt")
    assert str(caught.value) == f"in.txt: cannot decode: invalid UTF-8 byte 0x{data[offset]:02x} at offset {offset}"


def test_windows_1256_is_never_taken_for_damaged_utf8() -> None:
    """Every example sentence, alone: a Windows-1256 letter is seldom followed by a byte that makes it UTF-8."""
    examples = tomllib.loads((Path(__file__).parent / "data" / "cue_examples.toml").read_text(encoding="utf-8"))
    texts = [example["text"] for example in examples["example"]]
    assert [decode_text(text.encode("cp1256"), "in.txt") for text in texts] == texts


# --- text files -----------------------------------------------------------------

FILE_ERRORS = [
    ("empty", b"", "empty file"),
    ("only whitespace", b" \r\n\t\n", "empty file"),
    ("only a BOM", codecs.BOM_UTF8, "empty file"),
    ("UTF-16 spaces", codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"), "empty file"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
    ("UTF-16 without BOM", SENTENCE.encode("utf-16-le"), "binary file (NUL bytes)"),
    ("undecodable", "déclaré".encode("latin-1"), UNDECODABLE),
]


@pytest.mark.parametrize(("label", "data", "message"), FILE_ERRORS, ids=[c[0] for c in FILE_ERRORS])
def test_text_file_errors(tmp_path: Path, label: str, data: bytes, message: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert outcome(read_one(path)) == ("error", f"{path}: {message}")


def test_unknown_encoding_on_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    assert outcome(read_one(path, "xyz")) == ("error", f"{path}: unknown encoding 'xyz'")


@pytest.mark.parametrize("name", ["missing.txt", "missing.jsonl"])
def test_missing_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert outcome(read_one(path)) == ("error", f"{path}: no such file")


@pytest.mark.parametrize("name", ["folder", "folder.jsonl"])
def test_directory(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.mkdir()
    assert outcome(read_one(path)) == ("error", f"{path}: is a directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 cannot stop root (as in CI containers), so the refusal is simulated.
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    path = tmp_path / "article.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert outcome(read_one(path)) == ("error", f"{path}: permission denied")


def test_one_failure_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "c.jsonl").write_bytes(jsonl({"id": "c1", "text": SENTENCE}))
    paths = [str(tmp_path / name) for name in ("a.txt", "b.txt", "c.jsonl")]
    assert [outcome(r) for r in read_inputs(paths)] == [
        ("ok", "a"),
        ("error", f"{paths[1]}: no such file"),
        ("ok", "c1"),
    ]


# --- JSONL corpora ----------------------------------------------------------------

# (line, expected outcome): the line number is the position in this table, from 1.
CORPUS_LINES: list[tuple[bytes, tuple[str, str]]] = [
    (jsonl({"id": "a1", "text": SENTENCE, "claims": [{"x": 1}]}), ("ok", "a1")),
    (b"\n", ("skipped", "")),
    (b'{"id": "a2", "text": \n', ("error", "not JSON: Expecting value at column 22")),
    (b'{"id": "a3", "text": "\xff"}\n', ("error", "not UTF-8: bad byte 0xff at column 23")),
    (b"[1, 2]\n", ("error", "expected a JSON object, not an array")),
    (jsonl({"id": "a5", "title": "t"}), ("error", "missing 'text'")),
    (jsonl({"id": "a6", "text": 5}), ("error", "'text' must be a string, not a number")),
    (jsonl({"id": "a7", "text": None}), ("error", "'text' must be a string, not null")),
    (jsonl({"text": SENTENCE}), ("ok", "corpus:9")),
    (jsonl({"id": "", "text": SENTENCE}), ("ok", "corpus:10")),
    (jsonl({"id": None, "text": SENTENCE}), ("ok", "corpus:11")),
    (jsonl({"id": 42, "text": SENTENCE}), ("ok", "42")),
    (jsonl({"id": [1], "text": SENTENCE}), ("error", "'id' must be a string or a number, not an array")),
    (jsonl({"id": True, "text": SENTENCE}), ("error", "'id' must be a string or a number, not a boolean")),
    (jsonl({"id": "a15", "text": SENTENCE, "date": 2024}), ("error", "'date' must be a string or null, not a number")),
    (b'{"id": "a16", "text": "\\ud800"}\n', ("error", "'text' has an unpaired surrogate")),
    (b'{"id": "a17", "text": "abc}\n', ("error", "not JSON: Unterminated string starting at column 23")),
    (b"[" * 100_000 + b"\n", ("error", "not JSON: nested too deeply")),
    (b"   \r\n", ("skipped", "")),
    (jsonl({"id": "last", "text": RAGGED, "title": None, "url": "https://example.com/a"}), ("ok", "last")),
]


def test_corpus_good_and_bad_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"".join(line for line, _ in CORPUS_LINES))
    expected = [
        (kind, f"{path}:{lineno}: {detail}" if kind == "error" else detail)
        for lineno, (_, (kind, detail)) in enumerate(CORPUS_LINES, start=1)
        if kind != "skipped"
    ]
    results = list(read_inputs([str(path)]))
    assert [outcome(r) for r in results] == expected

    articles = [r for r in results if isinstance(r, Article)]
    assert articles[0] == Article(id="a1", text=SENTENCE, origin=f"{path}:1")
    assert articles[-1] == Article(
        id="last", text=RAGGED, url="https://example.com/a", origin=f"{path}:{len(CORPUS_LINES)}"
    )


def test_corpus_metadata_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "news.NDJSON"
    record = {"id": "n1", "text": SENTENCE, "title": "العجز", "url": "u", "date": "2024-05-01"}
    path.write_bytes(codecs.BOM_UTF8 + jsonl(record))
    assert read_one(path) == Article(**record, origin=f"{path}:1")


def test_empty_corpus(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n  \n")
    assert outcome(read_one(path)) == ("error", f"{path}: empty file")


def test_corpus_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(jsonl({"id": "1", "text": SENTENCE}) + b"not json\n")
    results = read_inputs([str(path)])
    assert outcome(next(results)) == ("ok", "1")
    # Lines written after the first article came out are still read: the file
    # is consumed line by line, not loaded when reading starts.
    with path.open("ab") as corpus:
        corpus.write(jsonl({"id": "3", "text": SENTENCE}))
    assert [outcome(r) for r in results] == [
        ("error", f"{path}:2: not JSON: Expecting value at column 1"),
        ("ok", "3"),
    ]


# --- standard input ------------------------------------------------------------------


def read_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, encoding: str | None = None) -> list[Article | InputError]:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
    return list(read_inputs(["-"], encoding))


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (RAGGED.encode("utf-8"), RAGGED),
        (codecs.BOM_UTF8 + RAGGED.encode("utf-8"), RAGGED),
        (codecs.BOM_UTF16_LE + RAGGED.encode("utf-16-le"), RAGGED),
        (RAGGED.encode("cp1256"), RAGGED),
        (b"\n\n[not a corpus]\n" + SENTENCE.encode(), "\n\n[not a corpus]\n" + SENTENCE),
    ],
)
def test_stdin_text(monkeypatch: pytest.MonkeyPatch, data: bytes, text: str) -> None:
    assert read_stdin(monkeypatch, data) == [Article(id="stdin", text=text, origin="<stdin>")]


def test_stdin_text_with_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SENTENCE.encode("iso-8859-6")
    assert read_stdin(monkeypatch, data, "iso-8859-6") == [
        Article(id="stdin", text=SENTENCE, origin="<stdin>")
    ]


def test_stdin_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    data = codecs.BOM_UTF8 + b"\n  \n" + jsonl({"id": "s1", "text": SENTENCE}, [], {"text": RAGGED})
    first, error, last = read_stdin(monkeypatch, data)
    assert first == Article(id="s1", text=SENTENCE, origin="<stdin>:3")
    assert outcome(error) == ("error", "<stdin>:4: expected a JSON object, not an array")
    assert last == Article(id="stdin:5", text=RAGGED, origin="<stdin>:5")


@pytest.mark.parametrize("data", [b"", b" \n\n"])
def test_stdin_empty(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    assert [outcome(r) for r in read_stdin(monkeypatch, data)] == [("error", "<stdin>: empty file")]


# --- .json files (issue 11, item 4) ------------------------------------------------

EXPORTED = {"article": {"id": "x", "title": None, "url": None, "date": None, "length": 3}, "claims": []}


@pytest.mark.parametrize(("data", "expected"), [
    (json.dumps({"id": "a1", "text": SENTENCE}, ensure_ascii=False).encode(), [("ok", "a1")]),
    (codecs.BOM_UTF8 + json.dumps({"text": SENTENCE}, ensure_ascii=False).encode(), [("ok", "doc")]),
    (b'[\n  {"text": "\xd9\x82\xd8\xa7\xd9\x84"},\n  {"id": 3},\n  {"id": "b", "text": "\xd9\x82"}\n]',
     [("ok", "doc:2"), ("error", "doc.json:3: missing 'text'"), ("ok", "b")]),
    (json.dumps(EXPORTED).encode(), [
        ("error", "doc.json:1: an export of attrib (article and claims), not an article:"
                  " give it to attrib batch or attrib db add"),
    ]),
    (b'{\n"text": }', [("error", "doc.json:2: not JSON: Expecting value at column 9")]),
    (b'"text"', [("error", "doc.json:1: expected a JSON object, not a string")]),
    (b"  \n", [("error", "doc.json: empty file")]),
    (b"\xff{}", [("error", "doc.json: not UTF-8: bad byte 0xff at offset 0")]),
])
def test_a_json_file_is_an_article_or_an_array_of_them(
    tmp_path: Path, data: bytes, expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(data)
    found = [outcome(item) for item in read_inputs([str(path)])]
    assert [(kind, text.replace(f"{tmp_path}/", "")) for kind, text in found] == expected
