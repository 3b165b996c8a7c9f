"""The subject of a clause that is not simply the phrase after or before its verb.

A clause joined to a claim of the same sentence (، كما اتهم نقابة …: the object, the
subject going on), a verb describing a statement noun (أصدر الحزب بياناً قال فيه), a subject
fronted before an occasion (رئيس الاتحاد وفي تصريح لإذاعة س قال), an honorific standing for
a person (سموه), a noun cue carried by a light verb (ووجهت النقابة انتقادات).
"""

from __future__ import annotations

from attrib.arabic import ALEF, BEH, DEFINITE_ARTICLE, LAM, TEH, TEH_MARBUTA
from attrib.extract.clauses import clause_end
from attrib.extract.content import find_content, quoted_words, trim
from attrib.extract.cues import CueMatch, strip_conjunction
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import is_occasion
from attrib.extract.phrases import (
    names_speaker,
    noun_phrase,
    noun_phrase_before,
    noun_phrase_before_comma,
    preposition_object,
    speaker_like,
)
from attrib.extract.shapes import cue_gender, perfect_gender
from attrib.extract.sources import skip_adjuncts
from attrib.extract.speakers import object_follows, resolve
from attrib.extract.view import (
    COMMA_OR_COLON,
    POSSESSIVES,
    QUOTE_MARKS,
    QUOTES,
    SENTENCE_MARKS,
    SentenceView,
    object_suffix,
)

FEMININE_ENDINGS = (TEH_MARBUTA, ALEF + TEH)  # النقابة, التصريحات: what التي may refer to


def honorific_pronoun(v: SentenceView, k: int) -> bool:
    """سموه, معاليه, فخامتها: an honorific carrying a pronoun stands for a person named before."""
    word = v.bare(k)
    honorifics = v.speakers["honorifics"]
    for suffix in v.words("honorific_suffixes"):
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) > 2 and (
                stem in honorifics or (stem.endswith(TEH) and stem[:-1] + TEH_MARBUTA in honorifics)):
            return True
    return False


def subject_before_occasion(state: SentenceClaims, before: tuple[int, int]) -> tuple[int, int] | None:
    """المدير التنفيذي وفي حديث خاص لصحيفة الأيام قال: the phrase before the verb is the
    occasion's outlet; the subject stands before the conjoined occasion phrase (و + في حديث)."""
    v = state.v
    for o in range(before[0] - 1, max(before[0] - 5, 1) - 1, -1):
        if not SENTENCE_MARKS.isdisjoint(v.gap(o + 1)):
            return None
        if not is_occasion(v, o):
            continue
        opener = v.norm(o - 1)
        conjoined, preposition = strip_conjunction(opener)
        if preposition not in v.words("occasion_prepositions") or not (conjoined or v.norm(o - 2) in v.words("narrative_particles")):
            return None
        at = o - 1 if conjoined else o - 2
        subject = noun_phrase_before(v, at)
        if subject is not None and speaker_like(v, subject[0], subject[1], state.known, strict=True):
            return subject
        return None
    return None


def occasion_before(v: SentenceView, cue: CueMatch, first_word: str) -> int | None:
    """أصدر الحزب بياناً قال فيه إن …, أدلى الوزير بتصريحات صحفية أكد فيها أن …: the verb
    describes an indefinite statement noun just before it (its token, returned), and its
    subject is the sentence's (كتب تدوينة نفى *من* خلالها: a preposition may come first)."""
    if first_word in v.words("content_prepositions") and cue.last + 2 < v.n:
        first_word = v.norm(cue.last + 2)
    if first_word not in v.words("occasion_resumptives"):
        return None
    occasions = v.words("occasions")
    for j in range(cue.first - 1, max(cue.first - 5, -1), -1):
        if not COMMA_OR_COLON.isdisjoint(v.gap(j + 1)) and j + 1 < cue.first:
            return None  # (أدلى بتصريحات لإذاعة س*،* أكد فيها: a comma may set the verb off)
        word = v.bare(j)
        for form in (word, word[1:]) if word.startswith(BEH) else (word,):  # بتصريحات (not بيانا)
            if form in occasions or (form.endswith(ALEF) and form[:-1] in occasions):  # مؤتمراً
                return j
    return None


def with_conjoined(v: SentenceView, subject: tuple[int, int], limit: int) -> tuple[int, int]:
    """أصدرت منظمتا العفو الدولية *وهيومن رايتس ووتش* بياناً: a member joined by و up to the
    object at token `limit` belongs to the subject."""
    end = v.token_index(subject[1])
    while end < limit and v.ends[end] <= subject[1]:
        end += 1
    if end < limit and strip_conjunction(v.norm(end))[0] and all(COMMA_OR_COLON.isdisjoint(v.gap(j)) for j in range(end, limit)):
        return subject[0], v.span_end(limit - 1)
    return subject


def object_of_continuation(state: SentenceClaims, cue: CueMatch, k: int, end: int) -> bool:
    """In a clause joined to a claim of the same sentence (، كما اتهم / ، واتهم), is the phrase
    [k, end) after the verb its object, with the subject the one named before?

    It is when the verb cannot agree with it (a masculine verb before a feminine body:
    اتهم نقابة الأطباء), or when it names nobody we know and no content follows it (واتهم
    مقاولين محليين بعرقلة المشروع, كما انتقد أداء البرلمان); a phrase followed by أن stays
    the subject (، وأكد سالم الحربي أن).
    """
    v = state.v
    if not state.drafts or state.drafts[-1].speaker is None or v.inside(cue.start):
        return False
    joined = v.comma_before(cue.first) or strip_conjunction(v.norm(cue.first))[0] \
        or (cue.first > 0 and v.comma_before(cue.first - 1) and v.bare(cue.first - 1) in v.words("narrative_particles"))
    if not joined or state.holding(cue.start) is not None:
        return False
    if cue_gender(v, cue) == "m" and v.bare(k).endswith(TEH_MARBUTA) and v.head_in(
            k, "organization_heads", "media_heads", "titles"):
        return True
    return not names_speaker(v, k, end, state.known) and not object_follows(v, end, cue)


def support_subject(state: SentenceClaims, cue: CueMatch, index: int) -> tuple[tuple[int, int], bool] | None:
    """ووجهت النقابة انتقادات, وكانت الوزارة قد أطلقت تحذيرات, ووجه اتهامات: a noun cue
    carried by a light verb (support_verbs) reports the verb's subject: after the verb,
    before it, or the subject of the clause before (the speaker and whether it is named here)."""
    v = state.v
    supports = v.words("support_verbs")
    j = cue.first - 1
    if j < 0 or v.bare(cue.first) != v.norm(cue.first) or not COMMA_OR_COLON.isdisjoint(v.gap(cue.first)):
        return None  # (وانتقادات: a new phrase, not the verb's object)
    if strip_conjunction(v.norm(j))[1] in supports:  # the verb right before the noun
        before = noun_phrase_before(v, j)
        if before is not None and speaker_like(v, before[0], before[1], state.known, strict=True):
            return v.span(before[0], before[1]), True  # SVO: وكانت الوزارة قد أطلقت تحذيرات
        probe = Draft(cue)
        resolve(state, probe, index)  # ووجه انتقادات: the subject named before
        return (probe.speaker, False) if probe.speaker is not None else None
    before = noun_phrase_before(v, cue.first)
    if before is not None and before[1] - before[0] > 1 and strip_conjunction(v.norm(before[0]))[1] in supports:
        before = before[0] + 1, before[1]  # ووجه العميد خالد عبدالرحيم انتقادات: the verb is no part of the subject
    if before is not None and before[0] > 0 and strip_conjunction(v.norm(before[0] - 1))[1] in supports \
            and (speaker_like(v, before[0], before[1], state.known) or is_occasion(v, before[0])):  # وجدد البيان دعوته
        return v.span(before[0], before[1]), True  # VSO: ووجهت النقابة انتقادات
    return None


def disagrees(v: SentenceView, cue: CueMatch, k: int) -> bool:
    """شكرت *الدكتور* حسن, أشاد *الوزيرة*: a person named by a title or honorific of the
    other gender than the verb's cannot be its subject, so the phrase is the object."""
    gender = cue_gender(v, cue)
    if gender is None or not v.head_in(k, "titles", "honorifics"):
        return False
    heads = v.memos.words_of(("titles", "honorifics"))
    word = v.bare(k)
    # gendered only where both forms are listed (الدكتور/الدكتورة, وزير/وزيرة; not سعادة)
    if word.endswith(TEH_MARBUTA) and word[:-1] in heads:
        return gender == "m"
    if word + TEH_MARBUTA in heads:
        return gender == "f"
    return False


def trailing_report(state: SentenceClaims, cue: CueMatch, draft: Draft) -> bool:
    """«…»، يقول البيان / لكن هذا الزمن ولّى، يقول رئيس الحزب، والبلاد … / وبالإضافة إلى ذلك،
    تضيف المصادر نفسها، فإن …: a present-tense cue set off after a comma or a quotation, its
    subject after it and nothing of its own to say, reports the clause it trails (R1) or, with
    فإن after it, the clause that follows. Sets the draft's speaker and content; False when the
    cue is not such."""
    v = state.v
    k = cue.first
    if cue.form.tense != "imperfect" or k == 0 or v.inside(cue.start) or v.norm(k) != v.bare(k) or (
            COMMA_OR_COLON.isdisjoint(v.gap(k)) and QUOTE_MARKS.isdisjoint(v.gap(k))):
        return False
    end = noun_phrase(v, cue.last + 1)
    if end == cue.last + 1 or not (speaker_like(v, cue.last + 1, end, state.known) or is_occasion(v, cue.last + 1)):
        return False  # (a person, a body, or a document: يقول البيان, R11)
    resumed = end < v.n and v.comma_before(end) and v.norm(end) in v.words("frame_resumptions")
    closes = end == v.n or (not SENTENCE_MARKS.isdisjoint(v.gap(end)) and ":" not in v.gap(end))
    said_after = end < v.n and (":" in v.text[v.starts[end]:v.s.end] or v.quote_opening(v.starts[end], v.s.end) is not None)
    if not (closes or resumed or (v.comma_before(end) and v.norm(end) not in v.words("complementizers")
                                  and not said_after)):
        return False  # (يقول الخبراء إن …, يقول الوزير، إن …, يقول س، وهو لاجئ: «…»: the content follows)
    draft.speaker, draft.explicit = v.span(cue.last + 1, end), True
    draft.trailing = not resumed
    if resumed:
        start = v.starts[end + 1] if end + 1 < v.n else v.s.end
        draft.content = trim(v.text, start, clause_end(state, start))
        return True
    close = v.ends[k - 1]
    mark = next((close + i for i, char in enumerate(v.gap(k)) if char in QUOTES), None)
    quote = v.quote_ending.get(mark) if mark is not None else None
    draft.content = quoted_words(v.text, *quote) if quote is not None else trim(v.text, v.s.start, close)
    draft.direct = quote is not None
    return True


def relative_speaker(state: SentenceClaims, cue: CueMatch, draft: Draft, index: int) -> None:
    """الرئيس العراقي التي أكدت: the phrase before the relative; وصفوه: the clause's speaker."""
    v = state.v
    rel = cue.first - 1
    suffixed = object_suffix(v.bare(cue.last), v.p)
    if (suffixed and not _relative_subject(v, cue, rel)) or v.bare(rel) in v.words("relative_whats") \
            or v.norm(rel) in v.words("suffixed_whats"):
        resolve(state, draft, index)  # الحكم الذي وصفوه: they described it
        return
    before = noun_phrase_before(v, rel) if not v.comma_before(rel) else noun_phrase_before_comma(v, rel)
    if before is None and rel > 0 and not v.comma_before(rel) and v.norm(rel - 1).startswith(DEFINITE_ARTICLE):
        first = rel - 1  # بعد بيان اللجنة الذي حذر: the definite noun and the head it completes
        while first > 0 and not v.norm(first - 1).startswith(DEFINITE_ARTICLE) and v.norm(first - 1) not in v.phrase_stops \
                and COMMA_OR_COLON.isdisjoint(v.gap(first)) and rel - first < APPOSITION_WORDS and not v.is_cue(first - 1):
            first -= 1
        before = first, rel
    if before:
        first, end = _antecedent(v, before, rel)
        if cue.form.impersonal and v.norm(cue.last + 1) in v.words("complementizers") \
                and not speaker_like(v, first, end, state.known, strict=True):
            return  # القرار الذي يُتوقع أن يصدر: expected, by no one named (R10)
        # بتصريحات الرئيس العراقي التي: the statements are the president's
        while first < end - 1 and (v.head_in(first, "other_heads") or v.bare(first).lstrip(BEH) in v.words("occasions")
                                   or v.bare(first).lstrip(BEH).startswith("تصريح")):
            first += 1
        given = v.speakers["given_names"]
        if suffixed and end - first >= 3 and v.norm(end - 1).startswith(DEFINITE_ARTICLE) \
                and v.norm(end - 2) not in given and v.norm(end - 3) in given:
            first = end - 1  # وانتقد الوزير سامي الخوري *الحكم* الذي وصفه: the name ended, the object follows
        if suffixed and not speaker_like(v, first, end, state.known, strict=True):
            resolve(state, draft, index)  # وأشاد المحامي بالحكم الذي وصفه: a thing described, by the lawyer
            return
        draft.speaker, draft.explicit = (v.start_of(first), v.ends[end - 1]), True
    else:
        resolve(state, draft, index)


APPOSITION_WORDS = 4  # words of a relative's antecedent read back when no phrase is found


def _relative_subject(v: SentenceView, cue: CueMatch, rel: int) -> bool:
    """النائب الذي اتهمه بالفساد: with an object pronoun on the verb, the relative is still its
    subject when the verb is singular like الذي/التي and no subject follows it (not الحكم الذي
    وصفوه, الحكم الذي وصفه المحامي)."""
    word = v.bare(cue.last)
    gender = perfect_gender(next((word[:-len(p)] for p in POSSESSIVES if word.endswith(p)), word), cue.form.lemma)
    if gender is None or cue.form.tense != "perfect" or v.norm(rel) not in v.words("relatives"):
        return False  # (ما وصفه بـ: ما is what was described)
    feminine = v.norm(rel) in v.words("feminine_relatives")
    after = cue.last + 1
    named_after = after < v.n and (v.norm(after).startswith(DEFINITE_ARTICLE) or v.head_in(after, "titles")) \
        and v.norm(after)[:1] not in (BEH, LAM)
    return (gender == "f") == feminine and not named_after


def _antecedent(v: SentenceView, phrase: tuple[int, int], rel: int) -> tuple[int, int]:
    """The noun a relative pronoun at token `rel` refers to, in the phrase before it: after the
    last preposition's object begins (الحكومة اصطدمت *بموقف النقابة* التي: not the clause), then
    the genitive when only it agrees with the pronoun (موقف *النقابة* التي: feminine)."""
    first, end = phrase
    for j in range(end - 1, first, -1):
        if v.norm(j)[:1] in (BEH, LAM) and len(v.norm(j)) > 3 and not v.head_in(j, "titles", "organization_heads"):
            first = j
            break
    feminine = v.norm(rel) in v.words("feminine_relatives")
    if feminine and end - first >= 2 and not v.bare(first).endswith(FEMININE_ENDINGS) \
            and v.bare(end - 1).endswith(FEMININE_ENDINGS) and not v.bare(first).startswith(DEFINITE_ARTICLE):
        first = next(j for j in range(first + 1, end) if v.bare(j).endswith(FEMININE_ENDINGS))
    return first, end


def first_person(state: SentenceClaims, cue: CueMatch, draft: Draft, index: int) -> Draft | None:
    """«لقد طالبنا بمراجعة القانون»: inside a quotation, the speakers' earlier statement
    (ANNOTATION.md R9), by the quotation's speaker; outside one, the writer's; a view held
    («اعتبرنا المواجهة اختباراً») is part of the quotation."""
    v = state.v
    if not v.inside(cue.start) or cue.stance in ("opinion", "hedge"):
        return None
    holder = state.holding(cue.start)
    if holder is not None and holder.direct and holder.speaker is not None:
        draft.speaker = holder.speaker  # the one the quotation is of speaks of what "we" said
    else:
        resolve(state, draft, index)
    nxt = v.norm(cue.last + 1)
    if nxt in v.words("pronoun_prepositions") and any(nxt.startswith(p) for p in v.words("content_prepositions")):
        return None  # «لكنا أعلنا عنه»: what was announced is "it", named before
    k = skip_adjuncts(state, cue.last + 1, draft)
    if k + 1 < v.n and preposition_object(v, k) and v.norm(k + 1) in v.words("complementizers"):
        k += 1  # «أكدنا للاعبين أن …»: those told, then what
    draft.content = find_content(state, cue, k, draft, index)
    return draft
