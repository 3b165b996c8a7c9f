"""Decoding the bytes of an article: byte order marks, UTF-8, Windows-1256, and damaged UTF-8 told apart.

Shared by the text and JSONL readers (inputs.py) and the saved-page reader (webpage.py).
"""

from __future__ import annotations

import codecs
import gzip
import re
from pathlib import Path
from typing import BinaryIO, cast

from attrib.errors import InputError, printable

UTF8_BOM = codecs.BOM_UTF8
GZIP_SUFFIX = ".gz"
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (UTF8_BOM, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Windows-1256 defines every byte, so any bytes "decode"; the letters decide.
# Arabic text gives Arabic letters only; text in another single-byte encoding
# gives a mix, because Windows-1256 keeps the French accented letters
# (é, è, à, ç...) at their Latin-1 places: Latin-1 French stays Latin, and
# Cyrillic, Greek or Hebrew turn into Arabic letters interleaved with é, ô, î.
ARABIC_FIRST, ARABIC_LAST = "\u0600", "\u06ff"
MIN_ARABIC_SHARE_OF_LETTERS = 0.5  # rejects English with one stray "í" (read as ي)
MIN_ARABIC_SHARE_OF_NON_ASCII = 0.9  # rejects Cyrillic, Greek, Hebrew (under 0.5)

STRAY_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it

UNDECODABLE = "cannot decode: not UTF-8, and not Arabic text in Windows-1256; try --encoding"


def decode_text(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode bytes of an article; raises InputError. Order: BOM (UTF-8, UTF-16 or UTF-32, LE/BE), then `encoding` if given, strict UTF-8, then Windows-1256 only if the result is plausibly Arabic text."""
    if encoding is not None:
        _check_encoding(encoding, where)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return decode_strict(data, codec, where, start=len(bom))
    if encoding is not None:
        return decode_strict(data, encoding, where)
    if b"\x00" in data:
        raise InputError(where, "binary file (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        damage = utf8_damage(data, err)
        if damage is not None:
            raise InputError(where, f"cannot decode: {damage}") from None
    else:
        if _controls(text):
            # Arabic in UTF-16 with no BOM has no NUL byte: its bytes pass as UTF-8 controls
            raise InputError(where, "cannot decode: control characters throughout (UTF-16 without a BOM?); try --encoding")
        return text
    text = data.decode("cp1256")
    if looks_arabic(text):
        return text
    raise InputError(where, UNDECODABLE)


def utf8_damage(data: bytes, err: UnicodeDecodeError) -> str | None:
    """Where UTF-8 is broken, if the bytes are damaged UTF-8 rather than another encoding; else None.

    Windows-1256 would read damaged UTF-8 Arabic as mojibake (ظ‚ط§ظ„), with no error.
    """
    if err.reason == "unexpected end of data":
        # cut inside its last letter
        return f"truncated UTF-8 sequence at offset {err.start}"
    if _mostly_utf8(data):
        # a byte lost, added or changed inside: the text around the damage is still UTF-8
        return f"invalid UTF-8 byte 0x{data[err.start]:02x} at offset {err.start}"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Are most non-ASCII characters of `data` valid UTF-8 sequences, not stray bytes?

    An Arabic letter in Windows-1256 is one byte from 0xC1 to 0xFE, which UTF-8 reads
    as the lead of a sequence; the next byte is a letter or ASCII, so almost never the
    continuation (0x80-0xBF) UTF-8 needs: in the Arabic texts of the test suite about
    one letter in 100 passes, and never most letters of a sentence or even a word.
    Damaged UTF-8 is the other way round: only the bytes around the damage fail.
    """
    text = data.decode("utf-8", "surrogateescape")  # each stray byte becomes one of U+DC80..U+DCFF
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    stray = len(text) - len(STRAY_BYTE.sub("", text))
    return non_ascii - stray > stray


def _check_encoding(encoding: str, where: str) -> None:
    """Fail early on a name Python does not know as a text encoding ('xyz', 'base64')."""
    try:
        b"\x00\x00\x00\x00".decode(encoding)  # an empty input would skip the codec lookup
    except UnicodeDecodeError:
        pass  # a real text encoding that just rejects these bytes
    except (LookupError, UnicodeError):
        raise InputError(where, f"unknown encoding {encoding!r}") from None


def decode_strict(data: bytes, codec: str, where: str, start: int = 0) -> str:
    """`data[start:]` decoded with `codec`; raises InputError naming the first bad byte."""
    try:
        return data[start:].decode(codec)
    except UnicodeDecodeError as err:
        offset = start + err.start
        raise InputError(
            where, f"cannot decode as {codec}: bad byte 0x{data[offset]:02x} at offset {offset}"
        ) from None


def _controls(text: str) -> bool:
    """Are more than a tenth of the characters C0 controls other than white space?"""
    sample = text[:4096]
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\r\f\v")
    return len(sample) > 0 and controls * 10 > len(sample)


def looks_arabic(text: str) -> bool:
    """Is the text plausibly Arabic: enough of its letters, and nearly all of its non-ASCII ones?"""
    letters = [char for char in text if char.isalpha()]
    non_ascii = [char for char in letters if not char.isascii()]
    arabic = sum(ARABIC_FIRST <= char <= ARABIC_LAST for char in letters)
    return (
        arabic > 0
        and arabic >= MIN_ARABIC_SHARE_OF_LETTERS * len(letters)
        and arabic >= MIN_ARABIC_SHARE_OF_NON_ASCII * len(non_ascii)
    )


def file_stem(path: str) -> str:
    """The id an article takes from its file name: the stem, printable (`errors.printable`).

    A compressed corpus keeps the stem of what it compresses: `wires.jsonl.gz` is `wires`.
    """
    name = Path(path)
    if name.suffix.lower() == GZIP_SUFFIX:
        name = name.with_suffix("")
    return printable(name.stem)


def open_binary(path: str) -> BinaryIO:
    """A file opened for reading bytes; a `.gz` file decompressed as it is read."""
    if path.lower().endswith(GZIP_SUFFIX):
        return cast(BinaryIO, gzip.open(path, "rb"))
    return open(path, "rb")


def os_message(err: OSError) -> str:
    """A short reason for a failed read: `no such file`, `is a directory`..."""
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    return f"cannot read: {err.strerror or err}"
