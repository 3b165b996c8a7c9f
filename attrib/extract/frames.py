"""Frames: بحسب X, وفقاً لـX, نقلاً عن X, حسب قوله: the speaker of the clause the frame qualifies.

A frame naming an outlet (…، بحسب ما نقلته وكالة X) also credits it as the source of the
sentence's other claims.
"""

from __future__ import annotations

from attrib.arabic import DEFINITE_ARTICLE, LAM, normalize
from attrib.extract.clauses import clause_end
from attrib.extract.content import MAX_CONTENT, quoted_words, trim
from attrib.extract.cues import CueMatch
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import (
    is_occasion,
    name_start,
    occasion_phrase,
    outlet_at,
    outlet_end,
    outlet_like,
)
from attrib.extract.phrases import noun_phrase, speaker_like
from attrib.extract.sources import is_media, reporter_source
from attrib.extract.speakers import resolve

RELATIVE_REACH = 12  # words of a relative clause on a frame's speaker, up to its comma


def frame_claim(state: SentenceClaims, cue: CueMatch) -> Draft | None:
    v = state.v
    draft = Draft(cue)
    k = cue.last + 1
    said = v.norm(cue.last)
    if cue.last > cue.first and said.startswith(v.p.endings("saying_nouns")) and said not in v.words("saying_nouns"):
        # حسب قوله, وفق تعبيره, حسب وصفها: the pronoun names the speaker
        resolve(state, draft, len(state.drafts))
        end = k
    else:
        if cue.frame_verb is not None and v.norm(k) in v.words("pronoun_prepositions"):
            k += 1  # حسب ما أفادت *به* مصادر إعلامية: the pronoun takes up ما; the speaker follows
        end = noun_phrase(v, k, via=cue.frame_verb.relay_via if cue.frame_verb is not None else frozenset())  # حسب ما علمته الجريدة *من* مصادرها: the relay's preposition ends it
        outlet = outlet_at(v, k) if end == k else None
        if outlet is not None:  # وفقاً لصحف كويتية: the ل is the frame's, the outlet speaks
            end = outlet[2]
        told = outlet is not None and cue.frame_verb is not None and v.norm(k).startswith(LAM)
        if (end == k or told) and cue.frame_verb is not None and (k >= v.n or v.comma_before(k) or told or (
                v.norm(k) in v.words("occasion_prepositions") and is_occasion(v, k + 1))):
            # …، حسبما ذكر في مقابلة مع قناة س / حسبما صرح لإذاعة س: the verb's pronoun, the
            # speaker of the clause before; the outlet the one spoken to
            resolve(state, draft, len(state.drafts))
            if draft.speaker is None:
                return None
            if outlet is not None and told:
                draft.source = outlet[0], v.span_end(outlet[2] - 1)
            elif k < v.n and not v.comma_before(k):
                draft.source = occasion_phrase(v, k + 1)[1]
            return _credit_before(state, draft)
        if end == k:
            return None
        bare_frame = cue.frame_verb is None and cue.form.lemma in state.v.p.frames
        prefixed = v.norm(k).startswith(LAM)  # وفقاً للقضاة: the ل is the frame's
        # بحسب بيان لوزارة الصحة: a document with its issuer speaks as written (R11)
        document = is_occasion(v, k) and ((end > k + 1 and not v.bare(k).startswith(DEFINITE_ARTICLE)) or (
            cue.last > cue.first and v.norm(cue.last) in v.words("saying_nouns")))  # حسب تعبير البيان (R11)
        if bare_frame and not (
                (prefixed or document or speaker_like(v, k, end, state.known)) and _frame_speaker(state, k, end)):
            return None
        draft.speaker, draft.explicit = (outlet[0] if outlet else min(v.start_of(k), v.span(k, end)[0]),
                                         v.span(k, end)[1]), True  # the opening mark with its closing one
        relay = cue.frame_verb
        if relay is not None and normalize(relay.lemma) in v.words("frame_relays") and v.norm(end) == relay.relay:
            # بحسب ما نقلته شبكة X عن مصادر ...: the sources speak, the network relays
            inner = noun_phrase(v, end + 1)
            if inner > end + 1:
                draft.source = draft.speaker
                draft.speaker = v.span(end + 1, inner)
                end = inner
    spoken_to = outlet_at(v, end) if draft.speaker is not None and end < v.n else None
    if spoken_to is not None and draft.source is None:
        # وفق ما صرح به الوزير لقناة الجزيرة، فإن: the outlet he spoke to, then the clause
        draft.source = spoken_to[0], v.span_end(spoken_to[2] - 1)
        end = spoken_to[2]
    reporter_source(state, draft)
    opens = cue.first == 0 or (cue.first == 1 and v.norm(0) in ("و",)) or (
        v.comma_before(cue.first) and end < v.n and v.norm(end) in v.words("frame_resumptions"))
    # (…، وحسب المصدر ذاته *فإن* …: a frame opening the clause after a comma qualifies what follows)
    after = end
    while after < v.n and v.norm(after) in v.words("speaker_stops") and not v.comma_before(after):
        after += 1
    if not opens and v.comma_before(cue.first) and after < v.n and v.comma_before(after) \
            and v.norm(after) in v.words("complementizers"):
        # وذكرت قناة X، نقلاً عن Y، أن ...: the frame qualifies the clause after it
        start = v.starts[after + 1] if after + 1 < v.n else v.s.end
        draft.content = trim(v.text, start, clause_end(state, start)) if after + 1 < v.n else None
        return draft
    if opens and end < v.n and v.norm(end) in v.words("relatives"):
        # حسب المعطيات التي توصلت بها الجريدة، فإن …: the relative clause names the outlet (R6)
        close = next((j for j in range(end + 1, min(v.n, end + RELATIVE_REACH)) if v.comma_before(j)), None)
        if close is not None:
            named = next((j for j in range(end + 1, close) if outlet_like(v, j)), None)
            if named is not None and draft.source is None:
                draft.source = name_start(v, named), v.span_end(min(outlet_end(v, named), close) - 1)
            end = close
    if opens:
        k = end
        while k < v.n and v.norm(k) in v.words("frame_resumptions"):
            k += 1
        start = v.starts[k] if k < v.n else v.s.end
        content = trim(v.text, start, clause_end(state, start)) if k < v.n else None
    else:
        content = _qualified_before(state, cue)
    draft.content = content
    return draft


def _credit_before(state: SentenceClaims, draft: Draft) -> Draft:
    """حسبما ذكر في مقابلة مع قناة س: the frame's content is the clause before it, and the
    outlet it names is the source of that statement (R5)."""
    draft.content = _qualified_before(state, draft.cue)
    if draft.source is not None:
        for before in state.drafts:
            if before.source is None and before.speaker == draft.speaker:
                before.source = draft.source
    return draft


def _qualified_before(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """What a frame after a clause qualifies: the quotation it follows («…» حسب قولهم), or the
    clause before it, without the article's particle (كما وقع …) or a pointer (، وذلك وفق …)."""
    v = state.v
    quoted = _quote_before(state, cue)
    if quoted is not None or not cue.first:
        return quoted
    first = 0
    while first < cue.first - 1 and v.norm(first) in v.words("narrative_particles"):
        first += 1
    last = cue.first - 1
    if last > first and v.norm(last) in v.words("frame_leads") and v.comma_before(last):
        last -= 1
    return trim(v.text, max(v.starts[first], v.ends[last] - MAX_CONTENT), v.ends[last])


def _quote_before(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """The quotation that ends right before a frame, if one does."""
    v = state.v
    end = v.starts[cue.first]
    while end > v.s.start and v.text[end - 1] in " ،,":
        end -= 1
    quote = v.quote_ending.get(end - 1)
    if quote is not None and quote[0] > v.s.start:
        return quoted_words(v.text, *quote)
    return None


def _frame_speaker(state: SentenceClaims, k: int, end: int) -> bool:
    """بحسب X: X must name a speaker, not a rule (وفق القانون, وفق نشرة الصرف)."""
    v = state.v
    word = v.bare(k)
    if word.startswith("لل") and len(word) > 4:
        probe = DEFINITE_ARTICLE + word[2:]  # للقضاة = لـ + القضاة
    else:
        probe = word[1:] if word.startswith(LAM) and len(word) > 3 else word
    if probe in state.known or (DEFINITE_ARTICLE + probe) in state.known or probe.removeprefix(DEFINITE_ARTICLE) in state.known:
        return True
    heads = ("media_heads", "organization_heads", "anonymous_heads", "other_heads", "titles")
    return any(v.head_in(j, *heads) for j in range(k, min(k + 2, end))) \
        or outlet_like(v, k)  # (نقلاً عن ثلاثة *مسؤولين*: a numeral may come first)


def credit_frames(state: SentenceClaims) -> None:
    """…، بحسب ما نقلته وكالة X: the outlet credited for the sentence's other claims; so is
    the outlet of a cue trailing them (…، تقول صحيفة س., …، يقول الوزير في تصريح لإذاعة س.: R1)."""
    since = 0  # each frame credits the claims between the frame before it and itself
    for i, frame in enumerate(state.drafts):
        if frame.speaker is None:
            continue
        if frame.cue.kind == "frame":
            if _is_media(state, frame):
                for draft in state.drafts[since:i]:
                    draft.source = frame.speaker
            since = i + 1
        elif frame.trailing and frame.content is not None:
            trailed = [d for d in state.drafts[since:i] if not d.nested and d.content is not None
                       and d.content[1] <= frame.cue.start]
            if frame.source is not None or _is_media(state, frame):
                for draft in trailed:
                    draft.source = draft.source or frame.source or frame.speaker
            since = i + 1


def _is_media(state: SentenceClaims, draft: Draft) -> bool:
    if draft.speaker is None:
        return False
    text = state.v.text[draft.speaker[0]:draft.speaker[1]]
    return is_media(text, state.v)
