"""The linguistic data in patterns/: loaded, validated and compiled once.

Every file is parsed into pydantic models with `extra="forbid"`; every
problem of every file is collected, each with its file and line, before one
PatternError is raised.
"""

from __future__ import annotations

import dataclasses
import gc
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from attrib.arabic import WrittenForms, normalize
from attrib.errors import PatternError
from attrib.lexicon import inflect
from attrib.models import Stance

FILES = ("cues.toml", "grammar.toml", "speakers.toml", "furniture.toml")
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


class FrameEntry(_Strict):
    word: str = NonEmpty
    stance: Stance


class PhraseEntry(_Strict):
    text: str = NonEmpty
    stance: Stance
    kind: Literal["frame", "participle", "verb", "impersonal"]


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


# Grammar lists that are the vocabulary of one rule (content words: عدد, سؤال, نقلته), not the
# function words that end or start a phrase: they stay out of Patterns.known_words.
RULE_VOCABULARIES = frozenset((
    "listener_objects", "labeling_verbs", "broadcasters", "programme_heads", "exclusive_statements", "own_outlet_markers",
    "quantifiers", "statement_recaps", "present_prefixes", "occasion_prepositions", "broadcast_links",
    "linking_prepositions", "name_endings", "recap_occasions", "clause_breaks", "comma_clause_breaks"))


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
    own_outlet_markers: Words
    months: Words
    title_links: Words
    place_adverbs: Words
    pronoun_prepositions: Words
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
    present_prefixes: Words
    quantifiers: Words
    clause_breaks: Words
    comma_clause_breaks: Words
    recap_occasions: Words
    occasions: Words
    speaker_stops: Words
    quote_open: Words
    quote_close: Words
    abbreviations: Words


class SpeakersFile(_Strict):
    media_heads: Words
    outlets: Words
    organization_heads: Words
    anonymous_heads: Words
    other_heads: Words
    titles: Words
    honorifics: Words
    back_references: Words
    given_names: Words
    name_particles: Words
    platforms: Words


class FurnitureFile(_Strict):
    line_prefixes: Words
    list_headers: Words
    line_patterns: Words
    caption_patterns: Words


MODELS: dict[str, type[BaseModel]] = {
    "cues.toml": CuesFile,
    "grammar.toml": GrammarFile,
    "speakers.toml": SpeakersFile,
    "furniture.toml": FurnitureFile,
}

CueKind = Literal["verb", "participle", "impersonal", "frame", "noun"]


@dataclass(frozen=True, slots=True)
class CueForm:
    """What one normalized surface form of a cue means."""

    lemma: str
    stance: str
    kind: CueKind
    object: bool = False
    ambiguous: bool = False
    negated: str | None = None
    impersonal: bool = False  # may stand with no subject (يُعتقد أن): then nobody is named
    tense: str | None = None  # perfect, imperfect or future, for verbs
    via: frozenset[str] = frozenset()  # prepositions that must introduce a bare object
    possessor_speaks: bool = True  # for nouns: an attached pronoun names the speaker (دعوته), not the target


@dataclass
class Patterns:
    """The compiled pattern set the extractor runs with."""

    directory: Path
    forms: dict[str, CueForm]
    noun_forms: dict[str, CueForm]  # every noun cue's forms, also those a verb's form shadows (مطالبة)
    frames: dict[str, str]
    phrases: list[tuple[tuple[str, ...], CueForm]]
    grammar: dict[str, frozenset[str]]
    speakers: dict[str, frozenset[str]]
    outlet_phrases: list[tuple[str, ...]]
    furniture_prefixes: tuple[str, ...]
    list_headers: frozenset[str]
    line_patterns: list[regex.Pattern[str]]
    caption_patterns: list[regex.Pattern[str]]
    max_phrase: int = field(default=1)
    known_words: frozenset[str] = frozenset()  # every function word and head word, normalized

    def __post_init__(self) -> None:
        # Memos of the phrase rules, per normalized word (the pattern set never changes).
        self.bare_cache: dict[str, str] = {}
        self.head_cache: dict[tuple[str, tuple[str, ...]], bool] = {}
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}
        # Indexes by first word, so matching looks at a handful of entries, not all.
        self.phrases_by_first: dict[str, list[tuple[tuple[str, ...], CueForm]]] = {}
        for words, form in self.phrases:
            self.phrases_by_first.setdefault(words[0], []).append((words, form))
        self.outlets_by_first: dict[str, list[tuple[str, ...]]] = {}
        for outlet in self.outlet_phrases:
            self.outlets_by_first.setdefault(outlet[0], []).append(outlet)
        # Every normalized word that can start a cue (with or without و/ف): the matcher
        # looks further only at these.
        heads = set(self.forms) | set(self.frames) | set(self.phrases_by_first)
        heads |= {n for n in self.grammar.get("negators", frozenset())}
        self.cue_starters: frozenset[str] = frozenset(heads | {c + h for h in heads for c in "وف"})
        # Every word list by its key, the grammar's before the speakers' (SentenceView.words).
        self.word_sets: dict[str, frozenset[str]] = {**self.speakers, **{k: v for k, v in self.grammar.items() if v}}
        # First words of the recap sentences (جاء ذلك …), tested on every sentence.
        self.recap_firsts: frozenset[str] = frozenset(
            p.split()[0] for p in self.grammar.get("statement_recaps", frozenset()))
        # Clause breaks by first word: (words, whether a comma must come before).
        self.clause_breaks_by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        for key, needs_comma in (("clause_breaks", False), ("comma_clause_breaks", True)):
            for phrase in self.grammar.get(key, frozenset()):
                words = tuple(phrase.split())
                self.clause_breaks_by_first.setdefault(words[0], []).append((words, needs_comma))
        self.narration_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.grammar.get("narration", frozenset()):
            words = tuple(phrase.split())
            self.narration_by_first.setdefault(words[0], []).append(words)
        # Written forms of words seen so far, sorted by whether they can start a cue.
        self.starter_forms = WrittenForms(self.cue_starters)
        # How much of a line the furniture rules need normalized (clean._line_start).
        self.list_header_words = max((len(h.split()) for h in self.list_headers), default=0)
        self.furniture_prefix_chars = max((len(p) for p in self.furniture_prefixes), default=0)
        self.furniture_prefix_initials = frozenset(p[:1] for p in self.furniture_prefixes)
        self.list_header_initials = frozenset(h[:1] for h in self.list_headers)
        # Words that end a speaker's phrase: a function word, or what opens the content.
        self.phrase_stops = self.words_of(("speaker_stops", "complementizers"))
        # Words no subject starts with: prepositions, adverbs, particles (SentenceView._subject_start).
        self.non_subject_leads = self.words_of((
            "content_prepositions", "speaker_stops", "place_adverbs", "clause_openers", "occasions", "complementizers",
            "pronoun_prepositions"))
        # The line patterns anchored at the line's start, matched at once in one alternation
        # (one call instead of one per pattern); the others are searched one by one.
        anchored = [p.pattern for p in self.line_patterns if _anchored(p.pattern)]
        self.line_start_pattern = regex.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        # The others, each with the literal text it starts with when it has one (pic.twitter.com,
        # http): a line without that text is not searched.
        self.line_search_patterns = [(_literal_start(p.pattern), p) for p in self.line_patterns
                                     if not _anchored(p.pattern)]
        # Readings of speaker mentions (role, name, kind), remembered across articles.
        self.mention_readings: dict[str, tuple[str | None, str, str]] = {}
        # Words a line cannot end a sentence on (a preposition, إن): the line goes on below.
        self.line_continuers = self.words_of(("content_prepositions", "speaker_stops", "complementizers"))

    def words_of(self, keys: tuple[str, ...]) -> frozenset[str]:
        """The words of the lists `keys` (grammar or speakers), together; computed once per combination."""
        words = self._unions.get(keys)
        if words is None:
            words = self._unions[keys] = frozenset().union(*(self.word_sets[key] for key in keys))
        return words

    def outlet_prefix(self, words: Sequence[str]) -> bool:
        """Do `words` start with the name of a known outlet (رويترز, سكاي نيوز عربية)?"""
        if not words:
            return False
        return any(tuple(words[:len(o)]) == o for o in self.outlets_by_first.get(words[0], ()))


_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-OQ-Z0-9-]")  # (?i), (?x): not (?:, (?>, (?P<name>


def _anchored(pattern: str) -> bool:
    """Does the regex only match at the start (^ first, and no | outside groups)?

    A pattern with inline flags, (?i), is left alone: in an alternation they
    could reach the other patterns.
    """
    if not pattern.startswith("^") or _INLINE_FLAGS.search(pattern):
        return False
    depth, i, in_class = 0, 1, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1  # []...]: a ] first in a class is a member
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


_QUANTIFIERS = "?*+{"


def _literal_start(pattern: str) -> str | None:
    """The literal text every match of the regex starts with, if three characters or more.

    'pic\\.twitter\\.com' starts with "pic.twitter.com", 'https?://' with "http";
    a regex with a class, group, alternation or inline flags first has none.
    """
    if _INLINE_FLAGS.search(pattern) or "|" in pattern:
        return None
    literal: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            char, step = pattern[i + 1], 2  # an escaped mark: \. is a dot
        elif c.isalnum() or c in " /:-_@#=%&,;!\"'<>~`":
            char, step = c, 1
        else:
            break
        if pattern[i + step:i + step + 1] in _QUANTIFIERS and pattern[i + step:i + step + 1]:
            break  # s? in https?: this character may be absent
        literal.append(char)
        i += step
    return "".join(literal) if len(literal) >= 3 else None


def bundled_directory() -> Path:
    """The patterns shipped with attrib: inside the package when installed, else the checkout's."""
    package = Path(__file__).resolve().parents[1]  # attrib/, installed or in a checkout
    for candidate in (package / "patterns", package.parent / "patterns"):
        if (candidate / "cues.toml").is_file():
            return candidate
    raise PatternError([f"{package}: no bundled patterns/ directory found"])


# --- locating problems --------------------------------------------------------

def _entry_lines(raw: str, table: str) -> list[int]:
    """Line numbers of each `[[table]]` header, in order."""
    header = regex.compile(r"^\s{0,8}\[\[\s{0,4}" + regex.escape(table) + r"\s{0,4}\]\]\s{0,40}(?:#.{0,500})?$")
    return [n for n, line in enumerate(raw.splitlines(), 1) if header.match(line)]


def _key_line(raw: str, key: str) -> int:
    for n, line in enumerate(raw.splitlines(), 1):
        if line.split("=", 1)[0].strip() == key:
            return n
    return 1


def _value_line(raw: str, key: str, value: str) -> int:
    """The line of one string of a list: the first line from the key's on that holds it."""
    lines = raw.splitlines()
    start = _key_line(raw, key)
    for n in range(start, len(lines) + 1):
        if value in lines[n - 1] or value.replace("\\", "\\\\") in lines[n - 1]:
            return n
    return start


def _locate(name: str, raw: str, loc: tuple[Any, ...]) -> tuple[int, str]:
    """The line of a validation error's location, and a readable label for it."""
    if name == "cues.toml" and len(loc) >= 2 and isinstance(loc[1], int):
        table, index = str(loc[0]), loc[1]
        lines = _entry_lines(raw, table)
        line = lines[index] if index < len(lines) else 1
        return line, f"{table} #{index + 1}" + ("" if len(loc) < 3 else f" -> {loc[2]}")
    key = str(loc[0]) if loc else ""
    return _key_line(raw, key), key


def _label(entry: Any, table: str) -> str:
    if isinstance(entry, dict):
        name = entry.get("lemma") or entry.get("word") or entry.get("text")
        if name:
            return f'{table} "{name}"'
    return table


# --- regex safety -----------------------------------------------------------------

_UNBOUNDED = regex.compile(r"(?:[*+]|\{\d*,\})")
_QUANTIFIER = regex.compile(r"[*+?]|\{\d{1,4}(?:,\d{0,4})?\}")
_CLASS = regex.compile(r"\[(?:\\.|[^\]\\]){0,200}\]")
_ESCAPE = regex.compile(r"\\.")
_GROUP_PREFIX = regex.compile(r"\(\?(?:[:>=!|]|<[=!]|P?<\w{1,30}>)")


def _shape(pattern: str) -> str:
    """The pattern with escapes and character classes blanked out: what is left is structure."""
    return _CLASS.sub("C", _ESCAPE.sub("E", pattern))


def _nested_quantifier(shape: str) -> bool:
    """A quantified group that itself holds a quantifier or an alternation: (a{1,30}){1,30},
    (?:a|a){1,60}. Such a group can match one text in exponentially many ways, unless it is
    atomic (?>…), which never gives back what it matched."""
    stack: list[int] = []
    for i, ch in enumerate(shape):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            after = _QUANTIFIER.match(shape, i + 1)
            quantified = after is not None and after.group() != "?"  # an optional group has two ways, not more
            inner = _GROUP_PREFIX.sub("(", "(" + shape[start + 1:i])[1:]  # (?: (?> (?= are no quantifiers
            atomic = shape.startswith("(?>", start)
            if quantified and not atomic and (_QUANTIFIER.search(inner) or "|" in inner):
                return True
    return False


def _compile(pattern: str, where: str, problems: list[str]) -> regex.Pattern[str] | None:
    """Compile a furniture regex, refusing what could match slowly or match everything."""
    shape = _shape(pattern)
    if not pattern.strip():
        problems.append(f"{where}: empty regex: it would match every line")
        return None
    if _UNBOUNDED.search(shape):
        problems.append(f"{where}: regex {pattern!r} has an unbounded quantifier (* + {{n,}}); bound it, e.g. {{0,80}}")
        return None
    if _nested_quantifier(shape):
        problems.append(f"{where}: regex {pattern!r} repeats a group that repeats inside: "
                        "it can backtrack exponentially; make the group atomic, (?>…)")
        return None
    if regex.search(r"(?<!\\)\|\||\(\||\|\)|^\||(?<!\\)\|$", pattern):
        problems.append(f"{where}: regex {pattern!r} has an empty alternative")
        return None
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        problems.append(f"{where}: regex {pattern!r} does not compile: {exc}")
        return None


# --- loading ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Parsed:
    """One pattern file that is valid TOML: its text, its data, and its model if it validates."""

    raw: str
    data: dict[str, Any]
    model: BaseModel | None


@dataclass(frozen=True, slots=True)
class _CueEntries:
    """The entries of cues.toml that validate, each with the line of its `[[table]]` header."""

    verb: list[tuple[int, VerbEntry]]
    frame: list[tuple[int, FrameEntry]]
    phrase: list[tuple[int, PhraseEntry]]
    noun: list[tuple[int, NounEntry]] = dataclasses.field(default_factory=list)


def _read(directory: Path, problems: list[str]) -> dict[str, _Parsed]:
    """Every pattern file that is valid TOML, validated; the problems of each are added to `problems`."""
    parsed: dict[str, _Parsed] = {}
    for name in FILES:
        path = directory / name
        where = f"{directory.name}/{name}"
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
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
        parsed[name] = _Parsed(raw, data, _validate(name, where, raw, data, problems))
    return parsed


def _validate(name: str, where: str, raw: str, data: dict[str, Any], problems: list[str]) -> BaseModel | None:
    """The file's model, or None after adding each of its validation errors to `problems`."""
    try:
        return MODELS[name].model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            line, label = _locate(name, raw, err["loc"])
            if name == "cues.toml" and len(err["loc"]) >= 2 and isinstance(err["loc"][1], int):
                entries = data.get(str(err["loc"][0]), [])
                idx = err["loc"][1]
                entry = entries[idx] if idx < len(entries) else None
                field_name = err["loc"][2] if len(err["loc"]) > 2 else None
                label = _label(entry, str(err["loc"][0])) + (f" -> {field_name}" if field_name else "")
            problems.append(f"{where}:{line}: [{label}] {_message(err)}")
        return None


def _cue_entries(cues: _Parsed) -> _CueEntries:
    """Each entry of cues.toml that validates on its own, so that the cue checks (duplicates,
    empty forms) still run when another entry has a type mistake (that one is reported by _validate)."""
    def valid(table: str, model: type[_Strict]) -> list[tuple[int, Any]]:
        entries = cues.data.get(table)
        if not isinstance(entries, list):
            return []
        lines = _entry_lines(cues.raw, table)
        kept = []
        for i, entry in enumerate(entries):
            try:
                kept.append((lines[i] if i < len(lines) else 1, model.model_validate(entry)))
            except ValidationError:
                continue
        return kept

    return _CueEntries(valid("verb", VerbEntry), valid("frame", FrameEntry), valid("phrase", PhraseEntry),
                       valid("noun", NounEntry))


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


def _verb_forms(entry: VerbEntry) -> list[tuple[str, CueKind, str | None]]:
    forms: list[tuple[str, CueKind, str | None]] = []
    if entry.perfect:
        forms += [(f, "verb", "perfect") for f in inflect.perfect_forms(entry.perfect)]
    if entry.imperfect:
        imperfect = inflect.imperfect_forms(entry.imperfect)
        forms += [(f, "verb", "imperfect") for f in imperfect]
        forms += [(f, "verb", "future") for f in inflect.future(imperfect)]
    if entry.participle:
        forms += [(f, "participle", None) for f in inflect.participle_forms(entry.participle)]
    forms += [(f, "verb", "perfect") for f in entry.extra]
    forms += [(f, "impersonal", None) for f in entry.impersonal]
    skipped = {normalize(s) for s in entry.skip}
    return [(f, kind, tense) for f, kind, tense in forms if normalize(f).removeprefix("س") not in skipped]


def _is_bare(form: str, entry: VerbEntry) -> bool:
    """The bare perfect (بين, وصف, طالب), alone or with a pronoun: the letters a noun shares."""
    if not entry.perfect:
        return False
    stem = normalize(entry.perfect)
    return form == stem or (form.startswith(stem) and form[len(stem):] in inflect.OBJECT_PRONOUNS)


def _compile_cues(cues: _CueEntries, where: str, problems: list[str],
                  present_prefixes: tuple[str, ...] = ()) -> tuple[
        dict[str, CueForm], dict[str, str], list[tuple[tuple[str, ...], CueForm]]]:
    frames: dict[str, str]
    forms: dict[str, CueForm] = {}
    owner: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line, entry in cues.verb:
        if entry.lemma in seen:
            problems.append(f"{where}:{line}: [verb \"{entry.lemma}\"] duplicate cue (first at line {seen[entry.lemma]})")
            continue
        seen[entry.lemma] = line
        made = _verb_forms(entry)
        if not made:
            problems.append(f"{where}:{line}: [verb \"{entry.lemma}\"] no forms: give perfect, imperfect, participle, extra or impersonal")
        if present_prefixes:  # Maghrebi Arabic marks the present with ك/كا: كيقول, كتأكد
            made = made + [(prefix + text, kind, tense) for text, kind, tense in made
                           if tense == "imperfect" and text[:1] in "يتن" for prefix in present_prefixes]
        for text, kind, tense in made:
            key = normalize(text)
            if not key:
                problems.append(f"{where}:{line}: [verb \"{entry.lemma}\"] empty form")
                continue
            form = CueForm(entry.lemma, entry.stance, kind, entry.object,
                           entry.ambiguous and _is_bare(key, entry), entry.negated,
                           impersonal=kind == "impersonal", tense=tense,
                           via=frozenset(normalize(v) for v in entry.via))
            previous = forms.get(key)
            if previous and previous.lemma == entry.lemma:
                if kind == "impersonal":  # the verb's own form, also used impersonally
                    forms[key] = dataclasses.replace(previous, impersonal=True)
                continue
            if previous and previous.stance != form.stance and kind != "impersonal":
                if any(p.endswith(f"form {text!r} is also a form of \"{owner[key]}\"", 0, p.find(" with")) for p in problems):
                    continue
                problems.append(
                    f"{where}:{line}: [verb \"{entry.lemma}\"] form {text!r} is also a form of "
                    f"\"{owner[key]}\" with another stance ({previous.stance})")
                continue
            if previous is None:
                forms[key] = form
                owner[key] = entry.lemma
    frames = {}
    for line, f in cues.frame:
        word = normalize(f.word)
        if word in frames:
            problems.append(f"{where}:{line}: [frame \"{f.word}\"] duplicate frame")
            continue
        frames[word] = str(f.stance)
    seen_phrases: set[str] = set()
    for line, ph in cues.phrase:
        text = " ".join(normalize(ph.text).split())
        if text in seen_phrases:
            problems.append(f"{where}:{line}: [phrase \"{ph.text}\"] duplicate phrase")
        seen_phrases.add(text)
    phrases = [
        (tuple(normalize(p.text).split()), CueForm(p.text, p.stance, p.kind, impersonal=p.kind == "impersonal"))
        for _, p in cues.phrase
    ]
    _check_nouns(cues.noun, where, problems)
    for key, form in _noun_forms(cues.noun).items():
        forms.setdefault(key, form)  # a form that is also a verb's stays the verb's (زعم)
    return forms, frames, phrases


# A noun cue is written with a preposition or conjunction before it and a possessive
# pronoun after it (بزعمه, واتهاماته): every such form. Definite forms (الاتهامات) mostly
# take up claims reported before, and the article makes others (الادعاء, the prosecution):
# they are no cue.
NOUN_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول")
NOUN_SUFFIXES = ("", "ه", "ها", "هم", "هما")


def _check_nouns(nouns: list[tuple[int, NounEntry]], where: str, problems: list[str]) -> None:
    seen: dict[str, int] = {}
    for line, entry in nouns:
        if entry.word in seen:
            problems.append(f"{where}:{line}: [noun \"{entry.word}\"] duplicate cue (first at line {seen[entry.word]})")
        seen.setdefault(entry.word, line)


def _noun_forms(nouns: list[tuple[int, NounEntry]]) -> dict[str, CueForm]:
    """The written forms of each noun cue, with و/ف/ب/ل, the article, a possessive pronoun."""
    forms: dict[str, CueForm] = {}
    for _, entry in nouns:
        form = CueForm(entry.word, entry.stance, "noun", object=True,
                       via=frozenset(normalize(v) for v in entry.via),
                       possessor_speaks=entry.possessor == "speaker")
        for base in filter(None, (entry.word, entry.plural)):
            stem = normalize(base)
            # a feminine ة is written ت before a pronoun: مطالبته
            before_pronoun = stem[:-1] + "ت" if stem.endswith("ة") else stem
            for prefix in NOUN_PREFIXES:
                for suffix in NOUN_SUFFIXES:
                    forms.setdefault(prefix + (before_pronoun if suffix else stem) + suffix, form)
    return forms


def _norm_set(words: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


def _compile_regexes(furniture: _Parsed | None, key: str, where: str, problems: list[str]) -> list[regex.Pattern[str]]:
    """The regexes of one list of furniture.toml that compile safely; none if the file did not validate."""
    if furniture is None or not isinstance(furniture.model, FurnitureFile):
        return []
    compiled = [_compile(p, f"{where}:{_value_line(furniture.raw, key, p)}", problems)
                for p in getattr(furniture.model, key)]
    return [p for p in compiled if p is not None]


def freeze_loaded_patterns() -> None:
    """Move what is loaded (the pattern set, the modules) out of the garbage collector's way.

    For a process that loads a pattern set and then extracts with it (the CLI, a
    batch worker): the collector would otherwise walk the pattern set's objects
    again and again, and freezing them takes a tenth off the extraction.
    """
    gc.collect()
    gc.freeze()


def load_patterns(directory: Path | None = None) -> Patterns:
    """Load and compile a pattern set; raises PatternError listing every problem."""
    return _load(bundled_directory() if directory is None else Path(directory).resolve())


@lru_cache(maxsize=8)
def _load(directory: Path) -> Patterns:
    problems: list[str] = []
    if not directory.is_dir():
        raise PatternError([f"{directory}: not a directory"])
    parsed = _read(directory, problems)
    # The checks after validation run on whatever validated, so that one type mistake
    # does not hide the others: every problem of the set is reported at once.
    cues = _cue_entries(parsed["cues.toml"]) if "cues.toml" in parsed else _CueEntries([], [], [])
    grammar_file = parsed.get("grammar.toml")
    prefixes = tuple(grammar_file.data.get("present_prefixes", ())) if grammar_file else ()
    forms, frames, phrases = _compile_cues(cues, f"{directory.name}/cues.toml", problems,
                                           tuple(p for p in prefixes if isinstance(p, str)))
    noun_forms = {key: form for key, form in _noun_forms(cues.noun).items()}
    fwhere = f"{directory.name}/furniture.toml"
    line_patterns = _compile_regexes(parsed.get("furniture.toml"), "line_patterns", fwhere, problems)
    caption_patterns = _compile_regexes(parsed.get("furniture.toml"), "caption_patterns", fwhere, problems)
    if problems:
        raise PatternError(problems)
    grammar = parsed["grammar.toml"].model
    speakers = parsed["speakers.toml"].model
    furniture = parsed["furniture.toml"].model
    assert isinstance(grammar, GrammarFile) and isinstance(speakers, SpeakersFile)
    assert isinstance(furniture, FurnitureFile)
    speaker_sets = {k: _norm_set(v) for k, v in speakers.model_dump().items()}
    grammar_sets = {k: _norm_set(v) if not k.startswith("quote") else frozenset(v)
                    for k, v in grammar.model_dump().items()}
    return Patterns(
        directory=directory,
        forms=forms,
        noun_forms=noun_forms,
        frames=frames,
        phrases=phrases,
        grammar=grammar_sets,
        speakers=speaker_sets,
        outlet_phrases=sorted((tuple(normalize(o).split()) for o in speakers.outlets), key=len, reverse=True),
        furniture_prefixes=tuple(normalize(p) for p in furniture.line_prefixes),
        list_headers=_norm_set(furniture.list_headers),
        line_patterns=line_patterns,
        caption_patterns=caption_patterns,
        max_phrase=max((len(t) for t, _ in phrases), default=1),
        known_words=frozenset().union(*(v for k, v in grammar_sets.items()
                                        if not k.startswith("quote") and k not in RULE_VOCABULARIES),
                                      *speaker_sets.values()),
    )


def check_patterns(directory: Path | None = None) -> list[str]:
    """Every problem of a pattern set, as `file:line: message`; empty when it is sound."""
    try:
        load_patterns(directory)
    except PatternError as exc:
        return exc.problems
    return []
