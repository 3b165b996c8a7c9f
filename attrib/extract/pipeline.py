"""The extractor: an article in, its attributed claims out.

reading → cleaning and segmenting (segment.py) → matching cues (cues.py) →
building claims (claims.py, names.py) → the export models (models.py).
"""

from __future__ import annotations

from bisect import bisect_left

import regex

from attrib.arabic import DEFINITE_ARTICLE, TEH, TextWords, normalize
from attrib.extract.claims import SentenceBuilder
from attrib.extract.cues import find_cues
from attrib.extract.drafts import Draft
from attrib.extract.names import Mention, canonical_names, kind_of, split_role
from attrib.extract.outlets import is_occasion, occasion_outlet
from attrib.extract.phrases import noun_phrase
from attrib.extract.segment import SentenceSpan, blocks, sentence_spans
from attrib.extract.shapes import in_relative_clause
from attrib.extract.statements import (
    LOOKBACK,
    carry_sources,
    credit_back,
    full_outlets,
    inherit_sources,
    nested_sources,
    one_claim_a_content,
    same_speaker,
)
from attrib.extract.view import QUOTES, SentenceView
from attrib.lexicon.patterns import Patterns, WordMemos, load_patterns, memos_for
from attrib.models import Article, ArticleClaims


def extract(article: Article, patterns: Patterns | None = None) -> ArticleClaims:
    """Every attributed claim of one article, with offsets into its text."""
    patterns = patterns or load_patterns()
    memos = memos_for(patterns)
    text = article.text
    drafts: list[Draft] = []
    interviews: list[Draft] = []
    known: set[str] = set()
    words = TextWords(text)
    runs = blocks(text, patterns, words)
    starters = memos.starter_forms.among(words.words)
    narrative: tuple[int, int] | None = None  # the subject of the latest sentence opening with a verb
    for span in sentence_spans(text, patterns, runs, words):
        if _recap(span, words, patterns):
            _credit_recap(span, words, text, patterns, memos, drafts)
            continue
        if starters.isdisjoint(words.words[span.first:span.last]):
            narrative = _narrative_subject(span, words, text, patterns, memos) or narrative
            continue  # no word that can start a cue: find_cues would find nothing
        sentence = span.sentence(words)
        cues = find_cues(sentence, text, patterns)
        if len(cues) >= CUE_RUN and 3 * len(cues) > len(sentence.norms):
            continue  # a run of cue words, not prose
        if not cues:
            narrative = _narrative_subject(span, words, text, patterns, memos) or narrative
        if cues:
            view = SentenceView(sentence, text, patterns, memos)
            if cues[0].first > 0:  # أطلق X انتقادات …، متأسفاً: this sentence's opening verb governs
                narrative = _narrative_subject(span, words, text, patterns, memos, view) or narrative
            builder = SentenceBuilder(view, cues, drafts, known, narrative)
            new = builder.build()
            interviews.extend(builder.interviews)
            if not any(d.speaker and not in_relative_clause(view, d) for d in new):
                # cue words that reported nothing, or only inside a relative clause: a narrated sentence
                narrative = _narrative_subject(span, words, text, patterns, memos) or narrative
            recent = sorted(drafts[-LOOKBACK:] + interviews[-LOOKBACK:], key=lambda d: d.cue.start)
            inherit_sources(new, recent, view)
            drafts.extend(new)
    drafts.sort(key=lambda d: d.cue.start)
    drafts = one_claim_a_content(drafts)
    mentions = _mentions(drafts, text, patterns, memos)
    for d in drafts:
        if d.speaker is not None:
            d.canonical = mentions[d.speaker][1]
    carry_sources(drafts, text, patterns)
    credit_back(drafts, text, patterns)
    nested_sources(drafts)
    full_outlets(drafts, text)
    info = {"id": article.id, "title": article.title or headline(text, runs), "url": article.url,
            "date": article.date, "length": len(text)}
    return ArticleClaims.model_validate({"article": info, "claims": _claims(article, drafts, mentions)})


_QUOTE_MARK = regex.compile("[" + regex.escape(QUOTES) + "]")

# A sentence in which reporting cues are more than a third of the words, eight
# of them or more, is not prose but a list or a repetition of cue words (قال قال
# قال…, قال: «قال: «…): each cue would report the next one, and no claim is built
# from it. Real sentences hold a few cues among many words (at most 4 in 28 in the
# gold articles).
CUE_RUN = 8

# Heads of a subject that a narrated verb (not a cue) can give a later pronoun.
NARRATIVE_HEADS = ("titles", "honorifics", "organization_heads", "anonymous_heads", "media_heads")

FORM_EIGHT_PAST = 5  # letters of a past verb of the pattern افتعل whose root starts with ل (التقى), read as ال + noun
RECAP_WORDS = 4  # the longest opening of patterns' statement_recaps, in words

MAX_READINGS = 100_000  # speaker mentions whose reading is remembered across articles





def _recap(span: SentenceSpan, words: TextWords, patterns: Patterns) -> bool:
    """Does the sentence open with جاء ذلك (or another recap of the statement before it)?"""
    if span.last - span.first < 3 or normalize(words.words[span.first]) not in patterns.recap_firsts:
        return False
    opening = " ".join(normalize(w) for w in words.words[span.first:span.first + RECAP_WORDS])
    return any(opening == recap or opening.startswith(recap + " ") for recap in patterns.grammar["statement_recaps"])


def _credit_recap(span: SentenceSpan, words: TextWords, text: str, patterns: Patterns, memos: WordMemos,
                  drafts: list[Draft]) -> None:
    """جاء ذلك في مقابلة مع قناة س: the outlet credits the statement just before, back to
    another speaker or a claim with a source of its own (ANNOTATION.md R5)."""
    view = SentenceView(span.sentence(words), text, patterns, memos)
    outlet = None
    for k in range(view.n):
        if is_occasion(view, k) or view.bare(k) in patterns.word_sets["recap_occasions"]:
            outlet = occasion_outlet(view, k)
            if outlet is not None:
                break
    if outlet is None:
        return
    statement = [d for d in drafts if not d.nested]
    if not statement:
        return
    last = statement[-1]
    linking = patterns.word_sets["linking_prepositions"]
    for draft in reversed(statement):
        if draft.source is not None or not same_speaker(draft, last, text, linking):
            break
        draft.source = outlet


def _narrative_subject(span: SentenceSpan, words: TextWords, text: str, patterns: Patterns, memos: WordMemos,
                       view: SentenceView | None = None) -> tuple[int, int] | None:
    """رد المهندس وليد الصاوي على شكاوى …: the subject of a sentence that opens with a verb.

    A later pronoun subject (وقال خلال مداخلة إن …) refers back to it when it is
    nearer than any speaker (the nearest governing verb, cue or not). Only a subject
    headed by a title, an honorific or a body is taken: the opening word's being a
    verb is read from what follows it.
    """
    i = span.first
    while i < span.last - 2 and (words.words[i].isascii() or normalize(words.words[i]) in
                                 patterns.word_sets["narrative_particles"]):
        i += 1  # date 2026-02-11 رد …: a page's date stamp, then the sentence
    if i + 1 >= span.last or len(normalize(words.words[i])) < 2:
        return None  # (ح.م: a byline's initials, no verb)
    opening = normalize(words.words[i])
    form_eight = len(opening) == FORM_EIGHT_PAST and opening.startswith(DEFINITE_ARTICLE + TEH)  # التقى, التمس: a verb
    if (opening.startswith(DEFINITE_ARTICLE) and not form_eight) or opening in patterns.non_subject_leads or opening[:1].isdigit() \
            or opening.removeprefix("و") in patterns.known_words:
        return None
    head = normalize(words.words[i + 1])
    heads = memos.words_of(NARRATIVE_HEADS)
    if not ({head, head.removeprefix(DEFINITE_ARTICLE), DEFINITE_ARTICLE + head} & heads):
        return None
    view = view or SentenceView(span.sentence(words), text, patterns, memos)  # (the sentence's own, when built)
    first = i + 1 - span.first
    end = noun_phrase(view, first, object_verb=True)
    if end <= first:
        return None
    return view.start_of(first), view.span_end(end - 1)


def headline(text: str, runs: list[tuple[int, int]]) -> str | None:
    """The first line of the article proper, when it reads as a headline (short, no final stop)."""
    for start, end in runs:
        line = text[start:end].strip()
        words = len(line.split())
        if words >= 3:
            return line if words <= 30 and line[-1] not in ".!؟?:" else None
    return None


def _mentions(drafts: list[Draft], text: str, patterns: Patterns,
              memos: WordMemos) -> dict[tuple[int, int], tuple[Mention, str]]:
    """Each speaker span's mention (role, name, kind) and canonical name."""
    mentions = []
    readings = memos.mention_readings  # a speaker named again is read once
    if len(readings) > MAX_READINGS:
        readings.clear()
    for d in drafts:
        if d.speaker is None:
            continue
        s, e = d.speaker
        said = text[s:e]
        if said not in readings:
            role, name = split_role(said, patterns)
            kind = kind_of(said, patterns)
            if kind == "anonymous" and role is not None and role != name:
                kind = "person"  # المتحدث باسم الجيش، اللواء أحمد المسماري: named, so no longer anonymous
            readings[said] = (role, name, kind)
        role, name, kind = readings[said]
        mentions.append(Mention(s, e, said, role, name, kind))
    names = canonical_names(mentions, patterns, text)
    return {(m.start, m.end): (m, n) for m, n in zip(mentions, names, strict=True)}


def _claims(article: Article, drafts: list[Draft],
            by_span: dict[tuple[int, int], tuple[Mention, str]]) -> list[dict[str, object]]:
    """The claims as plain data, for ArticleClaims to validate in one call (not one per span)."""
    text = article.text
    # One entity, one kind (ANNOTATION.md R7): the kind of its fullest mention (باريس → جوزيه باريس, a person)
    kinds: dict[str, str] = {}
    for d in drafts:
        if d.speaker is None:
            continue
        m, n = by_span[d.speaker]
        if m.name == n and kinds.get(n, "anonymous") == "anonymous":
            kinds[n] = m.kind  # (a named entity is anonymous only when no mention says otherwise)
    # Every quotation mark of the text, found once: a content is mixed when one falls inside it.
    marks = [m.start() for m in _QUOTE_MARK.finditer(text, concurrent=False)] if drafts else []
    claims: list[dict[str, object]] = []
    for d in drafts:
        assert d.content is not None
        cue = d.cue
        speaker = None
        if d.speaker is not None:
            mention, canonical = by_span[d.speaker]
            speaker = {"text": mention.text, "start": mention.start, "end": mention.end,
                       "name": canonical, "role": mention.role, "kind": kinds.get(canonical, mention.kind)}
        claims.append({
            "id": f"{article.id}:{cue.start}-{cue.end}",
            "sentence": cue.sentence.index,
            "cue": {"text": text[cue.start:cue.end], "start": cue.start, "end": cue.end, "lemma": cue.form.lemma},
            "speaker": speaker,
            "source": _span(text, d.source[0], d.source[1]) if d.source else None,
            "content": _span(text, d.content[0], d.content[1]),
            "stance": cue.stance,
            "type": _type(d, marks),
        })
    return claims


def _span(text: str, start: int, end: int) -> dict[str, object]:
    return {"text": text[start:end], "start": start, "end": end}


def _type(draft: Draft, marks: list[int]) -> str:
    """direct, mixed (a quotation mark inside: `marks` holds the offsets of all), indirect, according_to."""
    if draft.cue.kind == "frame":
        return "according_to"
    if draft.direct:
        return "direct"
    assert draft.content is not None
    start, end = draft.content
    i = bisect_left(marks, start)
    return "mixed" if i < len(marks) and marks[i] < end else "indirect"


def extract_article(article: Article, patterns: Patterns) -> ArticleClaims:
    """`extract()`, with what the input told of the article beyond its text: site, encoding, extracted text."""
    return with_origin(extract(article, patterns), article)


def with_origin(result: ArticleClaims, article: Article) -> ArticleClaims:
    """The export of `article` completed with its site, and for a web page its encoding and extracted text."""
    update = {
        "site": article.site,
        "encoding": article.encoding,
        "text": article.text if article.extracted else None,
    }
    if not any(update.values()):
        return result
    return result.model_copy(update={"article": result.article.model_copy(update=update)})
