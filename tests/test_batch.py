"""`attrib batch`: a mixed corpus in input order, failures located, progress, and --resume after a kill."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from tracker_corpus import JAZEERA_TEXT, write_corpus
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.errors import BatchStopped, InputError, OutputError, PatternError
from attrib.models import Article, ArticleClaims
from attrib.read.corpus import Task, count_tasks, iter_tasks, walk
from attrib.track import batch as batch_lib

runner = CliRunner()
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
ATTRIB = [str(Path(sys.executable).with_name("attrib"))]  # the installed command, as a user runs it
# The order of write_corpus's articles: folders and files by name, corpus lines in order.
CORPUS_IDS = ["arabiya-0301", "jazeera-0301", "trap", "sky-0302", "reuters-0303"]


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever terminal runs the tests, the commands see none (unless a test says otherwise)."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path)


def exported(path: Path) -> list[ArticleClaims]:
    return [ArticleClaims.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


def short_articles(path: Path, count: int, marker: str = "A") -> list[str]:
    """A JSONL corpus of `count` two-claim articles; returns their ids."""
    ids = [f"n{i:05d}" for i in range(count)]
    with path.open("w", encoding="utf-8") as out:
        for i, article_id in enumerate(ids):
            text = (
                f"أكد وزير الخارجية العراقي فؤاد حسين أن بغداد ستستضيف الجولة رقم {i} من المحادثات.\n"
                f"وقال المتحدث باسم الحكومة إن الاجتماع {marker} سيعقد في العاصمة يوم {i % 28 + 1}.\n"
            )
            record = {"id": article_id, "title": f"نسخة {marker}", "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ids


def wait_for_lines(path: Path, count: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        assert process.poll() is None, "the batch ended before it could be interrupted"
        time.sleep(0.005)
    raise AssertionError(f"no {count} lines in {path} after {timeout}s")


# --- the corpus ------------------------------------------------------------------


def test_walk_sorts_by_name_and_skips_page_assets(corpus: Path) -> None:
    assert [Path(p).relative_to(corpus).as_posix() for p in walk(str(corpus))] == [
        "pages/arabiya-0301.html", "pages/jazeera-0301.html", "trap.txt", "wires.jsonl",
    ]
    assert count_tasks([str(corpus)]) == 5
    assert count_tasks([str(corpus), "-"]) is None


def test_batch_of_a_mixed_corpus(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "claims.jsonl"
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(output), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "5 articles written, 11 claims\n"
    results = exported(output)
    assert [r.article.id for r in results] == CORPUS_IDS
    assert [len(r.claims) for r in results] == [3, 3, 1, 2, 2]

    jazeera = results[1].article
    assert (jazeera.site, jazeera.encoding, jazeera.date) == ("الجزيرة نت", "utf-8", "2024-03-01")
    assert jazeera.url == "https://www.aljazeera.net/news/2024/3/1/iraq"
    assert jazeera.title == "العراق وأمن دول الجوار"
    assert results[0].article.encoding == "cp1256"
    assert results[3].article.site == "سكاي نيوز عربية"
    assert results[3].article.text is None  # a corpus record's text is the input as given
    # The text of a page is the extracted main text (menus and footer gone), and the spans point into it.
    assert jazeera.text is not None and jazeera.text.endswith(JAZEERA_TEXT)
    assert "الرئيسية" not in jazeera.text and "محفوظة" not in jazeera.text
    for item in results[:2]:
        assert item.article.text is not None
        for claim in item.claims:
            for span in (claim.cue, claim.speaker, claim.content):
                assert span is not None and item.article.text[span.start:span.end] == span.text


def test_output_is_the_same_with_one_worker_or_two(corpus: Path, tmp_path: Path) -> None:
    inputs = [str(corpus)] + ([str(EVAL / "dev.jsonl")] if (EVAL / "dev.jsonl").is_file() else [])
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["batch", *inputs, "-o", str(one), "-w", "1", "-q"]).exit_code == 0
    assert runner.invoke(app, ["batch", *inputs, "-o", str(two), "-w", "2", "-q"]).exit_code == 0
    assert one.read_bytes() == two.read_bytes()


def test_batch_is_the_export_of_each_article(corpus: Path, tmp_path: Path) -> None:
    """A record of a corpus comes out of batch exactly as `attrib export` writes it."""
    wires = corpus / "wires.jsonl"
    result = runner.invoke(app, ["batch", str(wires), "-q"])
    assert result.exit_code == 0
    assert result.stdout == runner.invoke(app, ["export", str(wires), "--format", "jsonl"]).stdout


def test_failed_inputs_are_located_counted_and_skipped(corpus: Path, tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "وقال الوزير إن المحادثات مستمرة."}, ensure_ascii=False)
    bad_lines = tmp_path / "bad.jsonl"
    bad_lines.write_text(f'{good}\n{{"id": "x", "text": \n{{"id": "y"}}\n', encoding="utf-8")
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes("Le ministre a déclaré que le déficit a reculé.".encode("latin-1"))
    empty_page = tmp_path / "empty.html"
    empty_page.write_text("<html><head><title>x</title></head><body><script>var a;</script></body></html>", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    output = tmp_path / "claims.jsonl"
    result = runner.invoke(app, [
        "batch", str(bad_lines), str(undecodable), str(empty_page), str(missing), str(corpus / "trap.txt"),
        "-o", str(output), "-w", "2",
    ])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {bad_lines}:2: not JSON: Expecting value at column 21",
        f"error: {bad_lines}:3: missing 'text'",
        f"error: {undecodable}: cannot decode: not UTF-8, and not Arabic text in Windows-1256; try --encoding",
        f"error: {empty_page}: no article text found in the page",
        f"error: {missing}: no such file",
        "2 articles written, 2 claims, 5 inputs failed",
    ]
    assert [r.article.id for r in exported(output)] == ["ok", "trap"]


def test_an_extractor_failure_is_reported_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(article: Article, patterns: object) -> ArticleClaims:
        if article.id == "b":
            raise IndexError("list index out of range")
        return ArticleClaims.model_validate({"article": {"id": article.id, "length": 1}, "claims": []})

    monkeypatch.setattr("attrib.track.batch.extract_article", broken)
    items = [Task(where=f"c.jsonl:{n}", article=Article(id=name, text="نص")) for n, name in enumerate("abc", 1)]
    outcomes = list(batch_lib.extract_stream(items))
    assert [str(o) if isinstance(o, InputError) else o.article_id for o in outcomes] == [
        "a", "c.jsonl:2: extractor failed: IndexError: list index out of range", "c",
    ]


def test_workers_read_the_input_as_they_go() -> None:
    """Memory stays flat: only a few chunks per worker are taken ahead of the output."""
    pulled = 0

    def endless() -> Iterator[Task]:
        nonlocal pulled
        for n in itertools.count():
            pulled += 1
            yield Task(where=f"endless:{n}", article=Article(id=f"e{n}", text="قال الوزير إن الوضع مستقر."))

    outcomes = list(itertools.islice(batch_lib.extract_stream(endless(), workers=2), 100))
    assert [o.article_id for o in outcomes if isinstance(o, batch_lib.Extracted)] == [f"e{n}" for n in range(100)]
    assert pulled <= 100 + 2 * batch_lib.AHEAD * batch_lib.CHUNK + batch_lib.CHUNK


# --- progress ----------------------------------------------------------------------


def test_progress_bar_only_on_a_terminal_and_never_with_quiet(corpus: Path, tmp_path: Path) -> None:
    output = str(tmp_path / "claims.jsonl")
    terminal = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "120"}
    shown = runner.invoke(app, ["batch", str(corpus), "-o", output, "-w", "1"], env=terminal)
    assert shown.exit_code == 0
    for part in ("batch", "5/5", "articles/s", "11 claims", "0 errors", "ETA"):
        assert part in shown.stderr
    quiet = runner.invoke(app, ["batch", str(corpus), "-o", output, "-w", "1", "--quiet"], env=terminal)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    piped = runner.invoke(app, ["batch", str(corpus), "-o", output, "-w", "1"])
    assert piped.stderr == "5 articles written, 11 claims\n"


# --- resume --------------------------------------------------------------------------


def test_resume_cuts_a_partial_last_line_and_writes_only_the_rest(corpus: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    assert runner.invoke(app, ["batch", str(corpus), "-o", str(full), "-q", "-w", "1"]).exit_code == 0
    lines = full.read_bytes().splitlines(keepends=True)
    interrupted = tmp_path / "claims.jsonl"
    interrupted.write_bytes(b"".join(lines[:2]) + lines[2][:40])  # killed in the middle of the third line
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(interrupted), "--resume", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"3 articles written, 5 claims, 2 skipped (already in {interrupted})\n"
    assert interrupted.read_bytes() == full.read_bytes()


def test_resume_of_a_finished_batch_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "claims.jsonl"
    assert runner.invoke(app, ["batch", str(corpus), "-o", str(output), "-q", "-w", "1"]).exit_code == 0
    before = output.read_bytes()
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(output), "--resume", "-w", "1"])
    assert result.stderr == f"0 articles written, 0 claims, 5 skipped (already in {output})\n"
    assert output.read_bytes() == before


def test_resume_refuses_a_file_that_is_not_a_batch_output(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "notes.jsonl"
    output.write_text('{"article": {"id": "a"}}\n{"note": 1}\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(output), "--resume"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {output}:2: not a line of attrib's output; cannot resume\n"
    with pytest.raises(OutputError):
        batch_lib.prepare_resume(output)


def test_resume_needs_an_output_file(corpus: Path) -> None:
    result = runner.invoke(app, ["batch", str(corpus), "--resume"])
    assert result.exit_code == 2
    assert "--resume needs an output file" in result.stderr


def test_resume_after_the_batch_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = short_articles(corpus, 3000)  # enough that the batch is still running when it is killed
    output = tmp_path / "claims.jsonl"
    command = [*ATTRIB, "batch", str(corpus), "-o", str(output), "-w", "1", "-q"]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)
    wait_for_lines(output, 20, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    written = output.read_bytes().count(b"\n")
    assert 20 <= written < len(ids)

    resumed = subprocess.run([*command[:-1], "--resume"], capture_output=True, timeout=120)  # with its summary
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.decode().endswith(f"{written} skipped (already in {output})\n")
    results = exported(output)
    assert [r.article.id for r in results] == ids  # none missing, none twice, in input order
    assert all(len(r.claims) == 2 for r in results)


def test_resume_after_a_worker_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = short_articles(corpus, 3000)  # enough that the batch is still running when it is killed
    output = tmp_path / "claims.jsonl"
    command = [*ATTRIB, "batch", str(corpus), "-o", str(output), "-w", "2", "-q"]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)
    try:
        wait_for_lines(output, 20, process)
        [worker, *_] = _workers(process.pid)
        os.kill(worker, signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 4
    assert stderr.decode() == (
        "error: a worker process stopped (killed, or out of memory); rerun with --resume to complete the output\n"
    )
    assert output.read_bytes().endswith(b"\n")  # the lines before the dead worker's chunk, whole

    resumed = subprocess.run([*command, "--resume", "-w", "1"], capture_output=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert [r.article.id for r in exported(output)] == ids


class _BrokenPool:
    """A process pool whose worker has died, as ProcessPoolExecutor shows it: from submit, or from a future."""

    raise_on_submit = False

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def submit(self, *args: object) -> Future[list[batch_lib.Outcome]]:
        if self.raise_on_submit:
            raise BrokenProcessPool("A child process terminated abruptly")
        future: Future[list[batch_lib.Outcome]] = Future()
        future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


@pytest.mark.parametrize("on_submit", [False, True], ids=["a-result-raises", "submit-raises"])
def test_a_dead_worker_stops_the_batch_wherever_the_pool_is_touched(
    monkeypatch: pytest.MonkeyPatch, on_submit: bool
) -> None:
    # Which of the two the main process meets first depends on timing; both must
    # give BatchStopped (exit 4 in the CLI), never BrokenProcessPool.
    monkeypatch.setattr(_BrokenPool, "raise_on_submit", on_submit)
    monkeypatch.setattr(batch_lib, "ProcessPoolExecutor", _BrokenPool)
    items = [Task(where=f"c.jsonl:{n}", article=Article(id=f"a{n}", text="قال الوزير إن الوضع مستقر."))
             for n in range(100)]
    with pytest.raises(BatchStopped, match="a worker process stopped"):
        list(batch_lib.extract_stream(items, workers=2))


def _workers(pid: int) -> list[int]:
    """The worker processes of a batch: its children started by multiprocessing's spawn."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]


def test_tasks_of_an_export_are_not_extracted_again(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "claims.jsonl"
    assert runner.invoke(app, ["batch", str(corpus), "-o", str(output), "-q", "-w", "1"]).exit_code == 0
    tasks = list(iter_tasks([str(output)]))
    assert all(isinstance(t, Task) and t.result is not None for t in tasks)
    again = runner.invoke(app, ["batch", str(output), "-q", "-w", "1"])
    assert again.stdout.encode("utf-8") == output.read_bytes()


def test_patterns_broken_under_the_workers_are_reported_not_a_dead_worker(tmp_path: Path) -> None:
    broken = tmp_path / "patterns"
    shutil.copytree(Path(__file__).resolve().parents[1] / "patterns", broken)
    (broken / "grammar.toml").unlink()
    items = [Task(where="c.jsonl:1", article=Article(id="a", text="قال الوزير إن الوضع مستقر."))]
    with pytest.raises(PatternError) as caught:
        list(batch_lib.extract_stream(items, workers=2, patterns_dir=broken))
    assert caught.value.problems == ["patterns/grammar.toml:1: missing file"]


def test_an_export_in_json_is_stored_as_it_is(corpus: Path, tmp_path: Path) -> None:
    """`export --format json` gives an object for one article, an array for several: both are
    results to store, not text to extract (issue 11, item 4)."""
    article = tmp_path / "one.txt"
    article.write_text(JAZEERA_TEXT, encoding="utf-8")
    one, several = tmp_path / "one.json", tmp_path / "several.json"
    assert runner.invoke(app, ["export", str(article), "--format", "json", "-o", str(one)]).exit_code == 0
    listed = [str(path) for path in sorted((corpus / "pages").glob("*.html"))] + [str(article)]
    assert runner.invoke(app, ["export", *listed, "--format", "json", "-o", str(several)]).exit_code == 0
    expected = runner.invoke(app, ["export", *listed, "--format", "jsonl"]).stdout

    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(several), "-o", str(output), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == expected
    result = runner.invoke(app, ["batch", str(one), "-q", "-w", "1"])
    assert result.stdout == expected.splitlines(keepends=True)[-1]
    assert exported(output)[-1].claims


def test_a_json_file_that_is_neither_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"article": {"id": "x"}, "claims": []},\n 5]', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(bad), "-q", "-w", "1"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: bad.json:1: not attrib's export: article.length: Field required\n"
        "error: bad.json:2: expected a JSON object, not a number\n"
    ).replace("bad.json", str(bad))
