"""The report: summaries computed without rich, and tables that fit an 80-column terminal."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import cell_len
from rich.console import Console

from attrib.models import ArticleClaims, ArticleInfo, Claim
from attrib.present.terminal import (
    ELLIPSIS,
    NO_CLAIMS,
    NO_SPEAKER,
    article_report,
    format_stances,
    shorten,
    summarize_sources,
    summarize_speakers,
)

AGENCY = "وكالة الأنباء العراقية الرسمية (واع)"
PRESIDENT = "الرئيس العراقي عبد اللطيف رشيد"
ANALYST = "مصطفى النعيمي"
LONG_CONTENT = (
    "على أهمية التعاون المشترك في مجال مكافحة الإرهاب وضبط الحدود بين البلدين "
    "وتبادل المعلومات الأمنية بشكل مستمر"
)
TEXT = (
    f"وأشادت {AGENCY} بتصريحات {PRESIDENT} التي أكدت {LONG_CONTENT}، "
    "معرباً عن دعم العراق الكامل لجهود الاستقرار في المنطقة. "
    f'وقال المحلل السياسي {ANALYST} لقناة الجزيرة إن "النظام يسعى لإنشاء منطقة عازلة". '
    "ونفى النعيمي ما تردد عن انسحاب القوات. وقيل إن الاجتماع تأجل [bold]حتى إشعار آخر[/bold]."
)


def _start(piece: str, after: str = "") -> int:
    """Where `piece` first occurs in TEXT, after the first `after` if given."""
    return TEXT.index(piece, TEXT.index(after) if after else 0)


def span(piece: str, after: str = "") -> dict[str, object]:
    start = _start(piece, after)
    return {"text": piece, "start": start, "end": start + len(piece)}


def speaker(mention: str, name: str, kind: str, role: str | None = None, after: str = "") -> dict[str, object]:
    return {**span(mention, after), "name": name, "role": role, "kind": kind}


def claim(number: int, cue: str, who: dict[str, object] | None, content: str, stance: str, source: str | None = None) -> Claim:
    return Claim.model_validate(
        {
            "id": f"c{number}",
            "sentence": 0,
            "cue": {**span(cue), "lemma": cue},
            "speaker": who,
            "source": span(source) if source else None,
            "content": span(content, after=cue),
            "stance": stance,
            "type": "indirect",
        }
    )


def president() -> dict[str, object]:
    return speaker(PRESIDENT, PRESIDENT, "person", role="الرئيس العراقي")


CLAIMS = [
    claim(1, "وأشادت", speaker(AGENCY, AGENCY, "media"), f"بتصريحات {PRESIDENT} التي أكدت {LONG_CONTENT}", "support", "واع"),
    claim(2, "أكدت", president(), LONG_CONTENT, "assert", "واع"),
    claim(3, "معرباً", president(), "عن دعم العراق الكامل لجهود الاستقرار في المنطقة", "neutral", "واع"),
    claim(4, "وقال", speaker(f"المحلل السياسي {ANALYST}", ANALYST, "person", role="المحلل السياسي"),
          "النظام يسعى لإنشاء منطقة عازلة", "neutral", "قناة الجزيرة"),
    # The analyst again, tagged differently: the most frequent kind wins, the first one on a tie.
    claim(5, "ونفى", speaker("النعيمي", ANALYST, "organization", after="ونفى"), "ما تردد عن انسحاب القوات", "deny"),
    claim(6, "وقيل", None, "الاجتماع تأجل [bold]حتى إشعار آخر[/bold]", "allege"),
]
ARTICLE = ArticleClaims(
    article=ArticleInfo(id="dev-001", title="تعاون سوري عراقي لمكافحة الإرهاب وسط تصاعد هجمات تنظيم الدولة", length=len(TEXT)),
    claims=CLAIMS,
)


def rendered(result: ArticleClaims, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(article_report(result))
    return console.export_text()


def test_the_fixture_spans_point_into_the_text() -> None:
    for item in CLAIMS:
        for piece in (item.cue, item.speaker, item.source, item.content):
            if piece is not None:
                assert TEXT[piece.start : piece.end] == piece.text


@pytest.mark.parametrize("width", [80, 60, 120])
def test_every_line_fits_the_width(width: int) -> None:
    lines = rendered(ARTICLE, width).splitlines()
    assert max(cell_len(line) for line in lines) <= width


def test_names_are_wrapped_not_cut() -> None:
    output = rendered(ARTICLE)
    for name in (AGENCY, PRESIDENT, ANALYST, "المحلل السياسي", "قناة الجزيرة", "واع"):
        assert all(word in output for word in name.split()), name
    assert "dev-001 · 6 claims · تعاون سوري" in output


def test_long_content_is_shortened_with_an_ellipsis() -> None:
    output = rendered(ARTICLE)
    assert ELLIPSIS in output
    assert "بشكل مستمر" not in output  # the tail of the 100-character content


def test_article_text_is_not_read_as_markup() -> None:
    assert "[bold]حتى" in rendered(ARTICLE)


def test_an_article_without_claims_says_so() -> None:
    empty = ArticleClaims(article=ArticleInfo(id="dev-002", title=None, length=0), claims=[])
    assert rendered(empty) == f"dev-002 · 0 claims\n{NO_CLAIMS}\n"


def test_speaker_summary() -> None:
    summary = [(s.name, s.kind, s.claims, format_stances(s.stances)) for s in summarize_speakers(ARTICLE)]
    assert summary == [
        (PRESIDENT, "person", 2, "neutral×1, assert×1"),
        (ANALYST, "person", 2, "neutral×1, deny×1"),
        (AGENCY, "media", 1, "support×1"),
        (None, None, 1, "allege×1"),
    ]
    assert summarize_speakers(ARTICLE)[1].roles == ["المحلل السياسي"]


def test_speaker_summary_in_the_report() -> None:
    output = rendered(ARTICLE)
    assert "neutral×1, assert×1" in output
    assert NO_SPEAKER in output


def test_source_summary() -> None:
    assert [(s.name, s.claims) for s in summarize_sources(ARTICLE)] == [("واع", 3), ("قناة الجزيرة", 1)]


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        (Counter({"neutral": 3, "assert": 1}), "neutral×3, assert×1"),
        (Counter({"assert": 1, "neutral": 3}), "neutral×3, assert×1"),
        (Counter({"deny": 2, "neutral": 2}), "neutral×2, deny×2"),  # ties in the order of STANCES
        (Counter(), ""),
    ],
)
def test_format_stances(stances: Counter[str], expected: str) -> None:
    assert format_stances(stances) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال  إن\nالوضع مستقر", "قال إن الوضع مستقر"),  # white space collapsed
        ("كلمة " * 20, "كلمة " * 15 + "كلمة" + ELLIPSIS),  # cut between words
        ("ا" * 100, "ا" * 79 + ELLIPSIS),  # no space: cut inside the word
    ],
)
def test_shorten(text: str, expected: str) -> None:
    assert shorten(text) == expected
    assert len(shorten(text)) <= 80


def test_line_breaks_in_a_title_do_not_break_the_header() -> None:
    article = ArticleInfo(id="dev-003", title="عنوان\nفي سطرين", length=0)
    assert rendered(ArticleClaims(article=article, claims=[])).splitlines()[0] == "dev-003 · 0 claims · عنوان في سطرين"
