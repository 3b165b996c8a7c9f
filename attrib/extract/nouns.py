"""Noun cues: اتهامات الوزير للنقابة بأنها …, إشادة وزير الطاقة بـ…, دعوته إلى …, ووجهت النقابة
انتقادات …, وجدد الرئيس التأكيد على أن …: who speaks through the noun, and what it reports.
"""

from __future__ import annotations

from attrib.arabic import BEH, DEFINITE_ARTICLE, TEH_MARBUTA, normalize
from attrib.extract.content import quoted_or_clause, trim
from attrib.extract.cues import CueMatch, lookup
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import QUOTED_NAME_WORDS
from attrib.extract.phrases import noun_phrase, speaker_like
from attrib.extract.roles import support_subject
from attrib.extract.shapes import for_verbal_noun
from attrib.extract.speakers import agent_after, resolve
from attrib.extract.view import COMMA_OR_COLON, POSSESSIVES, SentenceView

NOUN_CONTENT_REACH = 4  # words from a noun cue (and its speaker) to what opens its content
LABELLED_REACH = 4  # words from a labelling verb (and its subject) to the noun it labels


def noun_claim(state: SentenceClaims, cue: CueMatch, index: int) -> Draft | None:
    """اتهامات الوزير للنقابة بأنها …, إشادة وزير الطاقة بـ…, دعوته إلى …, بزعم أن …:
    a noun cue is a claim only with content and a speaker, named in the genitive after it
    or by the pronoun attached to it; بزعم أن alone reports nobody's words.

    A definite noun (الاتهامات, المزاعم) mostly takes up claims already reported, and
    is left out.
    """
    v = state.v
    labeller = next((c for c in reversed(state.cues) if cue.first - LABELLED_REACH <= c.last < cue.first), None)
    if labeller is not None and normalize(labeller.form.lemma) in v.words("labeling_verbs") \
            and all(v.comma_before(j) is False for j in range(labeller.last + 1, cue.first + 1)):
        return None  # وصف اتهامات النيابة بالمسرحية: what was labelled, no claim of its own
    draft = Draft(cue)
    via = cue.form.via
    k = cue.last + 1
    word = v.norm(cue.last)
    if word.startswith(DEFINITE_ARTICLE) and k + 1 < v.n and (v.norm(k) in v.words("complementizers") or (
            (v.norm(k) in via or v.norm(k) in v.words("content_prepositions")) and v.norm(k + 1) in v.words("complementizers"))):
        # وجدد الرئيس التأكيد على أن: the act named, then what was said; the subject of the light
        # verb that carries it speaks
        agent = support_subject(state, cue, index) if cue.form.possessor_speaks else None
        if agent is None:
            return None  # (يستوجب التأكيد على أن, ونفت الاتهامات بأن: no one carries the act)
        draft.speaker, draft.explicit = agent
        draft.content = quoted_or_clause(state, v.starts[k + 1 if v.norm(k) in v.words("complementizers") else k + 2], draft)
        return draft
    if word.startswith((DEFINITE_ARTICLE, "بال", "لل", "وال", "فال")):
        return None
    # دعوته = دعوة + ه: a feminine ة is written ت before a pronoun
    possessed = word.endswith(POSSESSIVES) and any(
        lookup(word[:-len(s)], v.p) is not None
        or (word[:-len(s)].endswith("ت") and lookup(word[:-len(s) - 1] + TEH_MARBUTA, v.p) is not None)
        for s in POSSESSIVES if word.endswith(s))
    if possessed:
        supported = support_subject(state, cue, index) if cue.form.possessor_speaks else None
        # دعوته إلى, and وجدد البيان دعوته *للأهالي* إلى: the one called may come first
        reach = NOUN_CONTENT_REACH if supported is not None else 1
        if not any(_opens_noun_content(v, j, via) for j in range(k, min(k + reach, v.n))
                   if j == k or COMMA_OR_COLON.isdisjoint(v.gap(j))):
            return None
        if supported is not None:
            draft.speaker, draft.explicit = supported  # وجدد البيان دعوته: the statement's
        elif cue.form.possessor_speaks:
            resolve(state, draft, index)  # دعوته إلى: the one the pronoun stands for
        else:
            draft.speaker = agent_after(state, k)  # اتهامه بـ… من قبل X: X accuses
            if draft.speaker is None:
                return None
    elif (agent := support_subject(state, cue, index)) is not None:
        draft.speaker, draft.explicit = agent  # ووجهت النقابة انتقادات حادة إلى …: the union criticises
        while k < v.n and v.norm(k).endswith(TEH_MARBUTA) and not v.norm(k).startswith(DEFINITE_ARTICLE) \
                and v.norm(k) not in via and v.norm(k) not in v.words("complementizers") \
                and COMMA_OR_COLON.isdisjoint(v.gap(k)):
            k += 1  # انتقادات *لاذعة*: the noun's adjectives are no part of the content
    elif k < v.n and v.norm(k) in v.words("complementizers"):
        if not word.lstrip("و").startswith(BEH):
            return None  # بزعم أن, بادعاء أن: a pretext, reported by nobody named
    else:
        end = noun_phrase(v, k, object_verb=True, via=via)
        if not (end > k and speaker_like(v, k, end, state.known, strict=True)) or v.head_in(k, "states"):
            return None  # (اتهام المغرب بـ: a state after a noun cue is as often its target as its agent)
        draft.speaker, draft.explicit = v.span(k, end), True
        k = end
    # the content opens within a few words: the target of an evaluative noun may come first
    # (اتهامات الوزير *للنقابة* بأنها), and then counts as content (ANNOTATION.md R8)
    for j in range(k, min(k + NOUN_CONTENT_REACH, v.n)):
        if j > k and not COMMA_OR_COLON.isdisjoint(v.gap(j)):
            break
        if _opens_noun_content(v, j, via):
            start = v.starts[k] if j > k or v.norm(j) not in v.words("complementizers") else v.ends[j]
            draft.content = quoted_or_clause(state, start, draft)
            if draft.content and draft.speaker and not cue.form.possessor_speaks \
                    and draft.content[0] < draft.speaker[0] < draft.content[1]:
                # اتهامه بـ"التحايل" من قبل X: the charge, without the one who brings it
                agent_word = v.token_index(draft.speaker[0]) - 2
                draft.content = trim(v.text, draft.content[0], v.starts[agent_word])
            if draft.content is not None:
                quote = v.quote_opening(draft.content[0] + 1, draft.content[1])
                if quote is not None and len(v.text[quote[0]:quote[1]].split()) > QUOTED_NAME_WORDS \
                        and not draft.direct:
                    # سؤال بشأن مطالبة المدرب بتمديد عقده "هذه طريقة …": the quotation is the outer verb's
                    draft.content = trim(v.text, draft.content[0], quote[0])
            return draft
    return None


def _opens_noun_content(v: SentenceView, j: int, via: frozenset[str]) -> bool:
    """بأن, أن, إلى, بالفساد: what introduces a noun cue's content."""
    word = v.norm(j)
    return word in v.words("complementizers") or word in via or any(
        len(p) == 1 and word.startswith(p) and len(word) > 3 for p in via) or (
        bool(via) and for_verbal_noun(v, j))  # دعوته للأندية *لتسديد* المستحقات: لـ + a verbal noun
