"""Cue words in clauses that report nothing: the writer's inference (، ما يؤكد أن), what was
carried (ما نُشر), an outlet carrying a statement (البيان الذي أوردته صحيفة س), a thing said
named by ما (ما يهدد به), an estimate's passive (تقدر بمئات), the copula يُعتبر (R12).
"""

from __future__ import annotations

from attrib.arabic import BEH, DEFINITE_ARTICLE, TEH_MARBUTA, normalize
from attrib.extract.cues import CueMatch
from attrib.extract.drafts import Draft
from attrib.extract.outlets import is_occasion
from attrib.extract.view import SentenceView, object_suffix

WHETHER_REACH = 6  # words back from a cue to a "whether" opening its clause


def reports_nothing(v: SentenceView, cue: CueMatch, after_what: bool, relative: bool, impersonal: bool) -> bool:
    """Cue letters in a clause that reports nothing: the writer's inference (، ما يؤكد أن …),
    what was carried ("ما نُشر على وسائل الإعلام"), the outlet carrying a statement (البيان الذي
    أوردته صحيفة س, في بيان نشرته وكالة س, تصريحات نُشرت أمس: credits, not claims; content.py)."""
    nxt = v.norm(cue.last + 1)
    if after_what and cue.form.tense == "imperfect" and not object_suffix(v.bare(cue.last), v.p) and not impersonal and (
            nxt in v.words("complementizers")
            or (nxt in v.words("content_prepositions") and v.norm(cue.last + 2) in v.words("complementizers"))):
        return True
    if nxt.startswith(BEH) and (nxt[1:2].isdigit() or nxt[1:] in v.words("quantifiers")) \
            and not v.inside(cue.start):
        return True  # أعداد الزوار *تقدر بمئات* الآلاف, تُقدّر بـ5 ملايين: an estimate's passive, no report
    if after_what and nxt in v.words("pronoun_prepositions") and v.norm(cue.last + 2) not in v.words("complementizers"):
        return True  # كل ما يهدد *به* الخصوم, ما أعلن *عنه* الوزير من إجراءات: naming a thing said, not saying it
    if v.inside(cue.start) and cue.form.tense == "imperfect" and cue.first > 0 and v.norm(cue.first) == v.bare(cue.first) \
            and not v.gap(cue.first).strip() and _describes(v, cue.first - 1):
        return True  # «نحن أمة *ترفض* الخضوع»: a verb after an indefinite noun describes it (a صفة), no report
    back = cue.first - 1
    while back > 0 and not v.comma_before(back + 1) and cue.first - back < WHETHER_REACH:
        if f"{v.norm(back - 1)} {v.norm(back)}" in v.words("whether_openers"):
            return True  # لم يتبين ما إذا كانت الأرقام *تشير* إلى …: a question, no report
        back -= 1
    relay = normalize(cue.form.lemma) in v.words("relays")
    if relay and (after_what or relative):
        return True
    if relay and cue.first > 0:
        noun = cue.first - 2 if v.norm(cue.first - 1) in v.words("pronoun_prepositions") else cue.first - 1
        return noun >= 0 and is_occasion(v, noun)
    return False


def _describes(v: SentenceView, k: int) -> bool:
    """An indefinite common noun at token k (أمة, لجنة), which a verb right after it describes:
    no article, no head word or name the rules know, not a name met before."""
    word = v.bare(k)
    return not word.startswith(DEFINITE_ARTICLE) and len(word) > 2 and word not in v.known_words \
        and word not in v.speakers["given_names"] and word.endswith(TEH_MARBUTA) and not v.head_in(k, "states")


def copula(v: SentenceView, cue: CueMatch, draft: Draft, relative: bool) -> bool:
    """يُعتبر/يُعد with no one considering and no أن: the passive copula (R12)."""
    if cue.form.tense != "imperfect" or normalize(cue.form.lemma) not in v.words("copula_verbs"):
        return False
    assert draft.content is not None
    first = v.token_index(draft.content[0])
    if first > 0 and v.norm(first - 1) in v.words("complementizers"):
        return False  # يعتبر الخبراء أن …: a view held
    return draft.speaker is None or relative
