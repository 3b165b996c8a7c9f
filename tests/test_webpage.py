"""Saved web pages: how their bytes are decoded, and what trafilatura takes from them."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from tracker_corpus import page
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.errors import InputError
from attrib.models import Article
from attrib.read.webpage import (
    NO_TEXT,
    UNDECODABLE_PAGE,
    declared_charset,
    decode_page,
    page_article,
    read_page_file,
)

runner = CliRunner()
TEXT = "وقالت وزارة الصحة العراقية إن حصيلة ضحايا التفجير ارتفعت إلى 12 قتيلاً و30 جريحاً."
FRENCH = "Le ministre a déclaré que le déficit a reculé de 5 % et que la dette baisse."


def html(charset: str | None = None, body: str = TEXT, *, http_equiv: bool = False, title: str = "خبر") -> str:
    if charset is None:
        meta = ""
    elif http_equiv:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        meta = f'<meta charset="{charset}">'
    return f"<html><head>{meta}<title>{title}</title></head><body><article><p>{body}</p></article></body></html>"


def _without_byte(data: bytes, offset: int) -> bytes:
    return data[:offset] + data[offset + 1:]


# (label, bytes, --encoding, the encoding that must be used)
DECODED = [
    ("UTF-8, declared", html("utf-8").encode("utf-8"), None, "utf-8"),
    ("UTF-8, undeclared", html().encode("utf-8"), None, "utf-8"),
    ("UTF-8 with BOM, declared windows-1256", codecs.BOM_UTF8 + html("windows-1256").encode("utf-8"), None, "utf-8"),
    # issue 11, item 5: the declaration would make mojibake of valid UTF-8 Arabic
    ("UTF-8, declared windows-1256", html("windows-1256").encode("utf-8"), None, "utf-8"),
    ("UTF-8, declared by http-equiv windows-1256", html("windows-1256", http_equiv=True).encode("utf-8"), None, "utf-8"),
    ("UTF-8, declared iso-8859-6", html("iso-8859-6").encode("utf-8"), None, "utf-8"),
    ("UTF-16 LE with BOM", codecs.BOM_UTF16_LE + html().encode("utf-16-le"), None, "utf-16-le"),
    ("Windows-1256, declared", html("windows-1256").encode("cp1256"), None, "cp1256"),
    ("Windows-1256, declared by http-equiv", html("windows-1256", http_equiv=True).encode("cp1256"), None, "cp1256"),
    ("Windows-1256, undeclared", html().encode("cp1256"), None, "cp1256"),
    ("Windows-1256, declared Latin-1 by mistake", html("iso-8859-1").encode("cp1256"), None, "cp1256"),
    ("ISO-8859-6, undeclared", html().encode("iso-8859-6"), None, "iso8859-6"),
    ("ISO-8859-6, declared", html("iso-8859-6").encode("iso-8859-6"), None, "iso8859-6"),
    ("declared UTF-16 without BOM is UTF-8", html("utf-16").encode("utf-8"), None, "utf-8"),
    ("--encoding wins over the declaration", html("utf-8").encode("cp1256"), "windows-1256", "cp1256"),
]


@pytest.mark.parametrize(("label", "data", "encoding", "used"), DECODED, ids=[c[0] for c in DECODED])
def test_page_bytes_are_decoded_and_the_encoding_recorded(label: str, data: bytes, encoding: str | None, used: str) -> None:
    text, codec = decode_page(data, "page.html", encoding)
    assert codec == used
    assert TEXT in text


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        (html("iso-8859-1", FRENCH, title="Budget").encode("latin-1"), None, UNDECODABLE_PAGE),  # no Arabic
        (html(None, FRENCH, title="Budget").encode("latin-1"), None, UNDECODABLE_PAGE),
        (html().encode("utf-8"), "ascii", f"cannot decode as ascii: bad byte 0xd8 at offset {html().index('خ')}"),
        (html().encode("utf-8"), "no-such-codec", "unknown encoding 'no-such-codec'"),
        (b"<html>\x00\x01</html>", None, "binary file (NUL bytes)"),
        # one byte of an Arabic letter lost, no charset declared: damaged UTF-8, not Windows-1256
        (_without_byte(html(None).encode("utf-8"), html(None).encode("utf-8").index("خ".encode()) + 1), None,
         f"cannot decode: invalid UTF-8 byte 0x{'خ'.encode()[0]:02x} at offset {html(None).encode('utf-8').index('خ'.encode())}"),
    ],
)
def test_undecodable_pages_are_refused_with_a_reason(data: bytes, encoding: str | None, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_page(data, "page.html", encoding)
    assert str(caught.value) == f"page.html: {message}"


def test_declared_charset_is_looked_up_in_the_head_only() -> None:
    assert declared_charset(b'<meta charset="Windows-1256">') == "cp1256"
    assert declared_charset(b"<meta http-equiv=Content-Type content='text/html;charset=utf-8'>") == "utf-8"
    assert declared_charset(b"<meta charset=x-unknown>") is None
    assert declared_charset(b" " * 5000 + b'<meta charset="cp1256">') is None


def test_title_date_url_and_site_come_from_the_page() -> None:
    data = page(TEXT, title="حصيلة التفجير", site="الجزيرة نت", url="https://www.aljazeera.net/news/x",
                day="2024-03-01", charset="utf-8").encode("utf-8")
    article = page_article(data, "p.html", "p")
    assert article == Article(  # the headline opens the text, the menus and footer are left out
        id="p", text=f"حصيلة التفجير\n{TEXT}", title="حصيلة التفجير", url="https://www.aljazeera.net/news/x", date="2024-03-01",
        site="الجزيرة نت", encoding="utf-8", extracted=True, origin="p.html",
    )


def test_a_utf8_page_declared_windows_1256_gives_its_claims(tmp_path: Path) -> None:
    """Issue 11, item 5: read as UTF-8 (not mojibake with no claims), and the export says so."""
    page = tmp_path / "page.html"
    page.write_bytes(html("windows-1256").encode("utf-8"))
    result = runner.invoke(app, ["export", str(page), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert exported["article"]["encoding"] == "utf-8"
    assert TEXT in exported["article"]["text"]
    assert exported["claims"]


def test_og_url_stands_in_for_a_missing_canonical_link() -> None:
    data = (
        '<html><head><meta charset="utf-8"><meta property="og:url" content="https://example.org/a/1">'
        f"</head><body><article><p>{TEXT}</p></article></body></html>"
    ).encode()
    assert page_article(data, "p.html", "p").url == "https://example.org/a/1"


def test_page_errors_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    scripts = tmp_path / "scripts.html"
    scripts.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert str(read_page_file(str(empty))) == f"{empty}: empty file"
    assert str(read_page_file(str(scripts))) == f"{scripts}: {NO_TEXT}"
    assert str(read_page_file(str(tmp_path / "gone.html"))) == f"{tmp_path / 'gone.html'}: no such file"


def test_export_of_a_page_carries_its_text_site_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "arabiya.html"
    path.write_bytes(page(TEXT, title="حصيلة", site="العربية", url="https://www.alarabiya.net/x", day="2024-03-01",
                          charset="windows-1256").encode("cp1256"))
    result = runner.invoke(app, ["export", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert exported["article"] == {
        "id": "arabiya", "title": "حصيلة", "url": "https://www.alarabiya.net/x", "date": "2024-03-01",
        "length": len(TEXT) + 6, "site": "العربية", "encoding": "cp1256", "text": f"حصيلة\n{TEXT}",
    }
    [claim] = exported["claims"]
    text = exported["article"]["text"]
    assert text[claim["content"]["start"]:claim["content"]["end"]] == claim["content"]["text"]


def _deep_page(levels: int) -> bytes:
    title = "خبر عاجل من بغداد"
    body = "<div>" * levels + f"<p>{TEXT}</p>" + "</div>" * levels
    return html("utf-8", body=f"</p><h1>{title}</h1><p>{body}", title=title).encode("utf-8")


@pytest.mark.parametrize("levels", [300, 1000])
def test_a_deeply_nested_page_keeps_its_body(levels: int) -> None:
    """libxml2 drops what lies past 255 levels: the page was read as its title alone (issue 11, item 6)."""
    article = page_article(_deep_page(levels), "page.html", "page")
    assert TEXT in article.text


def test_a_page_nested_past_the_parser_limit_is_an_error() -> None:
    with pytest.raises(InputError) as caught:
        page_article(_deep_page(2100), "page.html", "page")
    assert str(caught.value) == "page.html: HTML nested too deeply (over 2048 levels): the page cannot be read"
