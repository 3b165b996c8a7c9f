"""Statements across claims: which claims are one statement of one speaker, and the outlet
that statement came through (ANNOTATION.md, source; R4 later cues keep it, R5 an outlet
named later credits the whole statement), and a short outlet taken back to its full name.
"""

from __future__ import annotations

from attrib.arabic import ARABIC_COMMA, DEFINITE_ARTICLE, LAM, normalize
from attrib.extract.drafts import Draft, holding
from attrib.extract.names import APPOSED_NAME, kind_of, split_role
from attrib.extract.sources import is_media
from attrib.extract.view import QUOTES, SentenceView
from attrib.lexicon.patterns import Patterns

# How many earlier claims a claim looks back at for a source to inherit: a statement
# goes on for a few paragraphs, and the bound keeps long articles linear.
LOOKBACK = 40


def inherit_sources(new: list[Draft], before: list[Draft], view: SentenceView) -> None:
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
        trailed = _trailed(recent, draft) if draft.trailing else None
        if trailed is not None:
            draft.source = trailed.source  # قال س لإذاعة ص إن …، يضيف المتحدث: one statement (R1, R4)
            continue
        o = holding(recent, draft.cue.start)
        if o is not None:  # nested: the outer claim's source, or its speaker when that is an outlet
            media = o.speaker and is_media(view.text[o.speaker[0]:o.speaker[1]], view)
            draft.source = o.source or (o.speaker if media else None)
            if draft.source:
                continue
        earlier = next((d for d in reversed(recent) if d.speaker and draft.speaker and same_speaker(d, draft, view.text, linking)), None)
        if earlier is not None:
            draft.source = earlier.source
            continue
        if not before or draft.occasion or draft.cue.form.tense == "future":
            continue
        if draft.follows is not None and draft.follows.nested:
            draft.source = draft.follows.source  # «… قال: …». وأضاف: the one quoted goes on, as relayed
            continue
        # Claims quoted inside others are left out (سبق أن قلت لوكالة بلومبيرغ: another occasion),
        # and a frame crediting an outlet for the claims before it (…، وذلك وفق قناة س. وأضاف),
        # or a cue trailing them (…، تقول صحيفة س. وأضاف): the statement it credits goes on past it.
        ordered = [d for d in before[-LOOKBACK:] if not d.nested and not d.trailing and not (
            d.cue.kind == "frame" and d.speaker is not None and d.speaker == d.source)]
        if not ordered:
            continue
        last = ordered[-1]
        if last.source and draft.speaker and _retitled(last, draft, view) and last.source != last.speaker:
            draft.source = last.source  # وقال الكعبي لـ"وكالة س" … وأضاف النائب المستقل أن: the same interview
            continue
        if last.source and draft.speaker and same_speaker(last, draft, view.text, linking) and (
                not draft.explicit or normalize(draft.cue.form.lemma) in view.words("continuing_verbs") or draft.cue.kind == "frame"):
            draft.source = last.source
            continue
        # The same speaker interviewed by an outlet earlier in the article, with no
        # other occasion named since: the interview goes on.
        short = draft.speaker is not None and len(view.text[draft.speaker[0]:draft.speaker[1]].split()) <= 2
        if draft.cue.kind == "frame" or (draft.explicit and not short):
            continue  # a speaker introduced in full starts a statement of its own
        for prior in reversed(ordered):
            if prior.speaker and draft.speaker and same_speaker(prior, draft, view.text, linking):
                if prior.occasion and prior.source is None:
                    break
                if prior.source:
                    draft.source = prior.source
                    break


def _trailed(before: list[Draft], draft: Draft) -> Draft | None:
    """The statement a trailing cue trails: the last claim of its sentence, not nested, whose
    content ends before the cue."""
    return next((d for d in reversed(before) if d.sentence is draft.sentence and not d.nested
                 and d.content is not None and d.content[1] <= draft.cue.start), None)


def nested_sources(drafts: list[Draft]) -> None:
    """A claim nested in another's content takes the outer claim's source, once the later
    statements have credited it (R5): قال الوزير إنه يتوقع أن … . وقال، في تصريحات نقلتها وكالة س;
    so does a cue trailing a statement."""
    for i, draft in enumerate(drafts):
        if draft.nested and draft.source is None:
            outer = holding(drafts[max(0, i - LOOKBACK):i], draft.cue.start)
            if outer is not None:
                draft.source = outer.source
        elif draft.trailing and draft.source is None:
            trailed = _trailed(drafts[max(0, i - LOOKBACK):i], draft)
            if trailed is not None:
                draft.source = trailed.source  # …، يضيف المصدر: the statement it trails, as credited


def carry_sources(drafts: list[Draft], text: str, patterns: Patterns) -> None:
    """The same statement across sentences, told by the speaker's canonical name (R4):
    وفي مقابلة مع صحيفة س، نفى الوزير … وأكد الحداد أن … : the minister and الحداد are one
    person named two ways, so the second claim goes on with the interview's outlet.

    Run once the article's names are known; it adds to inherit_sources what the mention's
    words alone could not tell (a title, then the family name).
    """
    continuing = patterns.word_sets["continuing_verbs"]
    last: Draft | None = None
    for draft in drafts:
        if draft.nested or draft.trailing:
            continue
        if draft.source is None and last is not None and last.source is not None and draft.speaker and draft.canonical \
                and last.canonical == draft.canonical and last.source != last.speaker \
                and not draft.occasion and draft.cue.form.tense != "future" and (
                    not draft.explicit or normalize(draft.cue.form.lemma) in continuing or draft.cue.kind == "participle"
                    or len(text[draft.speaker[0]:draft.speaker[1]].split()) <= 2):
            draft.source = last.source
        last = draft


def _retitled(last: Draft, draft: Draft, view: SentenceView) -> bool:
    """وقال الكعبي … وأضاف النائب المستقل: a verb going on with the statement before, its
    speaker a title alone (a definite noun and its adjectives), after a named person."""
    if draft.speaker is None or last.speaker is None or normalize(draft.cue.form.lemma) not in view.words("continuing_verbs"):
        return False
    title = view.text[draft.speaker[0]:draft.speaker[1]]
    words = title.split()
    first = view.token_index(draft.speaker[0])
    named = view.text[last.speaker[0]:last.speaker[1]]
    role, name = split_role(named, view.p)
    return 1 <= len(words) <= 3 and view.head_in(first, "titles") \
        and not any(view.norm(first + i) in view.speakers["given_names"] for i in range(len(words))) \
        and kind_of(named, view.p) == "person" and name != role  # (قال رئيس النادي … وقال وزير الرياضة: two titles, two people)


def one_claim_a_content(drafts: list[Draft]) -> list[Draft]:
    """تحدث النائب … قائلا: «…»: two cues of one speaker introducing one content are one
    claim (ANNOTATION.md R1); the cue nearer the content is kept."""
    kept: list[Draft] = []
    for draft in drafts:
        if kept and draft.content is not None and kept[-1].content == draft.content and draft.cue.kind != "frame" \
                and kept[-1].speaker == draft.speaker and kept[-1].cue.end < draft.cue.start:
            # (not «…»، حسب قوله: a frame that repeats the speaker is a claim too, R1)
            kept[-1] = draft
            continue
        kept.append(draft)
    return kept


def credit_back(drafts: list[Draft], text: str, patterns: Patterns) -> None:
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
        if draft.nested or draft.trailing:
            continue  # (…، يضيف المصدر: a cue trailing the statement goes on with it)
        if statement and not same_speaker(statement[-1], draft, text, linking) and not any(
                same_speaker(earlier, draft, text, linking) for earlier in statement[-LOOKBACK:-1]):
            statement = []
        if draft.source is None:
            if draft.cue.form.tense == "future":
                statement = []  # an act to come: not the statement an outlet names later
            elif draft.occasion:
                statement = [draft]  # خلال ندوة صحفية: a new occasion starts a new statement, this claim first
            else:
                statement.append(draft)
            continue
        # نقلت X عن Y: the relay's outlet, not the channel of Y's statement
        relayed = normalize(draft.cue.form.lemma) in patterns.word_sets["relays"]
        # (وقال في بيان … وأضاف في مقابلة مع قناة س: two occasions, the outlet is the second's only)
        other_occasion = draft.occasion and statement and statement[0].occasion
        if draft.speaker is not None and draft.source != draft.speaker and statement and not relayed \
                and not other_occasion:
            for earlier in statement:
                earlier.source = draft.source
        statement = []


def same_speaker(a: Draft, b: Draft, text: str, linking: frozenset[str]) -> bool:
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


def full_outlets(drafts: list[Draft], text: str) -> None:
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
