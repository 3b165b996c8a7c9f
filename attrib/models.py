"""The data that flows through attrib: input articles and exported claims."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from attrib.errors import InputError

Stance = Literal[
    "neutral", "assert", "deny", "allege", "opinion",
    "hedge", "support", "oppose", "warn", "call",
]
ClaimType = Literal["direct", "indirect", "mixed", "according_to"]
SpeakerKind = Literal["person", "organization", "media", "anonymous", "other"]

STANCES: tuple[str, ...] = Stance.__args__  # type: ignore[attr-defined]
CLAIM_TYPES: tuple[str, ...] = ClaimType.__args__  # type: ignore[attr-defined]
SPEAKER_KINDS: tuple[str, ...] = SpeakerKind.__args__  # type: ignore[attr-defined]

LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's "\ud800": valid JSON, but no text UTF-8 can hold


class Article(BaseModel):
    """An article as read from input: its text exactly as given, and metadata."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    origin: str | None = None  # where it was read: "file.jsonl:12", "file.txt", "<stdin>"
    site: str | None = None  # the outlet that published it: a page's site name, a record's "site"
    encoding: str | None = None  # how a saved web page's bytes were decoded
    extracted: bool = False  # the text was extracted from a web page, so the export carries it

    @model_validator(mode="after")
    def _no_lone_surrogate(self) -> Article:
        """Refuse a lone surrogate with the readers' located error: its claims could not be exported."""
        for key in ("id", "text", "title", "url", "date", "site"):
            value = getattr(self, key)
            if value is not None and LONE_SURROGATE.search(value):
                # An InputError, not a ValueError: pydantic lets it through as it is.
                raise InputError(self.origin or self.id, f"{key!r} has an unpaired surrogate")
        return self


class Span(BaseModel):
    """A piece of the article: `text == article.text[start:end]`."""

    model_config = ConfigDict(extra="forbid")

    text: str
    start: int
    end: int


class CueSpan(Span):
    """The reporting expression, with the dictionary form it inflects."""

    lemma: str


class SpeakerSpan(Span):
    """Who made the statement: the mention here, its canonical name, role and kind."""

    name: str
    role: str | None = None
    kind: SpeakerKind | None = None


class Claim(BaseModel):
    """One reporting event: ANNOTATION.md section 2."""

    model_config = ConfigDict(extra="forbid")

    id: str
    sentence: int
    cue: CueSpan
    speaker: SpeakerSpan | None
    source: Span | None
    content: Span
    stance: Stance
    type: ClaimType


# Written only when known, so the export of a plain text or corpus article stays as it was.
OPTIONAL_INFO = ("site", "encoding", "text")


class ArticleInfo(BaseModel):
    """The article as the export describes it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    length: int
    site: str | None = None  # the outlet that published it
    encoding: str | None = None  # the encoding of a saved web page
    text: str | None = None  # the text extracted from a web page: the offsets point into it

    @model_serializer(mode="wrap")
    def _omit_unknown(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        data: dict[str, object] = handler(self)
        for key in OPTIONAL_INFO:
            if data.get(key) is None:
                data.pop(key, None)
        return data


class ArticleClaims(BaseModel):
    """One line of the export: an article and the claims found in it."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleInfo
    claims: list[Claim]


def json_bytes(data: Any, indent: int | None = None) -> bytes:
    """UTF-8 JSON with the Arabic letters as they are, never `\\u` escapes."""
    return json.dumps(data, ensure_ascii=False, indent=indent).encode("utf-8")


def export_line(result: ArticleClaims) -> bytes:
    """One line of the JSON Lines export, without its newline: what `export`, `batch` and `db export` write."""
    return json_bytes(result.model_dump(mode="json"))
