"""Saved web pages: bytes decoded here, main text and metadata taken by trafilatura.

The article's text is the main text trafilatura extracts (menus, footers and
comments left out); offsets refer to it, and the export carries it. The bytes
are decoded before trafilatura sees them, so that the encoding used is known
and recorded: a byte order mark, then `--encoding`, then the page's own
`<meta charset>` (unless it names a single-byte encoding and the bytes are
Arabic in valid UTF-8), then strict UTF-8, then the Arabic single-byte encodings.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import regex

from attrib.errors import InputError
from attrib.models import Article
from attrib.read.decode import (
    BOMS,
    decode_strict,
    file_stem,
    looks_arabic,
    os_message,
    utf8_damage,
)

# The HTML standard's prescan looks for the declaration in the first 1024
# bytes; pages saved by browsers and CMSs sometimes put it later in a long head.
PRESCAN_BYTES = 4096
META_CHARSET = regex.compile(
    rb"""<meta\b[^>]{0,512}?\bcharset\s{0,8}=\s{0,8}["']?\s{0,8}([A-Za-z0-9._:-]{1,40})""",
    regex.IGNORECASE,
)
# Tried in order when nothing else decides: Windows-1256 is by far the most
# common on Arabic sites; ISO-8859-6 (ASMO 708) leaves many bytes undefined,
# so it decodes only what was written in it.
ARABIC_ENCODINGS = ("cp1256", "iso8859-6")
# Only to judge which decoding is plausible, never to parse the page (trafilatura does).
_SCRIPT = regex.compile(r"<(script|style)\b.*?</\1\s*>", regex.IGNORECASE | regex.DOTALL)
_TAG = regex.compile(r"<[^<>]{0,2000}>")
UNICODE_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")

UNDECODABLE_PAGE = (
    "cannot decode: not UTF-8, not its declared charset, and not Arabic text in"
    " Windows-1256 or ISO-8859-6; try --encoding"
)
NO_TEXT = "no article text found in the page"
# libxml2 stops parsing at 256 levels of elements, and at 2048 with its `huge` option.
PARSER_DEPTH_LIMIT = 256
HUGE_DEPTH_LIMIT = 2048

# trafilatura's work grows faster than the markup it reads (a 20 MB page took
# 68 s and 1.2 GB), while scripts and styles cost it almost nothing: it drops
# them first. A news page has well under a million characters of markup
# outside them; pages with more are refused before trafilatura sees them.
MAX_MARKUP = 3_000_000  # characters of the decoded page, scripts and styles left out
_SCRIPT_OPEN = regex.compile(r"<(script|style)\b[^>]{0,2000}>", regex.IGNORECASE)
_SCRIPT_CLOSE = {
    name: regex.compile(rf"</{name}\b[^>]{{0,100}}>", regex.IGNORECASE) for name in ("script", "style")
}


def read_page_file(path: str, encoding: str | None = None) -> Article | InputError:
    """The article of a saved page, named by the file stem, or the InputError saying why not."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return InputError(path, os_message(err))
    try:
        return page_article(data, path, file_stem(path), encoding)
    except InputError as err:
        return err


def page_article(data: bytes, where: str, article_id: str, encoding: str | None = None) -> Article:
    """The main text of a page with its title, date, url and site name; raises InputError."""
    if not data.strip():
        raise InputError(where, "empty file")
    html, used = decode_page(data, where, encoding)
    markup = markup_size(html)
    if markup > MAX_MARKUP:
        raise InputError(where, too_large(markup))
    # Imported here: trafilatura and lxml take a while to load, and only pages need them.
    import trafilatura

    # Precision over recall: a menu or a "read more" list left in the text gives
    # false claims, while the extractor skips little of an article's body.
    document = trafilatura.bare_extraction(
        _tree(html, where), with_metadata=True, include_comments=False, include_images=False, favor_precision=True
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(where, NO_TEXT)
    return Article(
        id=article_id,
        text=text,
        title=_field(document, "title"),
        url=_field(document, "url"),
        date=_field(document, "date"),
        site=_field(document, "sitename"),
        encoding=used,
        extracted=True,
        origin=where,
    )


def markup_size(html: str) -> int:
    """Characters of the page outside the contents of its scripts and styles, in one pass.

    As in HTML, a script or style ends at the first closing tag of its name;
    one left open runs to the end of the page and is counted as markup.
    """
    outside = len(html)
    position = 0
    while (opening := _SCRIPT_OPEN.search(html, position)) is not None:
        closing = _SCRIPT_CLOSE[opening.group(1).lower()].search(html, opening.end())
        if closing is None:
            break
        outside -= closing.start() - opening.end()
        position = closing.end()
    return outside


def too_large(markup: int) -> str:
    """The message for a page with more markup than MAX_MARKUP."""
    return (
        f"page too large: {markup:,} characters of markup outside scripts and styles,"
        f" more than the {MAX_MARKUP:,} read; save the article's text as a .txt file instead"
    )


def _tree(html: str, where: str) -> Any:
    """The page parsed as trafilatura parses it; a page nested deeper than libxml2's default
    limit is parsed again without it, since the parser silently drops what lies deeper
    (the body of the article, leaving its title alone). Raises InputError past the hard limit."""
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None or _depth(tree) < PARSER_DEPTH_LIMIT:
        return tree if tree is not None else html
    deep = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                      remove_pis=True, huge_tree=True)  # trafilatura's parser, without the depth limit
    try:
        tree = fromstring(html, parser=deep)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree = fromstring(html.encode("utf-8"), parser=deep)
    if _depth(tree) >= HUGE_DEPTH_LIMIT:
        raise InputError(where, f"HTML nested too deeply (over {HUGE_DEPTH_LIMIT} levels): the page cannot be read")
    return tree


def _depth(tree: Any) -> int:
    """How many elements deep the tree goes (the root is 1)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def decode_page(data: bytes, where: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used) of a page's bytes; raises InputError when no encoding fits."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return decode_strict(data, codec, where, start=len(bom)), codec
    if encoding is not None:
        given = _codec_name(encoding)
        if given is None:
            raise InputError(where, f"unknown encoding {encoding!r}")
        return decode_strict(data, encoding, where), given
    if b"\x00" in data:
        raise InputError(where, "binary file (NUL bytes)")
    declared = declared_charset(data)
    if declared is not None and declared.startswith(("utf-16", "utf-32")):
        declared = "utf-8"  # as browsers do: bytes without a BOM cannot be UTF-16 if they parse as ASCII
    if declared is not None and declared not in UNICODE_ENCODINGS and not data.isascii():
        utf8 = _try(data, "utf-8")
        if utf8 is not None and _arabic_page(utf8):
            # Arabic in valid UTF-8 under a single-byte declaration (a template kept from an old
            # site): the declaration is wrong, since Arabic in Windows-1256 is never valid UTF-8
            # (decode.py, _mostly_utf8). The encoding returned, and recorded, says which was used.
            return utf8, "utf-8"
    if declared is not None:
        text = _try(data, declared)
        if text is not None and (declared in UNICODE_ENCODINGS or data.isascii() or _arabic_page(text)):
            return text, declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        damage = utf8_damage(data, err)  # damaged UTF-8: Windows-1256 would make mojibake of it
        if damage is not None:
            raise InputError(where, f"cannot decode: {damage}") from None
    for codec in ARABIC_ENCODINGS:
        text = _try(data, codec)
        if text is not None and _arabic_page(text):
            return text, codec
    raise InputError(where, UNDECODABLE_PAGE)


def declared_charset(data: bytes) -> str | None:
    """The Python codec named by the page's `<meta charset>` or `http-equiv` declaration, if known."""
    found = META_CHARSET.search(data[:PRESCAN_BYTES])
    if found is None:
        return None
    return _codec_name(found.group(1).decode("ascii"))


def _codec_name(label: str) -> str | None:
    """Python's name for an encoding label (`windows-1256` -> `cp1256`), None if unknown."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # base64, zlib and the like are codecs but not text encodings.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _arabic_page(html: str) -> bool:
    """Is the page's visible text plausibly Arabic, as decode.py judges a text file?

    Markup, scripts and styles are left out first: their ASCII letters would
    outnumber any text. Windows-1256 keeps the French accented letters where
    Latin-1 has them, and ISO-8859-6 turns them into Arabic letters amid Latin
    words, so a page in another single-byte encoding is refused either way.
    """
    return looks_arabic(_TAG.sub(" ", _SCRIPT.sub(" ", html)))


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _field(document: object, name: str) -> str | None:
    value = getattr(document, name, None)
    return value.strip() or None if isinstance(value, str) else None
