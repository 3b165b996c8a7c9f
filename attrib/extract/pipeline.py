"""The extractor: an article in, its attributed claims out.

reading → cleaning and segmenting (segment.py) → matching cues (cues.py) →
building claims (claims.py, names.py) → the export models (models.py).
"""

from __future__ import annotations

from bisect import bisect_left

import regex

from attrib.arabic import ARABIC_COMMA, DEFINITE_ARTICLE, LAM, TextWords, normalize
from attrib.extract.claims import CONTINUATIONS, SentenceBuilder
from attrib.extract.cues import find_cues
from attrib.extract.drafts import Draft
from attrib.extract.names import APPOSED_NAME, Mention, canonical_names, kind_of, split_role
from attrib.extract.outlets import is_occasion, occasion_outlet
from attrib.extract.phrases import noun_phrase
from attrib.extract.segment import SentenceSpan, blocks, sentence_spans
from attrib.extract.sources import is_media
from attrib.extract.view import QUOTES, SentenceView
from attrib.lexicon.patterns import Patterns, load_patterns
from attrib.models import Article, ArticleClaims


def extract(article: Article, patterns: Patterns | None = None) -> ArticleClaims:
    """Every attributed claim of one article, with offsets into its text."""
    patterns = patterns or load_patterns()
    text = article.text
    drafts: list[Draft] = []
    interviews: list[Draft] = []
    known: set[str] = set()
    words = TextWords(text)
    runs = blocks(text, patterns, words)
    starters = patterns.starter_forms.among(words.words)
    narrative: tuple[int, int] | None = None  # the subject of the latest sentence opening with a verb
    for span in sentence_spans(text, patterns, runs, words):
        if _recap(span, words, patterns):
            _credit_recap(span, words, text, patterns, drafts)
            continue
        if starters.isdisjoint(words.words[span.first:span.last]):
            narrative = _narrative_subject(span, words, text, patterns) or narrative
            continue  # no word that can start a cue: find_cues would find nothing
        sentence = span.sentence(words)
        cues = find_cues(sentence, text, patterns)
        if len(cues) >= CUE_RUN and 3 * len(cues) > len(sentence.norms):
            continue  # a run of cue words, not prose
        if not cues:
            narrative = _narrative_subject(span, words, text, patterns) or narrative
        if cues:
            view = SentenceView(sentence, text, patterns)
            builder = SentenceBuilder(view, cues, drafts, known, narrative)
            new = builder.build()
            interviews.extend(builder.interviews)
            if not any(d.speaker for d in new):  # cue words that reported nothing: a narrated sentence
                narrative = _narrative_subject(span, words, text, patterns) or narrative
            recent = sorted(drafts[-LOOKBACK:] + interviews[-LOOKBACK:], key=lambda d: d.cue.start)
            _inherit_sources(new, recent, view)
            drafts.extend(new)
    drafts.sort(key=lambda d: d.cue.start)
    drafts = _one_claim_a_content(drafts)
    _credit_back(drafts, text, patterns)
    _full_outlets(drafts, text)
    info = {"id": article.id, "title": article.title or headline(text, runs), "url": article.url,
            "date": article.date, "length": len(text)}
    return ArticleClaims.model_validate({"article": info, "claims": _claims(article, drafts, patterns)})


_QUOTE_MARK = regex.compile("[" + regex.escape(QUOTES) + "]")

# A sentence in which reporting cues are more than a third of the words, eight
# of them or more, is not prose but a list or a repetition of cue words (قال قال
# قال…, قال: «قال: «…): each cue would report the next one, and no claim is built
# from it. Real sentences hold a few cues among many words (at most 4 in 28 in the
# gold articles).
CUE_RUN = 8

# Heads of a subject that a narrated verb (not a cue) can give a later pronoun.
NARRATIVE_HEADS = ("titles", "honorifics", "organization_heads", "anonymous_heads", "media_heads")

RECAP_WORDS = 4  # the longest opening of patterns' statement_recaps, in words

MAX_READINGS = 100_000  # speaker mentions whose reading is remembered across articles

# How many earlier claims a claim looks back at for a source to inherit: a statement
# goes on for a few paragraphs, and the bound keeps long articles linear.
LOOKBACK = 40




def _recap(span: SentenceSpan, words: TextWords, patterns: Patterns) -> bool:
    """Does the sentence open with جاء ذلك (or another recap of the statement before it)?"""
    if span.last - span.first < 3 or normalize(words.words[span.first]) not in patterns.recap_firsts:
        return False
    opening = " ".join(normalize(w) for w in words.words[span.first:span.first + RECAP_WORDS])
    return any(opening == recap or opening.startswith(recap + " ") for recap in patterns.grammar["statement_recaps"])


def _credit_recap(span: SentenceSpan, words: TextWords, text: str, patterns: Patterns,
                  drafts: list[Draft]) -> None:
    """جاء ذلك في مقابلة مع قناة س: the outlet credits the statement just before, back to
    another speaker or a claim with a source of its own (ANNOTATION.md R5)."""
    view = SentenceView(span.sentence(words), text, patterns)
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
        if draft.source is not None or not _same_speaker(draft, last, text, linking):
            break
        draft.source = outlet


def _narrative_subject(span: SentenceSpan, words: TextWords, text: str,
                       patterns: Patterns) -> tuple[int, int] | None:
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
    if i + 1 >= span.last:
        return None
    opening = normalize(words.words[i])
    if opening.startswith(DEFINITE_ARTICLE) or opening in patterns.non_subject_leads or opening[:1].isdigit() \
            or opening.removeprefix("و") in patterns.known_words:
        return None
    head = normalize(words.words[i + 1])
    heads = patterns.words_of(NARRATIVE_HEADS)
    if not ({head, head.removeprefix(DEFINITE_ARTICLE), DEFINITE_ARTICLE + head} & heads):
        return None
    view = SentenceView(span.sentence(words), text, patterns)
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


def _inherit_sources(new: list[Draft], before: list[Draft], view: SentenceView) -> None:
    """A cue that continues the same statement keeps its source (ANNOTATION.md, source).

    Within a sentence, a claim with no source of its own takes the one of the
    claim it continues. Across sentences, it does when it continues the last
    claim's speaker with no new occasion and not in the future tense.
    """
    linking = view.words("linking_prepositions")
    for i, draft in enumerate(new):
        if draft.source is not None:
            continue
        if draft.speaker and is_media(view.text[draft.speaker[0]:draft.speaker[1]], view):
            draft.source = draft.speaker
            continue
        recent = new[max(0, i - LOOKBACK):i]
        o = next((d for d in reversed(recent) if d.content and d.content[0] <= draft.cue.start < d.content[1]), None)
        if o is not None:  # nested: the outer claim's source, or its speaker when that is an outlet
            media = o.speaker and is_media(view.text[o.speaker[0]:o.speaker[1]], view)
            draft.source = o.source or (o.speaker if media else None)
            if draft.source:
                continue
        earlier = next((d for d in reversed(recent) if d.speaker and draft.speaker and _same_speaker(d, draft, view.text, linking)), None)
        if earlier is not None:
            draft.source = earlier.source
            continue
        if not before or draft.occasion or draft.cue.form.tense == "future":
            continue
        # Claims quoted inside others are left out (سبق أن قلت لوكالة بلومبيرغ: another occasion).
        ordered = [d for d in before[-LOOKBACK:] if not d.nested]
        if not ordered:
            continue
        last = ordered[-1]
        if last.source and draft.speaker and _retitled(last, draft, view) and last.source != last.speaker:
            draft.source = last.source  # وقال الكعبي لـ"وكالة س" … وأضاف النائب المستقل أن: the same interview
            continue
        if last.source and draft.speaker and _same_speaker(last, draft, view.text, linking) and (
                not draft.explicit or draft.cue.form.lemma in CONTINUATIONS or draft.cue.kind == "frame"):
            draft.source = last.source
            continue
        # The same speaker interviewed by an outlet earlier in the article, with no
        # other occasion named since: the interview goes on.
        short = draft.speaker is not None and len(view.text[draft.speaker[0]:draft.speaker[1]].split()) <= 2
        if draft.cue.kind == "frame" or (draft.explicit and not short):
            continue  # a speaker introduced in full starts a statement of its own
        for prior in reversed(ordered):
            if prior.speaker and draft.speaker and _same_speaker(prior, draft, view.text, linking):
                if prior.occasion and prior.source is None:
                    break
                if prior.source:
                    draft.source = prior.source
                    break


def _retitled(last: Draft, draft: Draft, view: SentenceView) -> bool:
    """وقال الكعبي … وأضاف النائب المستقل: a verb going on with the statement before, its
    speaker a title alone (a definite noun and its adjectives), after a named person."""
    if draft.speaker is None or last.speaker is None or normalize(draft.cue.form.lemma) not in view.words("continuing_verbs"):
        return False
    title = view.text[draft.speaker[0]:draft.speaker[1]]
    words = title.split()
    first = view.token_index(draft.speaker[0])
    return 1 <= len(words) <= 3 and view.head_in(first, "titles") \
        and not any(view.norm(first + i) in view.speakers["given_names"] for i in range(len(words))) \
        and kind_of(view.text[last.speaker[0]:last.speaker[1]], view.p) == "person"


def _one_claim_a_content(drafts: list[Draft]) -> list[Draft]:
    """تحدث النائب … قائلا: «…»: two cues of one speaker introducing one content are one
    claim (ANNOTATION.md R1); the cue nearer the content is kept."""
    kept: list[Draft] = []
    for draft in drafts:
        if kept and draft.content is not None and kept[-1].content == draft.content \
                and kept[-1].speaker == draft.speaker and kept[-1].cue.end < draft.cue.start:
            kept[-1] = draft
            continue
        kept.append(draft)
    return kept


def _credit_back(drafts: list[Draft], text: str, patterns: Patterns) -> None:
    """An outlet named later credits the whole statement (ANNOTATION.md R5).

    قال الوزير إن …، مشيراً إلى … وأضاف، في مقابلة مع إذاعة ص، أن …: the claims
    of one speaker running up to the one that names the outlet take its source,
    back to another speaker's claim, a claim with an occasion of its own and no
    outlet (في بيان), or one with a source of its own. Claims nested in another's
    content are another statement and are passed over.
    """
    statement: list[Draft] = []  # the current run of one speaker's claims with no source yet
    linking = patterns.word_sets["linking_prepositions"]
    for draft in drafts:
        if draft.nested:
            continue
        if statement and not _same_speaker(statement[-1], draft, text, linking) and not any(
                _same_speaker(earlier, draft, text, linking) for earlier in statement[-LOOKBACK:-1]):
            statement = []
        if draft.source is None:
            if draft.occasion or draft.cue.form.tense == "future":
                statement = []  # its own occasion, or an act to come: not the statement an outlet names later
            else:
                statement.append(draft)
            continue
        # نقلت X عن Y: the relay's outlet, not the channel of Y's statement
        relayed = normalize(draft.cue.form.lemma) in patterns.word_sets["relays"]
        if draft.speaker is not None and draft.source != draft.speaker and statement and not relayed:
            for earlier in statement:
                earlier.source = draft.source
        statement = []


def _same_speaker(a: Draft, b: Draft, text: str, linking: frozenset[str]) -> bool:
    """Two claims whose speakers are one mention, or end with the same name (الوزير سالم … سالم);
    not a group inside a body (محللون في البنك … البنك)."""
    if a.speaker is None or b.speaker is None:
        return False
    if a.speaker == b.speaker:
        return True
    ta = text[a.speaker[0]:a.speaker[1]].split()
    tb = text[b.speaker[0]:b.speaker[1]].split()
    if not ta or not tb:
        return False
    if not _last_words_of(a, text).isdisjoint(_last_words_of(b, text)):
        return not any(len(t) > 1 and normalize(t[-2]) in linking for t in (ta, tb))
    # وزير الزراعة … الوزير: a definite noun taking up the head of the fuller mention
    short, full = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    return len(short) == 1 and short[0].startswith(DEFINITE_ARTICLE) and full[0] in (short[0], short[0][2:])


def _last_words_of(draft: Draft, text: str) -> frozenset[str]:
    """_last_words of the draft's speaker, computed once per speaker span (a draft is compared with many)."""
    assert draft.speaker is not None
    if draft.last_words is None or draft.last_words[0] != draft.speaker:
        draft.last_words = (draft.speaker, _last_words(text, draft.speaker[0], draft.speaker[1]))
    return draft.last_words[1]


def _last_words(text: str, start: int, end: int) -> frozenset[str]:
    """The last word of each comma-separated part of a mention, without ال: a name and
    its title in apposition (سالم، رئيس البلدية; مدير الديوان، سالم عواد،), a family name
    written with or without ال."""
    parts = text[start:end].replace(",", ARABIC_COMMA).split(ARABIC_COMMA)
    apposed = APPOSED_NAME.match(text, end, concurrent=False)  # مدير الديوان، سالم عواد، قال
    if apposed is not None:
        parts.append(apposed.group(1))
    return frozenset({words[-1].strip(QUOTES).removeprefix(DEFINITE_ARTICLE) for words in (part.split() for part in parts) if words})


def _full_outlets(drafts: list[Draft], text: str) -> None:
    """الصحيفة, الوكالة الألمانية: a short back-reference to an outlet named in full before."""
    by_head: dict[str, list[tuple[int, int]]] = {}
    for span in sorted({span for d in drafts for span in (d.source, d.speaker) if span}):
        words = text[span[0]:span[1]].split()
        if len(words) > 1:
            by_head.setdefault(words[0], []).append(span)
    for draft in drafts:
        if draft.source is None:
            continue
        words = text[draft.source[0]:draft.source[1]].split()
        if not words or len(words) > 2:
            continue
        if words[0].startswith(DEFINITE_ARTICLE):
            head = words[0][2:]
        elif words[0].startswith(LAM):
            head = words[0][1:]  # للوكالة, its ل taken: لوكالة
        else:
            continue
        for span in reversed(by_head.get(head, [])[-LOOKBACK:]):
            other = text[span[0]:span[1]].split()
            if span[0] < draft.source[0] and len(other) > len(words) and all(w in other for w in words[1:]):
                draft.source = span
                break


def _claims(article: Article, drafts: list[Draft], patterns: Patterns) -> list[dict[str, object]]:
    """The claims as plain data, for ArticleClaims to validate in one call (not one per span)."""
    text = article.text
    mentions = []
    readings = patterns.mention_readings  # a speaker named again is read once
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
    by_span = {(m.start, m.end): (m, n) for m, n in zip(mentions, names, strict=True)}
    # One entity, one kind (ANNOTATION.md R7): the kind of its fullest mention (باريس → جوزيه باريس, a person)
    kinds: dict[str, str] = {}
    for m, n in zip(mentions, names, strict=True):
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
