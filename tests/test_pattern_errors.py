"""Pattern files with mistakes: every mistake is reported with its file and line, all at once, with an exact message.

Each test copies the bundled pattern set to a temporary folder named
`patterns`, breaks it, and reads what check_patterns() and
`attrib patterns check DIR` say. A mistake the loader misses is an xfail
(strict) naming what it lets through.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.extract.furniture import furniture_spans
from attrib.lexicon.patterns import bundled_directory, check_patterns, load_patterns
from attrib.models import STANCES

runner = CliRunner()
STANCE_CHOICES = ", ".join(repr(s) for s in STANCES[:-1]) + f" or {STANCES[-1]!r}"


@pytest.fixture
def patterns(tmp_path: Path) -> Path:
    """A fresh copy of the bundled pattern set, to break."""
    target = tmp_path / "patterns"
    shutil.copytree(bundled_directory(), target)
    return target


def line_of(path: Path, text: str, after: int = 0) -> int:
    """The number of the first line after line `after` that contains `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number > after and text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def header_of(path: Path, table: str, key_line: str) -> int:
    """The line of the `[[table]]` header of the entry holding `key_line`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(key_line)
    return next(n + 1 for n in range(at, -1, -1) if lines[n].strip() == f"[[{table}]]")


def replace(path: Path, old: str, new: str) -> int:
    """Replace the first `old` by `new`; the line where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def append(path: Path, block: str) -> int:
    """Add `block` (starting with a newline) at the end; the line of its first non-blank line."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + block, encoding="utf-8")
    return text.count("\n") + len(block) - len(block.lstrip("\n")) + 1


def test_the_bundled_set_is_sound(patterns: Path) -> None:
    assert check_patterns(patterns) == []
    result = runner.invoke(app, ["patterns", "check", str(patterns)])
    assert (result.exit_code, result.stdout) == (0, f"ok: {patterns}\n")


# --- one mistake in each file, all reported at once ----------------------------------------

def break_every_file(patterns: Path) -> list[str]:
    """An unknown stance, a wrong type, an unknown field and bad TOML, one per file; the expected problems."""
    cues = patterns / "cues.toml"
    stance = header_of(cues, "verb", 'lemma = "ذكر"')
    replace(cues, 'lemma = "ذكر"\nstance = "neutral"', 'lemma = "ذكر"\nstance = "asert"')
    grammar = patterns / "grammar.toml"
    negators = replace(grammar, "negators = [", "negators = 5\nnegators_old = [")
    speakers = patterns / "speakers.toml"
    unknown = append(speakers, '\nextra_heads = ["ناطق"]\n')
    furniture = patterns / "furniture.toml"
    toml = replace(furniture, "line_prefixes = [", "line_prefixes = = [")
    return [
        f"patterns/cues.toml:{stance}: [verb \"ذكر\" -> stance] 'asert' is not one of {STANCE_CHOICES}",
        f"patterns/grammar.toml:{negators}: [negators] Input should be a valid list (got 5)",
        f"patterns/grammar.toml:{negators + 1}: [negators_old] unknown field",
        f"patterns/speakers.toml:{unknown}: [extra_heads] unknown field",
        f"patterns/furniture.toml:{toml}: not valid TOML: Invalid value (at line {toml}, column 17)",
    ]


def test_a_mistake_in_every_file_is_reported(patterns: Path) -> None:
    expected = break_every_file(patterns)
    assert check_patterns(patterns) == expected


def test_patterns_check_lists_every_mistake_and_exits_3(patterns: Path) -> None:
    expected = break_every_file(patterns)
    result = runner.invoke(app, ["patterns", "check", str(patterns)])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*expected, f"error: {len(expected)} problems in {patterns}"]


def test_any_command_with_broken_patterns_exits_3_before_reading(patterns: Path, tmp_path: Path) -> None:
    expected = break_every_file(patterns)
    missing = tmp_path / "absent.txt"  # never read: the patterns are checked first
    result = runner.invoke(app, ["export", str(missing), "--format", "jsonl", "--patterns", str(patterns)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [*expected, f"error: {len(expected)} problems in {patterns}"]


# --- mistakes found after parsing: cues and regular expressions ------------------------------

def test_cue_and_regex_mistakes_are_all_reported(patterns: Path) -> None:
    cues = patterns / "cues.toml"
    first = header_of(cues, "verb", 'lemma = "قال"')
    duplicate = append(cues, '\n[[verb]]\nlemma = "قال"\nstance = "neutral"\nperfect = "قال"\n')
    marks_only = append(cues, '\n[[verb]]\nlemma = "غمز"\nstance = "neutral"\nextra = ["\u064e\u0640"]\n')
    bare = append(cues, '\n[[verb]]\nlemma = "صاح"\nstance = "neutral"\n')
    frame = append(cues, '\n[[frame]]\nword = "بِحسب"\nstance = "deny"\n')  # بحسب again, with a kasra
    phrase = append(cues, '\n[[phrase]]\ntext = "على حدّ  قول"\nstance = "neutral"\nkind = "frame"\n')
    furniture = patterns / "furniture.toml"
    regexes = ["(a+)+$", "(?:foo|)bar", "(?:a|b", "^(a{1,30}){1,30}$"]
    replace(furniture, "line_patterns = [\n", "line_patterns = [\n" + "".join(f"  '{r}',\n" for r in regexes))
    where = [f"patterns/furniture.toml:{line_of(furniture, repr(r))}: regex {r!r}" for r in regexes]
    assert check_patterns(patterns) == [
        f'patterns/cues.toml:{duplicate}: [verb "قال"] duplicate cue (first at line {first})',
        f'patterns/cues.toml:{marks_only}: [verb "غمز"] empty form',
        f'patterns/cues.toml:{bare}: [verb "صاح"] no forms: give perfect, imperfect, participle, extra or impersonal',
        f'patterns/cues.toml:{frame}: [frame "بِحسب"] duplicate frame',
        f'patterns/cues.toml:{phrase}: [phrase "على حدّ  قول"] duplicate phrase',
        f"{where[0]} has an unbounded quantifier (* + {{n,}}); bound it, e.g. {{0,80}}",
        f"{where[1]} has an empty alternative",
        f"{where[2]} does not compile: missing ) at position 6",
        f"{where[3]} repeats a group that repeats inside: it can backtrack exponentially;"
        " make the group atomic, (?>…)",
    ]


@pytest.mark.parametrize("regex", ["pic|", "|pic", "a(|b)", "a||b"])
def test_every_empty_alternative_is_refused(patterns: Path, regex: str) -> None:
    furniture = patterns / "furniture.toml"
    line = replace(furniture, "caption_patterns = [\n", f"caption_patterns = [\n  '{regex}',\n") + 1
    assert check_patterns(patterns) == [f"patterns/furniture.toml:{line}: regex {regex!r} has an empty alternative"]


BACKTRACKING = [
    "^(a{1,30}){1,30}$",  # 10 s on 26 letters
    "(?:a|a){1,60}b",
    "(\\w{1,20}\\s{0,3}){1,20}$",
    "^(?:[ab]|c){1,30}$",
    "^(?=(a{1,30}){1,30})b",
]


@pytest.mark.parametrize("regex", BACKTRACKING)
def test_a_regex_that_backtracks_is_refused(patterns: Path, regex: str) -> None:
    furniture = patterns / "furniture.toml"
    line = replace(furniture, "line_patterns = [\n", f"line_patterns = [\n  '{regex}',\n") + 1
    assert check_patterns(patterns) == [
        f"patterns/furniture.toml:{line}: regex {regex!r} repeats a group that repeats inside:"
        " it can backtrack exponentially; make the group atomic, (?>…)"
    ]




@pytest.mark.parametrize("regex", [
    "^(?>a{1,30}){1,30}$",
    "^[+*]\\s{0,4}\\d{1,3}$",
    "^(ab){1,3}$",
    "^(?:ab){1,3}$",
    "(?:a|b)?c",
])
def test_a_safe_regex_is_accepted(patterns: Path, regex: str) -> None:
    """An atomic group, + and * inside a class, a repeated group without a quantifier inside, an optional one."""
    furniture = patterns / "furniture.toml"
    replace(furniture, "line_patterns = [\n", f"line_patterns = [\n  '{regex}',\n")
    assert check_patterns(patterns) == []


def test_an_empty_regex_is_refused(patterns: Path) -> None:
    """It would match every line: every line of every article would be furniture."""
    furniture = patterns / "furniture.toml"
    line = replace(furniture, "line_patterns = [\n", "line_patterns = [\n  '  ',\n")
    assert check_patterns(patterns) == [
        f"patterns/furniture.toml:{line}: [line_patterns] String should have at least 1 character (got '  ')"
    ]


# --- types and fields -----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "shown"), [('"yes"', "'yes'"), ("1", "1")])
def test_a_flag_that_is_no_boolean_is_reported(patterns: Path, value: str, shown: str) -> None:
    """Strict types: "yes" or 1 must not pass as true."""
    cues = patterns / "cues.toml"
    entry = append(cues, f'\n[[verb]]\nlemma = "صرخ"\nstance = "neutral"\nperfect = "صرخ"\nobject = {value}\n')
    assert check_patterns(patterns) == [
        f'patterns/cues.toml:{entry}: [verb "صرخ" -> object] Input should be a valid boolean (got {shown})'
    ]


def test_a_wrongly_typed_entry_names_its_field(patterns: Path) -> None:
    cues = patterns / "cues.toml"
    number = append(cues, '\n[[verb]]\nlemma = "صرخ"\nstance = "neutral"\nperfect = 5\n')
    kind = append(cues, '\n[[phrase]]\ntext = "كما قال"\nstance = "neutral"\nkind = "verbb"\n')
    blank = append(cues, '\n[[frame]]\nword = "   "\nstance = "neutral"\n')
    assert check_patterns(patterns) == [
        f'patterns/cues.toml:{number}: [verb "صرخ" -> perfect] Input should be a valid string (got 5)',
        f"patterns/cues.toml:{blank}: [frame \"   \" -> word] String should have at least 1 character (got '   ')",
        f"patterns/cues.toml:{kind}: [phrase \"كما قال\" -> kind] 'verbb' is not one of 'frame', 'participle', 'verb' or 'impersonal'",
    ]


@pytest.mark.parametrize(("words", "message"), [
    ('"", ', "String should have at least 1 character (got '')"),
    ('"  ", ', "String should have at least 1 character (got '  ')"),
    ("5, ", "Input should be a valid string (got 5)"),
])
def test_a_bad_word_in_a_list_is_reported(patterns: Path, words: str, message: str) -> None:
    """An empty word would match no text, or every text."""
    grammar = patterns / "grammar.toml"
    line = replace(grammar, "negators = [", f"negators = [{words}")
    assert check_patterns(patterns) == [f"patterns/grammar.toml:{line}: [negators] {message}"]


# The word lists moved out of attrib/extract/ (issue 9): each is validated like the others.
MOVED_LISTS = ("relatives", "verb_particles", "determiners", "time_nouns", "time_adjectives", "clause_switches",
               "turn_phrases", "object_prepositions", "parenthesis_openers", "what_pronouns", "after_quote_verbs",
               "reflexives", "privatives", "saying_nouns", "frame_relatives", "frame_relays", "frame_resumptions",
               "topic_particles", "pre_subject_words", "date_prepositions", "channel_prepositions",
               "outlet_name_breaks")


@pytest.mark.parametrize("key", MOVED_LISTS)
def test_a_bad_word_in_a_moved_list_is_reported(patterns: Path, key: str) -> None:
    grammar = patterns / "grammar.toml"
    line = replace(grammar, f"\n{key} = [", f"\n{key} = [5, ") + 1
    assert check_patterns(patterns) == [f"patterns/grammar.toml:{line}: [{key}] Input should be a valid string (got 5)"]


@pytest.mark.parametrize("key", MOVED_LISTS)
def test_a_moved_list_missing_or_misspelt_is_reported(patterns: Path, key: str) -> None:
    grammar = patterns / "grammar.toml"
    line = replace(grammar, f"\n{key} = [", f"\n{key}s = [") + 1
    assert check_patterns(patterns) == [
        f"patterns/grammar.toml:1: [{key}] missing field",
        f"patterns/grammar.toml:{line}: [{key}s] unknown field",
    ]


def test_a_missing_list_is_reported(patterns: Path) -> None:
    furniture = patterns / "furniture.toml"
    renamed = replace(furniture, "list_headers = [", "list_headerz = [")
    assert check_patterns(patterns) == [
        "patterns/furniture.toml:1: [list_headers] missing field",
        f"patterns/furniture.toml:{renamed}: [list_headerz] unknown field",
    ]


# --- locating --------------------------------------------------------------------------------------

def test_a_comment_after_a_header_keeps_lines_right(patterns: Path) -> None:
    cues = patterns / "cues.toml"
    replace(cues, '[[verb]]\nlemma = "قال"', '[[verb]]  # the commonest cue\nlemma = "قال"')
    replace(cues, '[[verb]]\nlemma = "ذكر"', '[[ verb ]]\nlemma = "ذكر"')
    stance = header_of(cues, "verb", 'lemma = "أوضح"')
    replace(cues, 'lemma = "أوضح"\nstance = "neutral"', 'lemma = "أوضح"\nstance = "asert"')
    assert check_patterns(patterns) == [
        f"patterns/cues.toml:{stance}: [verb \"أوضح\" -> stance] 'asert' is not one of {STANCE_CHOICES}",
    ]


def test_a_toml_error_at_the_end_is_located_at_the_end(patterns: Path) -> None:
    speakers = patterns / "speakers.toml"
    append(speakers, "\ntitles_more = [\n")
    last = len(speakers.read_text(encoding="utf-8").splitlines())
    assert check_patterns(patterns) == [
        f"patterns/speakers.toml:{last}: not valid TOML: Invalid value (at end of document)"
    ]


# --- mistakes behind other mistakes: every one still reported ------------------------------------------

def test_cue_mistakes_behind_a_type_mistake_are_reported(patterns: Path) -> None:
    cues = patterns / "cues.toml"
    stance = header_of(cues, "verb", 'lemma = "ذكر"')
    replace(cues, 'lemma = "ذكر"\nstance = "neutral"', 'lemma = "ذكر"\nstance = "asert"')
    first = header_of(cues, "verb", 'lemma = "قال"')
    duplicate = append(cues, '\n[[verb]]\nlemma = "قال"\nstance = "neutral"\nperfect = "قال"\n')
    marks_only = append(cues, '\n[[verb]]\nlemma = "غمز"\nstance = "neutral"\nextra = ["\u064e\u0640"]\n')
    assert check_patterns(patterns) == [
        f"patterns/cues.toml:{stance}: [verb \"ذكر\" -> stance] 'asert' is not one of {STANCE_CHOICES}",
        f'patterns/cues.toml:{duplicate}: [verb "قال"] duplicate cue (first at line {first})',
        f'patterns/cues.toml:{marks_only}: [verb "غمز"] empty form',
    ]


def test_cue_and_regex_mistakes_behind_another_file_are_reported(patterns: Path) -> None:
    """A mistake in grammar.toml does not stop the checks of cues.toml and furniture.toml."""
    grammar = patterns / "grammar.toml"
    negators = replace(grammar, "negators = [", "negators = 5\nnegators_old = [")
    cues = patterns / "cues.toml"
    first = header_of(cues, "verb", 'lemma = "قال"')
    duplicate = append(cues, '\n[[verb]]\nlemma = "قال"\nstance = "neutral"\nperfect = "قال"\n')
    furniture = patterns / "furniture.toml"
    line = replace(furniture, "line_patterns = [\n", "line_patterns = [\n  'a||b',\n") + 1
    assert check_patterns(patterns) == [
        f"patterns/grammar.toml:{negators}: [negators] Input should be a valid list (got 5)",
        f"patterns/grammar.toml:{negators + 1}: [negators_old] unknown field",
        f'patterns/cues.toml:{duplicate}: [verb "قال"] duplicate cue (first at line {first})',
        f"patterns/furniture.toml:{line}: regex 'a||b' has an empty alternative",
    ]


@pytest.mark.parametrize(("regex", "furniture_line"), [
    ("^zzz|qqq", "سطر فيه qqq في وسطه"),  # the ^ binds the first alternative only
    ("^(?:zzz|qqq)", "qqq في أول السطر"),
    ("^(?i)QQQ", "qqq في أول السطر"),  # inline flags stay the pattern's own
    ("qqq\\.x?y", "سطر فيه qqq.y في وسطه"),  # searched only in lines holding "qqq.", its literal start
    ("(?i)QQQ", "سطر فيه qqq في وسطه"),  # no literal start taken from a case-blind pattern
])
def test_line_patterns_match_as_written(patterns: Path, regex: str, furniture_line: str) -> None:
    """Patterns anchored at the line start are matched together; the result is the same as one by one."""
    replace(patterns / "furniture.toml", "line_patterns = [\n", f"line_patterns = [\n  '{regex}',\n")
    first = "الحكومة تعلن خطة جديدة للنقل العام في المدينة"
    text = f"{first}\n{furniture_line}\n{first}\n"
    start = len(first) + 1
    assert furniture_spans(text, load_patterns(patterns)) == [(start, start + len(furniture_line))]
