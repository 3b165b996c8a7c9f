"""patterns/aliases.toml: loaded, validated with located errors, and used to merge speakers."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.errors import PatternError
from attrib.fold import name_key
from attrib.lexicon.aliases import ALIASES_FILE, load_aliases
from attrib.track.speakers import NameUse, SpeakerIndex

runner = CliRunner()
BUNDLED = Path(__file__).resolve().parents[1] / "patterns"


def test_the_bundled_aliases_load_and_every_alias_names_its_speaker() -> None:
    aliases = load_aliases()
    data = tomllib.loads((BUNDLED / ALIASES_FILE).read_text(encoding="utf-8"))
    assert data["speaker"]
    for entry in data["speaker"]:
        for alias in [entry["name"], *entry["aliases"]]:
            assert aliases.resolve(name_key(alias)) == entry["name"], alias
    # Spelling does not matter: hamza, teh marbuta, quotation marks, tatweel.
    assert aliases.resolve(name_key("تنظيم «الدولة الاسلاميه»")) == "تنظيم الدولة الإسلامية"
    assert aliases.resolve(name_key("داعـش")) == "تنظيم الدولة الإسلامية"


def broken(tmp_path: Path, text: str) -> Path:
    directory = tmp_path / "patterns"
    shutil.copytree(BUNDLED, directory)
    (directory / ALIASES_FILE).write_text(text, encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            '[[speaker]]\nname = "حماس"\naliases = ["حركة حماس"]\nkind = "organization"\n',
            ['patterns/aliases.toml:1: [speaker "حماس" -> kind] unknown field'],
        ),
        (
            '[[speaker]]\nname = "حماس"\naliases = []\n\n[[speaker]]\naliases = ["قسد"]\n',
            [
                'patterns/aliases.toml:1: [speaker "حماس" -> aliases] List should have at least 1 item'
                " after validation, not 0 (got [])",
                "patterns/aliases.toml:5: [speaker #2 -> name] missing field",
            ],
        ),
        (
            '[[speaker]]\nname = "حركة حماس"\naliases = ["حماس"]\n\n'
            '[[speaker]]\nname = "حماس الداخل"\naliases = ["حماس", "حماس الداخل", "«"]\n',
            [
                'patterns/aliases.toml:5: [speaker "حماس الداخل"] \'حماس\' already stands for "حركة حماس" (line 1)',
                "patterns/aliases.toml:5: [speaker \"حماس الداخل\"] alias 'حماس الداخل' is the name itself",
                "patterns/aliases.toml:5: [speaker \"حماس الداخل\"] '«' has no letters",
            ],
        ),
        ('[[speaker]]\nname = "حماس\n', ["patterns/aliases.toml:2: not valid TOML: Illegal character '\\n' (at line 2, column 13)"]),
        # Read by the one loader of every pattern file: strict types, the same labels and lines.
        (
            '[[speaker]]\nname = 5\naliases = ["حماس"]\n\n[[speaker]]\nname = "قسد"\naliases = "قوات سوريا الديمقراطية"\n',
            [
                "patterns/aliases.toml:1: [speaker #1 -> name] Input should be a valid string (got 5)",
                'patterns/aliases.toml:5: [speaker "قسد" -> aliases] Input should be a valid list'
                " (got 'قوات سوريا الديمقراطية')",
            ],
        ),
        ('speakers = []\n', ["patterns/aliases.toml:1: [speakers] unknown field"]),
        ('[[speaker]]\nname = "حماس"\naliases = ["حركة حماس"', ["patterns/aliases.toml:3: not valid TOML: Unclosed array"
                                                             " (at end of document)"]),
    ],
)
def test_every_problem_of_the_aliases_file_is_located(tmp_path: Path, text: str, problems: list[str]) -> None:
    directory = broken(tmp_path, text)
    with pytest.raises(PatternError) as caught:
        load_aliases(directory)
    assert caught.value.problems == problems


def test_broken_aliases_exit_3_with_every_problem(tmp_path: Path) -> None:
    directory = broken(tmp_path, '[[speaker]]\nname = "حماس"\naliases = ["حماس"]\n')
    result = runner.invoke(app, ["batch", "x.jsonl", "--patterns", str(directory)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "patterns/aliases.toml:1: [speaker \"حماس\"] alias 'حماس' is the name itself",
        f"error: 1 problem in {directory}",
    ]


def test_a_pattern_set_without_aliases_merges_by_name_only(tmp_path: Path) -> None:
    directory = tmp_path / "patterns"
    shutil.copytree(BUNDLED, directory)
    (directory / ALIASES_FILE).unlink()
    assert load_aliases(directory).names == {}


USES = [
    NameUse("فؤاد حسين", "وزير الخارجية العراقي", "person", 3),
    NameUse("فؤاد حسين", None, "person", 1),
    NameUse("حسين", "وزير الخارجية", "person", 1),  # short, a role contained in the full one's
    NameUse("حسين", None, "person", 1),
    NameUse("الحسين", "وزير الخارجية", "person", 1),  # another name: ال is not a spelling variant
    NameUse("محمد", "رئيس الوزراء", "person", 1),  # short, with a role nobody named محمد has
    NameUse("محمد شياع السوداني", "رئيس الحكومة العراقية", "person", 2),
    NameUse("علي", "النائب", "person", 1),  # two full names with that role: ambiguous, not merged
    NameUse("علي الزبيدي", "النائب", "person", 1),
    NameUse("علي حسين الساعدي", "النائب", "person", 1),
    NameUse("تنظيم داعش", None, "organization", 2),
    NameUse('تنظيم "الدولة الإسلامية"', None, "organization", 1),
    NameUse("وكالة الأنباء العراقية (واع)", None, "media", 1),
    NameUse("وكالة الانباء العراقيه", None, "media", 1),
]


def test_names_are_merged_by_spelling_alias_and_short_name_with_a_role() -> None:
    index = SpeakerIndex(USES, load_aliases())
    groups = sorted(sorted(s.names) for s in index.speakers.values())
    assert groups == [
        ["الحسين"],
        ["تنظيم \"الدولة الإسلامية\"", "تنظيم داعش"],
        ["حسين", "فؤاد حسين"],
        ["علي"],
        ["علي الزبيدي"],
        ["علي حسين الساعدي"],
        ["محمد"],
        ["محمد شياع السوداني"],
        ["وكالة الأنباء العراقية (واع)", "وكالة الانباء العراقيه"],
    ]
    assert index.speaker_of("حسين").name == "فؤاد حسين"  # type: ignore[union-attr]
    assert index.speaker_of("تنظيم داعش").name == "تنظيم الدولة الإسلامية"  # type: ignore[union-attr]
    assert index.speaker_of("وكالة الانباء العراقيه").name == "وكالة الأنباء العراقية (واع)"  # type: ignore[union-attr]
    assert [s.name for s in index.find("واع", load_aliases())] == ["وكالة الأنباء العراقية (واع)"]
    assert [s.name for s in index.find("علي", load_aliases())] == ["علي"]
    assert [s.name for s in index.find("الزبيدي", load_aliases())] == ["علي الزبيدي"]


def test_patterns_check_checks_the_aliases_too(tmp_path: Path) -> None:
    directory = broken(tmp_path, '[[speaker]]\nname = "حماس"\naliases = ["حماس"]\n')
    result = runner.invoke(app, ["patterns", "check", str(directory)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "patterns/aliases.toml:1: [speaker \"حماس\"] alias 'حماس' is the name itself",
        f"error: 1 problem in {directory}",
    ]


def test_patterns_check_lists_the_problems_of_the_aliases_with_those_of_the_other_files(tmp_path: Path) -> None:
    directory = broken(tmp_path, '[[speaker]]\nname = "حماس"\naliases = ["حركة حماس"]\nkind = "organization"\n')
    cues = directory / "cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8").replace('stance = "assert"', 'stance = "asert"', 1), encoding="utf-8")
    result = runner.invoke(app, ["patterns", "check", str(directory)])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines] == ["patterns/cues.toml", "patterns/aliases.toml", "error"]
    assert lines[1] == 'patterns/aliases.toml:1: [speaker "حماس" -> kind] unknown field'
    assert lines[2] == f"error: 2 problems in {directory}"
