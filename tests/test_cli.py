"""The command line, through typer's CliRunner: help, export, errors and exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from attrib import __version__, cli
from attrib.cli import main as cli_app
from attrib.cli.main import app
from attrib.errors import PatternError
from attrib.models import Article, ArticleClaims, ArticleInfo, Claim, CueSpan, Span, SpeakerSpan
from attrib.present.terminal import NO_CLAIMS

runner = CliRunner()
BUNDLED_PATTERNS = Path(__file__).resolve().parents[1] / "patterns"
ANSI_ESCAPE = "\x1b["

TITLE = "تعاون سوري عراقي لمكافحة الإرهاب"
TEXT = (
    f"{TITLE}\n"
    "أكد الرئيس العراقي عبد اللطيف رشيد على أهمية التعاون المشترك في مجال مكافحة الإرهاب. "
    'وقال المحلل السياسي مصطفى النعيمي لقناة الجزيرة إن "النظام يسعى لإنشاء منطقة عازلة". '
    "ونفى المتحدث باسم الوزارة ما تردد عن انسحاب القوات من البادية.\n"
)
TEXT_2 = 'وحذر وزير الداخلية من "تصاعد هجمات التنظيم" في المنطقة الشرقية.\n'


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group under `command`, as the arguments that reach it."""
    paths = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += _command_paths(sub, (*path, name))
    return paths


COMMAND_PATHS = _command_paths(typer.main.get_command(app))


@pytest.fixture
def article_txt(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "a1", "title": TITLE, "text": TEXT},
        {"id": "a2", "title": None, "text": TEXT_2},
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _exported(stdout: str) -> list[ArticleClaims]:
    return [ArticleClaims.model_validate_json(line) for line in stdout.splitlines()]


def _assert_spans_point_into(result: ArticleClaims, text: str) -> None:
    assert result.article.length == len(text)
    for claim in result.claims:
        for span in (claim.cue, claim.speaker, claim.source, claim.content):
            if span is not None:
                assert text[span.start : span.end] == span.text, (claim.id, span)


def _claims_by_hand(article: Article, patterns: object = None) -> ArticleClaims:
    """Stands in for the extractor: one known claim in TEXT, so the output does not depend on it."""
    if article.text != TEXT:
        return _no_claims(article)
    cue = "وقال"
    speaker = "المحلل السياسي مصطفى النعيمي"
    content = "النظام يسعى لإنشاء منطقة عازلة"

    def at(piece: str) -> tuple[int, int]:
        start = article.text.index(piece)
        return start, start + len(piece)

    return ArticleClaims(
        article=ArticleInfo(id=article.id, title=article.title, length=len(article.text)),
        claims=[
            Claim(
                id="c1",
                sentence=2,
                cue=CueSpan(text=cue, start=at(cue)[0], end=at(cue)[1], lemma="قال"),
                speaker=SpeakerSpan(
                    text=speaker, start=at(speaker)[0], end=at(speaker)[1],
                    name="مصطفى النعيمي", role="المحلل السياسي", kind="person",
                ),
                source=Span(text="قناة الجزيرة", start=at("قناة الجزيرة")[0], end=at("قناة الجزيرة")[1]),
                content=Span(text=content, start=at(content)[0], end=at(content)[1]),
                stance="neutral",
                type="direct",
            )
        ],
    )


def _no_claims(article: Article, patterns: object = None) -> ArticleClaims:
    info = ArticleInfo(id=article.id, title=article.title, length=len(article.text))
    return ArticleClaims(article=info, claims=[])


# --- help and version --------------------------------------------------------


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda path: " ".join(path) or "attrib")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: attrib" in result.stdout


def test_every_command_is_covered_by_the_help_test() -> None:
    assert {path[-1] for path in COMMAND_PATHS if path} >= {
        "report", "export", "eval", "schema", "patterns", "check",
    }


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    for code in ("0 ", "1 ", "2 ", "3 "):
        assert f"\n {code} " in result.stdout
    assert cli.__doc__ is not None and "Exit codes" in cli.__doc__


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"attrib {__version__}\n"


# --- export ------------------------------------------------------------------


def test_export_txt_as_jsonl(article_txt: Path) -> None:
    result = runner.invoke(app, ["export", str(article_txt), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    [exported] = _exported(result.stdout)
    assert exported.article.id == "article"
    _assert_spans_point_into(exported, TEXT)


def test_export_jsonl_corpus(corpus: Path) -> None:
    result = runner.invoke(app, ["export", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    exported = _exported(result.stdout)
    assert [item.article.id for item in exported] == ["a1", "a2"]
    assert exported[0].article.title == TITLE
    for item, text in zip(exported, (TEXT, TEXT_2), strict=True):
        _assert_spans_point_into(item, text)


def test_export_json_is_an_object_for_one_article_and_an_array_for_several(
    article_txt: Path, corpus: Path
) -> None:
    one = runner.invoke(app, ["export", str(article_txt), "--format", "json"])
    several = runner.invoke(app, ["export", str(corpus), "--format", "json"])
    assert one.exit_code == several.exit_code == 0
    assert ArticleClaims.model_validate(json.loads(one.stdout)).article.id == "article"
    assert [item["article"]["id"] for item in json.loads(several.stdout)] == ["a1", "a2"]


def test_export_writes_arabic_letters_not_escapes(corpus: Path) -> None:
    result = runner.invoke(app, ["export", str(corpus), "--format", "json"])
    assert TITLE in result.stdout
    assert "\\u06" not in result.stdout


def test_export_with_claims_keeps_every_span(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "extract", _claims_by_hand)
    result = runner.invoke(app, ["export", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    first = _exported(result.stdout)[0]
    assert first.claims[0].speaker is not None and first.claims[0].speaker.name == "مصطفى النعيمي"
    assert "مصطفى النعيمي" in result.stdout
    _assert_spans_point_into(first, TEXT)


def test_export_to_a_file(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "claims.jsonl"
    result = runner.invoke(app, ["export", str(corpus), "--format", "jsonl", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert [item.article.id for item in _exported(output.read_text(encoding="utf-8"))] == ["a1", "a2"]


def test_export_reads_standard_input() -> None:
    result = runner.invoke(app, ["export", "-", "--format", "jsonl"], input=TEXT.encode("utf-8"))
    assert result.exit_code == 0, result.output
    [exported] = _exported(result.stdout)
    assert exported.article.id == "stdin"
    _assert_spans_point_into(exported, TEXT)


def test_missing_file_is_reported_and_the_others_still_exported(article_txt: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["export", str(missing), str(article_txt), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: no such file\n"
    assert [item.article.id for item in _exported(result.stdout)] == ["article"]


def test_bad_jsonl_line_is_reported_and_the_good_lines_exported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    good = [json.dumps({"id": name, "text": TEXT_2}, ensure_ascii=False) for name in ("a1", "a3")]
    corpus.write_text(f"{good[0]}\n{{not json\n{good[1]}\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {corpus}:2: not JSON: Expecting property name enclosed in double quotes at column 2\n"
    )
    assert [item.article.id for item in _exported(result.stdout)] == ["a1", "a3"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["export", "x.txt"],  # --format is required
        ["export", "x.txt", "--format", "xml"],
        ["export", "x.txt", "--format", "json", "--encoding", "no-such-codec"],
        ["export", "x.txt", "--format", "json", "--encoding", "base64"],
        ["report", "x.txt", "--width", "10"],
        ["report", "x.txt", "--patterns", "/no/such/directory"],
        ["export"],
    ],
)
def test_usage_errors_exit_2(arguments: list[str]) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_unwritable_output_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "no" / "such" / "dir" / "claims.json"
    result = runner.invoke(app, ["export", str(corpus), "--format", "json", "-o", str(output)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


# --- report ------------------------------------------------------------------


def test_report_is_plain_and_fits_80_columns(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "extract", _claims_by_hand)
    result = runner.invoke(app, ["report", str(corpus), "--width", "80"])
    assert result.exit_code == 0, result.output
    assert ANSI_ESCAPE not in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert "a1 · 1 claim · " + TITLE in result.stdout
    for expected in ("مصطفى النعيمي", "المحلل السياسي", "قناة الجزيرة", "وقال", "neutral×1"):
        assert expected in result.stdout


def test_report_no_color_even_on_a_color_terminal(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "extract", _claims_by_hand)
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": None}
    colored = runner.invoke(app, ["report", str(corpus)], env=env)
    plain = runner.invoke(app, ["report", str(corpus), "--no-color"], env=env)
    assert ANSI_ESCAPE in colored.stdout
    assert ANSI_ESCAPE not in plain.stdout


def test_report_of_an_article_without_claims(article_txt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "extract", _no_claims)
    result = runner.invoke(app, ["report", str(article_txt)])
    assert result.exit_code == 0
    assert result.stdout == f"article · 0 claims\n{NO_CLAIMS}\n"


def test_report_goes_on_after_a_missing_file(article_txt: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["report", str(missing), str(article_txt)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: no such file\n"
    assert result.stdout.startswith("article · ")


# --- eval --------------------------------------------------------------------


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    claim = {
        "cue": "وقال", "anchor": "وقال المحلل", "speaker": "المحلل السياسي مصطفى النعيمي",
        "speaker_name": "مصطفى النعيمي", "role": "المحلل السياسي", "speaker_kind": "person",
        "source": "قناة الجزيرة", "content": "النظام يسعى لإنشاء منطقة عازلة",
        "stance": "neutral", "type": "direct",
    }
    record = {"id": "g1", "title": TITLE, "text": TEXT, "claims": [claim]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


PERFECT_SCORES = """\
articles     1
gold         1
pred         1
matched      1
claims_p     1.000
claims_r     1.000
claims_f1    1.000
speaker_acc  1.000
stance_acc   1.000
type_acc     1.000
content_f1   1.000
source_p     1.000
source_r     1.000
source_f1    1.000
full_p       1.000
full_r       1.000
full_f1      1.000
"""


def test_eval_prints_the_metrics_as_the_reference_scorer(gold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "extract", _claims_by_hand)
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert result.stdout == PERFECT_SCORES


def test_eval_errors_come_first(gold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "extract", _no_claims)
    result = runner.invoke(app, ["eval", str(gold), "--errors"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("g1: MISSED 'وقال'")
    assert lines[1:5] == ["articles     1", "gold         1", "pred         0", "matched      0"]
    assert lines[-1] == "full_f1      0.000"


def test_eval_reports_bad_gold_lines_and_scores_the_rest(gold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11, item 17: a bad line no longer stops the scoring, and a byte order mark is read
    as `export` reads it."""
    monkeypatch.setattr(cli_app, "extract", _claims_by_hand)
    good = gold.read_text(encoding="utf-8")
    bad_claim = json.loads(good)
    bad_claim["id"] = "g3"
    bad_claim["claims"][0]["anchor"] = "not in the text"
    gold.write_text(
        "\ufeff" + good + "{not json\n" + json.dumps(bad_claim, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1
    assert result.stdout == PERFECT_SCORES
    problems = result.stderr.splitlines()
    assert len(problems) == 2
    assert problems[0].startswith(f"error: {gold}:2: not JSON: ")
    assert problems[1].startswith(f"error: {gold}:3 claim 1 ('وقال'): ")


def test_eval_of_a_missing_gold_file(tmp_path: Path) -> None:
    missing = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["eval", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: cannot read: No such file or directory\n"
    assert result.stdout == ""


# --- schema and patterns -----------------------------------------------------


def test_schema_is_the_json_schema_of_the_export() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == ArticleClaims.model_json_schema()


def test_patterns_check_the_bundled_set() -> None:
    result = runner.invoke(app, ["patterns", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")


def test_broken_patterns_exit_3_with_every_problem(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = ["cues.toml:41: [cue \"أكد\" -> stance] 'asert' is not a stance", "frames.toml:3: empty alternation"]

    def broken(directory: Path | None = None) -> object:
        raise PatternError(problems)

    monkeypatch.setattr(cli_app, "load_patterns", broken)
    result = runner.invoke(app, ["export", str(corpus), "--format", "jsonl", "--patterns", str(corpus.parent)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [*problems, f"error: 2 problems in {corpus.parent}"]
    assert result.stdout == ""


def test_patterns_check_lists_the_problems_of_a_broken_set(tmp_path: Path) -> None:
    broken = tmp_path / "patterns"
    shutil.copytree(BUNDLED_PATTERNS, broken)
    cues = broken / "cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8").replace('stance = "assert"', 'stance = "asert"', 1), encoding="utf-8")
    result = runner.invoke(app, ["patterns", "check", str(broken)])
    assert result.exit_code == 3
    assert "cues.toml:" in result.stderr and "asert" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: 1 problem in ")


# --- file names that are not UTF-8 (issue 11, item 15) ------------------------------------


@pytest.fixture
def latin1_named(tmp_path: Path) -> Path:
    """A folder holding `a\\xff.txt`: a file name in Latin-1, not UTF-8 (0xff is ÿ), and a good file."""
    folder = tmp_path / "F"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"a\xff.txt"), "wb") as out:
        out.write(TEXT.encode("utf-8"))
    (folder / "b.txt").write_text(TEXT_2, encoding="utf-8")
    return folder


def test_a_file_name_that_is_not_utf8_gives_a_printable_id(latin1_named: Path, tmp_path: Path) -> None:
    name = os.path.join(str(latin1_named), os.fsdecode(b"a\xff.txt"))
    result = runner.invoke(app, ["export", name, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["id"] == "a\\xff"

    page = tmp_path / "page.html"
    result = runner.invoke(app, ["report", name, "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "a\\xff" in page.read_text(encoding="utf-8")

    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(latin1_named), "-o", str(output), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["article"]["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a\\xff", "b"]


def test_a_missing_file_whose_name_is_not_utf8_is_a_printable_error(tmp_path: Path) -> None:
    missing = os.path.join(str(tmp_path), os.fsdecode(b"m\xff.txt"))
    result = runner.invoke(app, ["export", missing, "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}/m\\xff.txt: no such file\n"


def test_help_keeps_the_extras_in_brackets() -> None:
    """rich reads [cluster] as markup: the help must still show attrib[cluster] and attrib[desk]."""
    assert "attrib[cluster]" in runner.invoke(app, ["--help"]).stdout.replace("\n", " ").replace("  ", " ")
    assert "attrib[cluster]" in runner.invoke(app, ["batch", "--help"]).stdout
    assert "attrib[desk]" in runner.invoke(app, ["db", "serve", "--help"]).stdout
