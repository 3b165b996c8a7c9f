"""The linguistic data in patterns/: loaded, validated and compiled once, as one Patterns object.

Every file is parsed into pydantic models with `extra="forbid"` (schemas.py); every
problem of every file is collected, each with its file and line, before one
PatternError is raised. The cues are compiled in cue_forms.py, the regexes in regexes.py.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

import regex

from attrib.arabic import (
    CONJUNCTION_LETTERS,
    DEFINITE_ARTICLE,
    NORMALIZED_WORDS,
    TEH,
    WrittenForms,
    normalize,
)
from attrib.errors import PatternError
from attrib.lexicon.aliases import check_aliases
from attrib.lexicon.cue_forms import CueForm, CueKind, compile_cues, noun_cue_forms
from attrib.lexicon.regexes import compile_regexes, is_anchored, literal_start
from attrib.lexicon.schemas import (
    CueEntries,
    FurnitureFile,
    GrammarFile,
    SpeakersFile,
    bundled_directory,
    cue_entries,
    read_files,
)

__all__ = ["CueForm", "CueKind", "Patterns", "WordMemos", "bundled_directory", "check_patterns",
           "freeze_loaded_patterns", "load_patterns", "memos_for"]


# Grammar lists that are the vocabulary of one rule (content words: عدد, سؤال, نقلته; the words
# one construction looks for: the relatives, the time nouns, the verbs that restate), not the
# function words that end or start a phrase: they stay out of Patterns.known_words, which
# tells a name from a word the phrase rules know.
RULE_VOCABULARIES = frozenset((
    "listener_objects", "labeling_verbs", "broadcasters", "programme_heads", "exclusive_statements", "interview_occasions",
    "own_outlet_markers",
    "quantifiers", "statement_recaps", "present_prefixes", "occasion_prepositions", "broadcast_links",
    "linking_prepositions", "name_endings", "emphatic_pronouns", "content_nouns", "relative_whats",
    "passive_auxiliaries", "short_adjectives", "plural_endings", "commenting_prepositions", "continuing_verbs",
    "nisba_endings", "people_plural_endings", "time_adverbs", "weekdays", "recap_occasions", "clause_breaks",
    "comma_clause_breaks", "relatives", "verb_particles", "determiners", "time_nouns", "time_adjectives",
    "clause_switches", "turn_phrases", "object_prepositions", "parenthesis_openers", "what_pronouns",
    "after_quote_verbs", "reflexives", "privatives", "saying_nouns", "frame_relatives", "verb_frames", "manner_adverbs",
    "object_first_verbs", "whether_openers", "reason_openers", "noun_prepositions", "frame_relays",
    "frame_resumptions", "frame_leads", "suffixed_whats", "speech_participles", "earlier_occasions",
    "past_auxiliaries", "generic_media", "feminine_relatives", "semicolon_continuers", "topic_prepositions",
    "example_markers", "letter_shapes", "topic_particles", "pre_subject_words", "date_prepositions",
    "channel_prepositions",
    "outlet_name_breaks", "occasion_resumptives"))


@dataclass(frozen=True, eq=False)
class Patterns:
    """The compiled pattern set the extractor runs with: immutable once loaded.

    What the extractor learns about words as it goes (normal forms, readings of
    mentions) is kept apart, in the WordMemos of the process (memos_for).
    """

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
    # Derived from the fields above in __post_init__, once, at load.
    phrases_by_first: dict[str, list[tuple[tuple[str, ...], CueForm]]] = field(init=False, repr=False)
    outlets_by_first: dict[str, list[tuple[str, ...]]] = field(init=False, repr=False)
    cue_starters: frozenset[str] = field(init=False, repr=False)
    word_sets: dict[str, frozenset[str]] = field(init=False, repr=False)
    word_endings: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    recap_firsts: frozenset[str] = field(init=False, repr=False)
    clause_breaks_by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = field(init=False, repr=False)
    narration_by_first: dict[str, list[tuple[str, ...]]] = field(init=False, repr=False)
    list_header_words: int = field(init=False, repr=False)
    furniture_prefix_chars: int = field(init=False, repr=False)
    furniture_prefix_initials: frozenset[str] = field(init=False, repr=False)
    list_header_initials: frozenset[str] = field(init=False, repr=False)
    times: frozenset[str] = field(init=False, repr=False)
    phrase_stops: frozenset[str] = field(init=False, repr=False)
    non_subject_leads: frozenset[str] = field(init=False, repr=False)
    line_start_pattern: regex.Pattern[str] | None = field(init=False, repr=False)
    line_search_patterns: list[tuple[str | None, regex.Pattern[str]]] = field(init=False, repr=False)
    line_continuers: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The one place the derived fields are set: a frozen dataclass refuses `self.x = ...`.
        derive = partial(object.__setattr__, self)
        # Indexes by first word, so matching looks at a handful of entries, not all.
        phrases_by_first: dict[str, list[tuple[tuple[str, ...], CueForm]]] = {}
        for words, form in self.phrases:
            phrases_by_first.setdefault(words[0], []).append((words, form))
        derive("phrases_by_first", phrases_by_first)
        outlets_by_first: dict[str, list[tuple[str, ...]]] = {}
        for outlet in self.outlet_phrases:
            outlets_by_first.setdefault(outlet[0], []).append(outlet)
        derive("outlets_by_first", outlets_by_first)
        # Every normalized word that can start a cue (with or without و/ف): the matcher
        # looks further only at these.
        heads = set(self.forms) | set(self.frames) | set(phrases_by_first)
        heads |= {n for n in self.grammar.get("negators", frozenset())}
        heads |= self.grammar.get("verb_frames", frozenset())  # على ما أفاد, كما نقلت عنه
        derive("cue_starters", frozenset(heads | {c + h for h in heads for c in CONJUNCTION_LETTERS}))
        # Every word list by its key, the grammar's before the speakers' (SentenceView.words).
        word_sets = {**self.speakers, **{k: v for k, v in self.grammar.items() if v}}
        derive("word_sets", word_sets)
        # Every word list as a sorted tuple, for str.endswith and str.startswith (Patterns.endings).
        derive("word_endings", {key: tuple(sorted(words)) for key, words in word_sets.items()})
        # First words of the recap sentences (جاء ذلك …), tested on every sentence.
        derive("recap_firsts", frozenset(p.split()[0] for p in self.grammar.get("statement_recaps", frozenset())))
        # Clause breaks by first word: (words, whether a comma must come before).
        clause_breaks_by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        # (A turn, ، من جهته, opens a clause after a comma as these do.)
        for key, needs_comma in (("clause_breaks", False), ("comma_clause_breaks", True), ("turn_phrases", True)):
            for phrase in self.grammar.get(key, frozenset()):
                words = tuple(phrase.split())
                clause_breaks_by_first.setdefault(words[0], []).append((words, needs_comma))
        derive("clause_breaks_by_first", clause_breaks_by_first)
        narration_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.grammar.get("narration", frozenset()):
            words = tuple(phrase.split())
            narration_by_first.setdefault(words[0], []).append(words)
        derive("narration_by_first", narration_by_first)
        # How much of a line the furniture rules need normalized (clean._line_start).
        derive("list_header_words", max((len(h.split()) for h in self.list_headers), default=0))
        derive("furniture_prefix_chars", max((len(p) for p in self.furniture_prefixes), default=0))
        derive("furniture_prefix_initials", frozenset(p[:1] for p in self.furniture_prefixes))
        derive("list_header_initials", frozenset(h[:1] for h in self.list_headers))
        # Words that say when, not who: a subject ends before them (أمس, الأحد).
        derive("times", self.union(("time_adverbs", "weekdays")))
        # Words that end a speaker's phrase: a function word, or what opens the content.
        derive("phrase_stops", self.union(("speaker_stops", "complementizers")))
        # Words no subject starts with: prepositions, adverbs, particles (phrases.subject_start).
        derive("non_subject_leads", self.union((
            "content_prepositions", "speaker_stops", "place_adverbs", "clause_openers", "occasions", "complementizers",
            "pronoun_prepositions")))
        # The line patterns anchored at the line's start, matched at once in one alternation
        # (one call instead of one per pattern); the others are searched one by one.
        anchored = [p.pattern for p in self.line_patterns if is_anchored(p.pattern)]
        derive("line_start_pattern", regex.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None)
        # The others, each with the literal text it starts with when it has one (pic.twitter.com,
        # http): a line without that text is not searched.
        derive("line_search_patterns", [(literal_start(p.pattern), p) for p in self.line_patterns
                                        if not is_anchored(p.pattern)])
        # Words a line cannot end a sentence on (a preposition, إن): the line goes on below.
        derive("line_continuers", self.union(("content_prepositions", "speaker_stops", "complementizers")))

    def union(self, keys: tuple[str, ...]) -> frozenset[str]:
        """The words of the lists `keys` (grammar or speakers), together; made anew at each call
        (WordMemos.words_of remembers them)."""
        return frozenset().union(*(self.word_sets[key] for key in keys))

    def endings(self, key: str) -> tuple[str, ...]:
        """The words of list `key` as a tuple for str.endswith or str.startswith
        (name_endings, plural_endings; saying_nouns, reflexives)."""
        return self.word_endings[key]

    def outlet_prefix(self, words: Sequence[str]) -> bool:
        """Do `words` start with the name of a known outlet (رويترز, سكاي نيوز عربية)?"""
        if not words:
            return False
        return any(tuple(words[:len(o)]) == o for o in self.outlets_by_first.get(words[0], ()))

    def outlet_by_name(self, words: Sequence[str], quoted: bool) -> bool | None:
        """Does a mention of these normalized words name an outlet by its name? True for a known
        outlet or a name ending as outlets' names do (شفق نيوز, نورث برس), False for a state's name
        alone, unquoted (وأكدت المملكة: the kingdom, not the channel), None when the name does not tell."""
        if not words:
            return None
        speakers = self.speakers
        if len(words) == 1 and words[0] in speakers["states"] and not quoted:
            return False
        if self.outlet_prefix(words) or (1 < len(words) <= 3 and words[-1] in speakers["media_name_endings"]
                                         and not words[0].startswith(DEFINITE_ARTICLE)):
            return True
        return None


class WordMemos:
    """What the extractor remembers about words across the articles of one process, for one pattern set.

    Each memo maps a word (or a mention) to what the pattern set makes of it, so
    it holds the same answers whenever it is filled; it only saves the work.
    """

    def __init__(self, patterns: Patterns) -> None:
        self.word_sets = patterns.word_sets
        # The word without a conjunction و/ف, per normalized word (SentenceView.bare).
        self.bare: dict[str, str] = {}
        # Whether a word, with or without ال/و/ب/ل, is in some lists (SentenceView.head_in).
        self.heads: dict[tuple[str, tuple[str, ...]], bool] = {}
        # Readings of speaker mentions (role, name, kind).
        self.mention_readings: dict[str, tuple[str | None, str, str]] = {}
        # Written forms of words seen so far, sorted by whether they can start a cue.
        self.starter_forms = WrittenForms(patterns.cue_starters, also=self.misspelt_starter)
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}
        self._forms = patterns.forms
        self._one_off: dict[str, frozenset[str]] | None = None  # built on first use
        self._misspellings: dict[str, CueForm | None] = {}  # emptied when full, like normalize's memo
        self._firsts: dict[str, frozenset[str]] = {}
        # Letters that differ only by their dots, one number per shape (ص ض, ر ز, ب ت ث ن ي).
        self._shapes = {letter: n for n, group in enumerate(patterns.grammar["letter_shapes"]) for letter in group}

    def first_words(self, key: str) -> frozenset[str]:
        """The first words of the phrases of list `key` (قبل of قبل أسبوع), computed once."""
        words = self._firsts.get(key)
        if words is None:
            words = self._firsts[key] = frozenset(phrase.split()[0] for phrase in self.word_sets[key])
        return words

    def words_of(self, keys: tuple[str, ...]) -> frozenset[str]:
        """The words of the lists `keys` (grammar or speakers), together; computed once per combination."""
        words = self._unions.get(keys)
        if words is None:
            words = self._unions[keys] = frozenset().union(*(self.word_sets[key] for key in keys))
        return words

    def misspelt_starter(self, norm: str) -> bool:
        """و/ف and a misspelt past-tense cue (وأودت): a word that may start a cue."""
        return len(norm) > MISSPELT_LENGTH and norm[0] in CONJUNCTION_LETTERS and self.misspelt(norm[1:]) is not None

    def misspelt(self, word: str) -> CueForm | None:
        """`_misspelt` of a word, remembered."""
        if word not in self._misspellings:
            if len(self._misspellings) >= NORMALIZED_WORDS:
                self._misspellings.clear()
            self._misspellings[word] = self._misspelt(word)
        return self._misspellings[word]

    def _third_person_past(self, form: str) -> bool:
        """Is `form` a cue's past of the third person singular (أورد, أوردت; not أسمين)?"""
        meaning = self._forms.get(form)
        if meaning is None or meaning.kind != "verb" or meaning.tense != "perfect" or len(form) < MISSPELT_LENGTH:
            return False
        lemma = normalize(meaning.lemma)
        return form in (lemma, lemma + TEH)

    def _misspelt(self, word: str) -> CueForm | None:
        """The past-tense verb cue `word` misspells by one letter, when only one lemma is that
        close: a letter missing (أودت for أوردت, فادت for أفادت), then a letter too many, then a
        letter for another of the same shape but its dots (اصاف for اضاف). None otherwise."""
        forms = self._forms
        if len(word) < MISSPELT_LENGTH or word in forms:
            return None
        if self._one_off is None:
            index: dict[str, set[str]] = {}
            for form in forms:
                if self._third_person_past(form):
                    for i in range(len(form)):
                        index.setdefault(form[:i] + form[i + 1:], set()).add(form)
            self._one_off = {key: frozenset(found) for key, found in index.items()}
        shorter = [word[:i] + word[i + 1:] for i in range(len(word))]
        tiers = (
            set(self._one_off.get(word, ())),
            {w for w in shorter if self._third_person_past(w)},
            {form for i, w in enumerate(shorter) for form in self._one_off.get(w, ())
             if len(form) == len(word) and form[:i] == word[:i] and form[i + 1:] == word[i + 1:]
             and self._shapes.get(form[i], -1) == self._shapes.get(word[i], -2)},
        )
        for near in tiers:
            if near:
                lemmas = {forms[form].lemma for form in near}
                return forms[min(near)] if len(lemmas) == 1 else None
        return None


MISSPELT_LENGTH = 4  # letters of the shortest past-tense form read through a misspelling (not قال, نفى)


@lru_cache(maxsize=8)
def memos_for(patterns: Patterns) -> WordMemos:
    """The memos of this process for a loaded pattern set (one per pattern set, made on first use)."""
    return WordMemos(patterns)


def _norm_set(words: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


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
    parsed = read_files(directory, problems)
    # The checks after validation run on whatever validated, so that one type mistake
    # does not hide the others: every problem of the set is reported at once.
    cues = cue_entries(parsed["cues.toml"]) if "cues.toml" in parsed else CueEntries([], [], [])
    grammar_file = parsed.get("grammar.toml")
    prefixes = tuple(grammar_file.data.get("present_prefixes", ())) if grammar_file else ()
    forms, frames, phrases = compile_cues(cues, f"{directory.name}/cues.toml", problems,
                                           tuple(p for p in prefixes if isinstance(p, str)))
    noun_forms = {key: form for key, form in noun_cue_forms(cues.noun).items()}
    fwhere = f"{directory.name}/furniture.toml"
    line_patterns = compile_regexes(parsed.get("furniture.toml"), "line_patterns", fwhere, problems)
    caption_patterns = compile_regexes(parsed.get("furniture.toml"), "caption_patterns", fwhere, problems)
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
    """Every problem of a pattern set, its aliases.toml included, as `file:line: message`; empty when it is sound."""
    try:
        load_patterns(directory)
    except PatternError as exc:
        return exc.problems + check_aliases(directory)
    return check_aliases(directory)
