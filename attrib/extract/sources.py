"""The source of a claim: the outlet a speaker spoke to or through, and what stands between speaker and content.

لوكالة X, في تصريح لقناة س, مراسل الجزيرة, وفي حديث لصحيفة "الوطن"، أوضح: each names the
outlet the claim came through; the adjuncts that name it are skipped to reach the content.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from attrib.arabic import BEH, DEFINITE_ARTICLE, LAM, WORD, normalize
from attrib.extract.content import COLON_OR_OPENING, opens_content
from attrib.extract.cues import CueMatch, lookup, strip_conjunction
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import (
    is_occasion,
    name_start,
    named_outlet,
    occasion_outlet,
    occasion_phrase,
    outlet_at,
    outlet_end,
    outlet_like,
    reporter_outlet,
    trailing_outlet,
)
from attrib.extract.view import COMMA_OR_COLON, COMMAS, POSSESSIVES, QUOTE_MARKS, SentenceView

PLURAL_REACH = 10  # words back from a plural verb to the plural noun it agrees with
APPOSITION_MAX = 14  # words of a title set off by commas after a name (، الناطق الرسمي باسم ...،)


def outlet_before(state: SentenceClaims, offset: int) -> tuple[int, int] | None:
    """والتقت عنب بلدي سيدتين: an outlet named in the clause before a speaker met it."""
    v = state.v
    end = v.token_index(offset)
    for h in range(max(v.last_comma(end), end - PLURAL_REACH), end):
        if outlet_like(v, h):
            last = min(outlet_end(v, h), end)
            return name_start(v, h), v.span_end(last - 1)
    return None


def reporter_source(state: SentenceClaims, draft: Draft) -> None:
    """قال مراسل الجزيرة: the reporter's outlet is the source."""
    if draft.source is None and draft.speaker is not None and draft.explicit:
        v = state.v
        first = v.token_index(draft.speaker[0])
        end = bisect_right(v.starts, draft.speaker[1] - 1)
        if first < v.n:
            draft.source = reporter_outlet(v, first, end)


def before_cue(state: SentenceClaims, cue: CueMatch, draft: Draft) -> None:
    """وفي تصريح لصحيفة "الوطن"، أوضح ...: an occasion and an outlet named before the cue."""
    v = state.v
    start = max(cue.first - 12, state.drafts[-1].cue.last + 1 if state.drafts else 0)  # this clause only
    norms = v.norms
    openers = v.words("occasion_prepositions")
    for j in range(start, cue.first):
        # وفي تصريح لصحيفة س، / وخلال مؤتمر / وردا على سؤال لإذاعة س، / ضمن تصريح
        word = norms[j]
        if (word in openers or (word[:1] == "و" and word[1:] in openers)) and is_occasion(v, j + 1) \
                and not _commented_on(v, j):
            draft.occasion = not v.norm(j + 1).startswith(DEFINITE_ARTICLE)
            if draft.source is None:
                draft.source = occasion_outlet(v, j + 1)


def _commented_on(v: SentenceView, k: int) -> bool:
    """تعليقاً على تصريحاته: على and a possessed statement noun name the statements commented
    on, not an occasion of the speaker's own (as ردّاً على سؤال, على هامش المؤتمر do)."""
    return strip_conjunction(v.norm(k))[1] in v.words("commenting_prepositions") and v.norm(k + 1).endswith(POSSESSIVES)


ADJUNCT_REACH = 16  # words of a time adjunct (لدى استقباله وفداً …) before the content's أن


def skip_adjuncts(state: SentenceClaims, k: int, draft: Draft) -> int:
    """Skip what stands between speaker and content: لوكالة X, في بيان, الثلاثاء, commas."""
    v = state.v
    occasions = v.words("occasions")
    stops = v.words("speaker_stops")
    steps = 0
    parenthesis_done = False
    while k < v.n and steps < 14:
        steps += 1
        if k in state.cognates:
            k = state.cognates[k]  # نفياً قاطعاً: the verb's emphasis, no part of the content
            continue
        word = v.norm(k)
        outlet = outlet_at(v, k)
        if outlet is None and named_outlet(v, k) and draft.speaker is not None and k > 0 \
                and not v.head_in(k, "organization_heads") \
                and normalize(draft.cue.form.lemma) in v.words("listener_objects"):
            end = outlet_end(v, k)  # أبلغ مسؤول وكالة فرانس برس أن: the outlet told, with no لـ
            outlet = (name_start(v, k), k, end)
        if outlet:
            start, _, end = outlet
            if draft.source is None:
                draft.source = (start, v.span_end(end - 1))
            k = end
            continue
        fused = word.startswith("ف") and len(word) > 3 and is_occasion(v, k)  # فتصريح: في تصريح, in Darija
        if fused or (word in v.words("occasion_prepositions") and is_occasion(v, k + 1)
                     and not _commented_on(v, k)):
            # في بيان, خلال مؤتمر صحفي: a new occasion; في المقابلة, في التصريح ذاته: the one before
            noun = k if fused else k + 1
            draft.occasion = not v.bare(noun).startswith(DEFINITE_ARTICLE)
            phrase_end, named = occasion_phrase(v, noun)
            if draft.source is None:
                draft.source = named
            if phrase_end < v.n and (opens_content(v, phrase_end) or (
                    named is not None and not COMMAS.isdisjoint(v.gap(phrase_end)))):
                k = phrase_end  # the content opens where the phrase naming the outlet ends
                continue
            after = next((j for j in range(noun + 1, phrase_end) if v.starts[j] >= named[1]), None) if named else None
            if after is not None:
                k = after  # ونفى في مقابلة مع إذاعة س الفرنسية *تصريحات* نظيرته: the object follows the outlet
                continue
            k = noun + 1
            limit = k + 4
            while k < min(v.n, limit) and not opens_content(v, k) and COMMA_OR_COLON.isdisjoint(v.gap(k)) \
                    and v.norm(k) not in (LAM,) and not outlet_at(v, k) and v.norm(k)[:1] != BEH \
                    and v.norm(k) not in v.words("content_prepositions") and k not in state.cognates \
                    and v.bare(k) not in v.words("relative_whats"):
                k += 1  # (في بلاغ لها *ما* قاله …: the object opens)
            continue
        if word in occasions and not (draft.cue.form.object and k < v.n and k + 1 < v.n
                                      and not v.norm(k + 1).startswith((LAM, BEH))
                                      and v.norm(k + 1) not in v.words("complementizers")):
            # (ورفضت الحكومة *تصريحات* المعارضة: the object, not an occasion)
            draft.occasion = not word.startswith(DEFINITE_ARTICLE)
            k += 1
            continue
        if word in v.words("relatives") and k + 1 < v.n and k + 2 < v.n and draft.source is None:
            relay = lookup(v.norm(k + 1), v.p)
            if relay is not None and normalize(relay[1].lemma) in v.words("relays") and outlet_like(v, k + 2):
                # وذكر البيان الذي أوردته صحيفة الصباح: the outlet that carried it (R6)
                end = outlet_end(v, k + 2)
                end = next((j for j in range(k + 3, end) if not COMMA_OR_COLON.isdisjoint(v.gap(j))), end)
                draft.source = (name_start(v, k + 2), v.span_end(end - 1))
                k = end
                if k < v.n and not COLON_OR_OPENING.isdisjoint(v.gap(k)):
                    break  # …: "…": what was said follows
                continue
        if word in v.words("occasion_prepositions") and word not in v.words("content_prepositions"):
            # أكد الوزير لدى استقباله أمس وفداً من رجال الأعمال أن …: a time adjunct, then the content
            comps = v.words("complementizers")
            for j in range(k + 1, min(k + ADJUNCT_REACH, v.n)):
                if not COMMA_OR_COLON.isdisjoint(v.gap(j)) or v.is_cue(j) or is_occasion(v, j) \
                        or outlet_at(v, j) is not None or named_outlet(v, j):
                    break  # (خلال مقابلة مع قناة س: the occasion and its outlet, read below)
                if v.norm(j) in comps:
                    k = j
                    break
            if v.norm(k) in comps:
                break
        if (word in stops or word in v.words("pronoun_prepositions")) and word not in v.words("complementizers") \
                and word not in v.words("content_prepositions") and not word.startswith("قول") \
                and COLON_OR_OPENING.isdisjoint(v.gap(k)):  # (قال: «هذا كلام …»: what was said opens there)
            k += 1
            continue
        if word in v.words("manner_adverbs") and k + 2 < v.n and COMMA_OR_COLON.isdisjoint(v.gap(k + 1)):
            k += 2  # نفى بشكل قاطع الأخبار: how, not what
            continue
        if word in v.words("date_prepositions") and v.norm(k + 1)[:1].isdigit():
            k += 2  # في 28 أبريل 2025: a date
            while k < v.n and (v.norm(k)[:1].isdigit() or v.norm(k) in v.words("months")):
                k += 1
            continue
        if f"{word} {v.norm(k + 1)}" in v.words("turn_phrases"):
            k += 2  # من جهته
            continue
        # ، في وقفة أمام المحكمة، / ، الناطق الرسمي باسم الجيش،: a parenthesis or an apposition
        # set off by commas, the content opening right after it
        apposition = draft.explicit and draft.speaker is not None and k > 0 and v.ends[k - 1] == draft.speaker[1]
        if (word in v.words("content_prepositions") or word in v.words("parenthesis_openers") or apposition) \
                and v.comma_before(k) and not parenthesis_done:
            reach = APPOSITION_MAX if apposition else 10
            close = next((j for j in range(k + 1, min(k + reach, v.n)) if v.comma_before(j)), None)
            inside = {v.norm(j) for j in range(k, close or k)}
            if apposition and close is not None:  # only a complementizer or a colon closes an apposition
                opens = v.norm(close) in v.words("complementizers") or ":" in v.gap(close)
            else:
                opens = close is not None and (
                    v.norm(close) in v.words("complementizers") or v.norm(close) in v.words("content_prepositions")
                    or v.norm(close)[:1] == BEH or not COLON_OR_OPENING.isdisjoint(v.gap(close)))
            if close is not None and opens and not inside & v.words("complementizers"):
                k = close  # ، في وقفة أمام مبنى المحكمة،: a parenthesis
                parenthesis_done = True
                continue
        break
    return k


def trailing_source(state: SentenceClaims, draft: Draft) -> None:
    """قال الوزير إن …، في تصريح لإذاعة س: the occasion after the content names its outlet."""
    if draft.source is not None or draft.content is None:
        return
    v = state.v
    k = v.token_index(draft.content[1])
    while k < v.n and v.ends[k] <= draft.content[1]:
        k += 1
    if k < v.n and v.norm(k) in v.words("occasion_prepositions"):
        draft.source = trailing_outlet(v, k)


def is_media(text: str, view: SentenceView) -> bool:
    words = norm_words(text)
    if len(words) > 1 and words[0] in view.words("quantifiers"):
        words = words[1:]  # بعض وسائل الإعلام
    if not words:
        return False
    by_name = view.p.outlet_by_name(words, not QUOTE_MARKS.isdisjoint(text))
    if by_name is not None:
        return by_name
    media = view.p.speakers["media_heads"]
    return words[0] in media or words[0].removeprefix(DEFINITE_ARTICLE) in media


@lru_cache(maxsize=4096)
def norm_words(text: str) -> tuple[str, ...]:
    """The normalized words of a phrase (a speaker, an outlet): phrases recur, so cached."""
    return tuple(map(normalize, WORD.findall(text, concurrent=False)))


EARLIER_REACH = 6  # words around a cue read for a mark of an earlier occasion


def earlier_occasion(state: SentenceClaims, cue: CueMatch, k: int) -> bool:
    """وكان الوزير قد قال, وقال الوزير، قبل أسبوع، إن: a statement made on an earlier occasion,
    a new one (R4): it keeps no outlet of the statement before it."""
    v = state.v
    if cue.first > 0 and v.norm(cue.first - 1) in v.words("verb_particles") and any(
            v.norm(j) in v.words("past_auxiliaries") for j in range(max(0, cue.first - EARLIER_REACH), cue.first)):
        return True
    norms = v.norms
    phrases = v.words("earlier_occasions")
    firsts = v.memos.first_words("earlier_occasions")
    return any(norms[j] in firsts and (norms[j] in phrases or f"{norms[j]} {norms[j + 1]}" in phrases
                                       or f"{norms[j]} {norms[j + 1]} {norms[j + 2]}" in phrases)
               for j in range(cue.last + 1, min(k + EARLIER_REACH, v.n - 2)))
