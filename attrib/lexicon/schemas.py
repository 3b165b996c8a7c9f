"""The pattern files' schemas, and their validation with located problems.

Every file is parsed into pydantic models with `extra="forbid"`; every problem
is reported with its file and line (`cues.toml:41: [cue "أكد" -> stance] ...`).
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from attrib.errors import PatternError
from attrib.models import Stance

FILES = ("cues.toml", "grammar.toml", "speakers.toml", "furniture.toml")  # a pattern set has each of them
ALIASES_FILE = "aliases.toml"  # optional: the tracker's speaker aliases
NonEmpty = Field(min_length=1)


class _Strict(BaseModel):
    # strict: "yes" or 1 is no boolean, a number is no word; a typo must not pass as a value
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class VerbEntry(_Strict):
    lemma: str = NonEmpty
    stance: Stance
    perfect: str | None = None
    imperfect: str | None = None
    participle: str | None = None
    extra: Words = []
    impersonal: Words = []
    skip: Words = []
    object: bool = False
    ambiguous: bool = False
    negated: Stance | None = None
    via: Words = []
    # the preposition before the one whose words are relayed (نقلت X *عن* Y, علمت X *من* Y):
    # Y is the speaker, X the source
    relay: str | None = None
    speech_only: bool = False
    with_object: Words = []


class FrameEntry(_Strict):
    word: str = NonEmpty
    stance: Stance


class PhraseEntry(_Strict):
    text: str = NonEmpty
    stance: Stance
    kind: Literal["frame", "participle", "verb", "impersonal"]
    # the words said follow it directly, with no colon, quotation mark or أن (بالقول سنعمل …)
    speech_follows: bool = False


class NounEntry(_Strict):
    word: str = NonEmpty
    stance: Stance
    plural: str | None = None
    via: Words = Field(min_length=1)  # what introduces the content: بأن, ب, إلى, من …
    # whom an attached pronoun names: the one who speaks (دعوته إلى: his call), or the one
    # the act is about (لاتهامهم بنشر: for their being accused)
    possessor: Literal["speaker", "target"] = "speaker"


class CuesFile(_Strict):
    verb: list[VerbEntry] = []
    frame: list[FrameEntry] = []
    phrase: list[PhraseEntry] = []
    noun: list[NounEntry] = []


Words = list[Annotated[str, Field(min_length=1)]]  # an empty word would match nothing, or everything


class GrammarFile(_Strict):
    complementizers: Words
    negators: Words
    negated_auxiliaries: Words
    clause_openers: Words
    relays: Words
    listener_objects: Words
    labeling_verbs: Words
    broadcasters: Words
    outlet_links: Words
    programme_heads: Words
    exclusive_statements: Words
    interview_occasions: Words
    verb_frames: Words
    manner_adverbs: Words
    object_first_verbs: Words
    whether_openers: Words
    reason_openers: Words
    noun_prepositions: Words
    own_outlet_markers: Words
    months: Words
    title_links: Words
    place_adverbs: Words
    pronoun_prepositions: Words
    occasion_resumptives: Words
    verb_adverbs: Words
    support_verbs: Words
    copula_verbs: Words
    honorific_suffixes: Words
    content_prepositions: Words
    withholders: Words
    withheld_objects: Words
    narration: Words
    narrative_particles: Words
    statement_recaps: Words
    occasion_prepositions: Words
    broadcast_links: Words
    linking_prepositions: Words
    name_endings: Words
    emphatic_pronouns: Words
    content_nouns: Words
    relative_whats: Words
    passive_auxiliaries: Words
    short_adjectives: Words
    plural_endings: Words
    commenting_prepositions: Words
    continuing_verbs: Words
    nisba_endings: Words
    people_plural_endings: Words
    time_adverbs: Words
    weekdays: Words
    present_prefixes: Words
    quantifiers: Words
    clause_breaks: Words
    comma_clause_breaks: Words
    recap_occasions: Words
    relatives: Words
    verb_particles: Words
    determiners: Words
    time_nouns: Words
    time_adjectives: Words
    clause_switches: Words
    turn_phrases: Words
    object_prepositions: Words
    parenthesis_openers: Words
    what_pronouns: Words
    after_quote_verbs: Words
    reflexives: Words
    privatives: Words
    saying_nouns: Words
    frame_relatives: Words
    frame_relays: Words
    frame_resumptions: Words
    frame_leads: Words
    suffixed_whats: Words
    speech_participles: Words
    earlier_occasions: Words
    past_auxiliaries: Words
    generic_media: Words
    feminine_relatives: Words
    semicolon_continuers: Words
    topic_prepositions: Words
    example_markers: Words
    letter_shapes: Words
    topic_particles: Words
    pre_subject_words: Words
    date_prepositions: Words
    channel_prepositions: Words
    outlet_name_breaks: Words
    occasions: Words
    speaker_stops: Words
    quote_open: Words
    quote_close: Words
    abbreviations: Words


class SpeakersFile(_Strict):
    media_heads: Words
    media_name_endings: Words
    outlets: Words
    organization_heads: Words
    anonymous_heads: Words
    other_heads: Words
    titles: Words
    honorifics: Words
    honorific_owners: Words
    back_references: Words
    given_names: Words
    name_particles: Words
    platforms: Words
    states: Words
    reporters: Words


class FurnitureFile(_Strict):
    line_prefixes: Words
    list_headers: Words
    line_patterns: Words
    caption_patterns: Words


class AliasEntry(_Strict):
    """One speaker: the name shown, and the other names it goes by."""

    name: str = NonEmpty
    aliases: list[str] = Field(min_length=1)  # an alias without letters is one of compile_aliases' problems


class AliasesFile(_Strict):
    """aliases.toml: a list of `[[speaker]]` tables."""

    speaker: list[AliasEntry] = []


MODELS: dict[str, type[BaseModel]] = {
    "cues.toml": CuesFile,
    "grammar.toml": GrammarFile,
    "speakers.toml": SpeakersFile,
    "furniture.toml": FurnitureFile,
    ALIASES_FILE: AliasesFile,
}
# The files made of `[[table]]` entries: a problem in one is located at its entry's header.
ENTRY_FILES = frozenset(("cues.toml", ALIASES_FILE))


# --- locating problems --------------------------------------------------------

def entry_lines(raw: str, table: str) -> list[int]:
    """Line numbers of each `[[table]]` header, in order."""
    header = regex.compile(r"^\s{0,8}\[\[\s{0,4}" + regex.escape(table) + r"\s{0,4}\]\]\s{0,40}(?:#.{0,500})?$")
    return [n for n, line in enumerate(raw.splitlines(), 1) if header.match(line)]


def _key_line(raw: str, key: str) -> int:
    for n, line in enumerate(raw.splitlines(), 1):
        if line.split("=", 1)[0].strip() == key:
            return n
    return 1


def value_line(raw: str, key: str, value: str) -> int:
    """The line of one string of a list: the first line from the key's on that holds it."""
    lines = raw.splitlines()
    start = _key_line(raw, key)
    for n in range(start, len(lines) + 1):
        if value in lines[n - 1] or value.replace("\\", "\\\\") in lines[n - 1]:
            return n
    return start


def _locate(name: str, raw: str, loc: tuple[Any, ...]) -> tuple[int, str]:
    """The line of a validation error's location, and a readable label for it."""
    if name in ENTRY_FILES and len(loc) >= 2 and isinstance(loc[1], int):
        table, index = str(loc[0]), loc[1]
        lines = entry_lines(raw, table)
        line = lines[index] if index < len(lines) else 1
        return line, f"{table} #{index + 1}" + ("" if len(loc) < 3 else f" -> {loc[2]}")
    key = str(loc[0]) if loc else ""
    return _key_line(raw, key), key


def _label(entry: Any, table: str, index: int) -> str:
    """`verb "أكد"`, `speaker "داعش"`: an entry by its name, or `speaker #2` when it has none."""
    if isinstance(entry, dict):
        name = entry.get("lemma") or entry.get("word") or entry.get("text") or entry.get("name")
        if isinstance(name, str) and name:
            return f'{table} "{name}"'
    return f"{table} #{index + 1}"

# --- loading ------------------------------------------------------------------------

def bundled_directory() -> Path:
    """The patterns shipped with attrib: inside the package when installed, else the checkout's."""
    package = Path(__file__).resolve().parents[1]  # attrib/, installed or in a checkout
    for candidate in (package / "patterns", package.parent / "patterns"):
        if (candidate / "cues.toml").is_file():
            return candidate
    raise PatternError([f"{package}: no bundled patterns/ directory found"])


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One pattern file that is valid TOML: its text, its data, and its model if it validates."""

    raw: str
    data: dict[str, Any]
    model: BaseModel | None


@dataclass(frozen=True, slots=True)
class CueEntries:
    """The entries of cues.toml that validate, each with the line of its `[[table]]` header."""

    verb: list[tuple[int, VerbEntry]]
    frame: list[tuple[int, FrameEntry]]
    phrase: list[tuple[int, PhraseEntry]]
    noun: list[tuple[int, NounEntry]] = dataclasses.field(default_factory=list)


def read_files(directory: Path, problems: list[str], names: tuple[str, ...] = FILES, *,
               required: bool = True) -> dict[str, ParsedFile]:
    """Every file of `names` that is valid TOML, validated; the problems of each are added to
    `problems`. A missing file is a problem when the files are `required`, else it is left out."""
    parsed: dict[str, ParsedFile] = {}
    for name in names:
        path = directory / name
        where = f"{directory.name}/{name}"
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if required:
                problems.append(f"{where}:1: missing file")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{where}:1: cannot read: {exc}")
            continue
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
            if "end of document" in str(exc):
                line = max(1, len(raw.splitlines()))
            problems.append(f"{where}:{line}: not valid TOML: {exc}")
            continue
        parsed[name] = ParsedFile(raw, data, _validate(name, where, raw, data, problems))
    return parsed


def _validate(name: str, where: str, raw: str, data: dict[str, Any], problems: list[str]) -> BaseModel | None:
    """The file's model, or None after adding each of its validation errors to `problems`."""
    try:
        return MODELS[name].model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            line, label = _locate(name, raw, err["loc"])
            if name in ENTRY_FILES and len(err["loc"]) >= 2 and isinstance(err["loc"][1], int):
                entries = data.get(str(err["loc"][0]), [])
                idx = err["loc"][1]
                entry = entries[idx] if idx < len(entries) else None
                field_name = err["loc"][2] if len(err["loc"]) > 2 else None
                label = _label(entry, str(err["loc"][0]), idx) + (f" -> {field_name}" if field_name else "")
            problems.append(f"{where}:{line}: [{label}] {_message(err)}")
        return None


def valid_entries(parsed: ParsedFile, table: str, model: type[_Strict]) -> list[tuple[int, Any]]:
    """Each entry of `[[table]]` that validates on its own, with the line of its header: the checks
    across entries (duplicates, empty forms) still run when another entry has a type mistake
    (that one is reported by _validate)."""
    entries = parsed.data.get(table)
    if not isinstance(entries, list):
        return []
    lines = entry_lines(parsed.raw, table)
    kept = []
    for i, entry in enumerate(entries):
        try:
            kept.append((lines[i] if i < len(lines) else 1, model.model_validate(entry)))
        except ValidationError:
            continue
    return kept


def cue_entries(cues: ParsedFile) -> CueEntries:
    """The entries of cues.toml that validate on their own (valid_entries)."""
    return CueEntries(valid_entries(cues, "verb", VerbEntry), valid_entries(cues, "frame", FrameEntry),
                      valid_entries(cues, "phrase", PhraseEntry), valid_entries(cues, "noun", NounEntry))


def _line_from_message(message: str) -> int:
    found = regex.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


def _message(err: Any) -> str:
    if err["type"] == "literal_error":
        return f"{err['input']!r} is not one of {err['ctx']['expected']}"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "missing field"
    return f"{err['msg']} (got {err['input']!r})"
