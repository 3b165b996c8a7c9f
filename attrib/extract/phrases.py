"""Noun phrases around a cue: the speaker's phrase after a verb or before it, and whether it names a speaker.

Functions over a SentenceView (view.py); token ranges are [first, end).
"""

from __future__ import annotations

from attrib.arabic import ALEF, BEH, DEFINITE_ARTICLE, LAM
from attrib.extract.cues import strip_conjunction
from attrib.extract.heads import new_head
from attrib.extract.outlets import (
    is_occasion,
    name_not_stop,
    named_outlet,
    opens_long_quote,
    outlet_at,
    outlet_like,
    title_link,
)
from attrib.extract.shapes import (
    APPOSITION,
    apposition_end,
    complementizer_pronoun,
    for_verbal_noun,
    nationality_before_name,
    verbal_noun,
)
from attrib.extract.view import (
    CLAUSE_MARKS,
    COMMAS,
    DASHES,
    POSSESSIVES,
    QUOTE_MARKS,
    SENTENCE_MARKS,
    SentenceView,
)

MAX_SPEAKER = 12


def speaker_like(v: SentenceView, first: int, end: int, known: set[str], strict: bool = False) -> bool:
    """Could tokens [first, end) name someone who speaks? Strictly: by a word we know."""
    if first >= end or not subject_start(v, first):
        return False
    if v.norm(first).startswith(("بال", "لل")) or first in v.cue_tokens:
        return False  # بالموقف, للرئيس: a preposition's object, never a subject
    if v.head_in(first, "media_heads", "organization_heads", "anonymous_heads", "other_heads", "titles",
                    "honorifics"):
        return True
    if v.norm(first) in v.speakers["given_names"]:
        return True  # ونفى الطاهر بوزيد: a first name we know, with ال or not
    if nationality_before_name(v, first, end):
        return True  # أعرب الهولندي يان دي فريس: a nisba, then the name it qualifies
    if end - first <= 2 and v.bare(first) in v.speakers["states"] \
            and v.norm(first - 1) not in v.words("content_prepositions"):
        return True  # أنقرة اعتبرت, الجزائر تتوقع: a state speaks for its government
    if outlet_like(v, first):
        return True
    words = {v.bare(k) for k in range(first, end)}
    if words & known:
        return True
    head = v.bare(first)
    if head.startswith(DEFINITE_ARTICLE) and head.endswith(v.p.endings("people_plural_endings")) and len(head) > 5 and end - first <= 3:
        return True  # المتمردون, المحتجون: a sound masculine plural names people
    if not QUOTE_MARKS.isdisjoint(v.gap(first)):
        return True  # a quoted name: «فيرتكس» ستعلن
    if strict:
        return False
    # a name or an indefinite noun: مدريد, فيرتكس, ممرضة
    return not head.startswith(DEFINITE_ARTICLE) and head not in v.words("determiners") and first not in v.cue_tokens


def names_speaker(v: SentenceView, first: int, end: int, known: set[str]) -> bool:
    """Do tokens [first, end) name someone by a word we know: a title, a body, an outlet
    by its name (a common word, الحدث, only in quotes), a name met before?"""
    if v.head_in(first, "media_heads", "organization_heads", "anonymous_heads", "other_heads", "titles",
                    "honorifics") or named_outlet(v, first):
        return True
    return bool({v.bare(j) for j in range(first, end)} & known)


def noun_phrase(v: SentenceView, k: int, *, object_verb: bool = False, limit: int | None = None,
                via: frozenset[str] = frozenset()) -> int:
    """End token of the speaker phrase starting at token k (k itself if there is none)."""
    limit = min(v.n, limit if limit is not None else v.n)
    stops = v.phrase_stops  # and the verb's prepositions, `via`
    occasions = v.words("occasions")
    times = v.p.times
    time_nouns = v.words("time_nouns")
    occasion_prepositions = v.words("occasion_prepositions")
    end = k
    appositions = 0
    while end < limit and end - k < MAX_SPEAKER:
        gap = v.gap(end)
        if end > k and not SENTENCE_MARKS.isdisjoint(gap) and not (
                gap == "." and v.texts[end - 1].isascii() and v.texts[end].isascii()) and not (
                gap.strip() == "." and v.norm(end - 1) in v.words("abbreviations")):
            break  # (gazeta.ru: a dot inside a Latin name; النائب د. سعيد: an abbreviation)
        if end > k and not COMMAS.isdisjoint(gap):
            extra = None if appositions else apposition_end(v, end, limit)
            if extra is None:
                break
            end = extra
            appositions += 1
            continue
        word = v.norm(end)
        if end > k and opens_long_quote(v, end):
            break  # وقال سالم «الوضع مستقر تماماً»: a quotation, not a quoted name, follows the speaker
        quoted_name = end > k and v.inside(v.starts[end]) and not v.inside(v.starts[k])
        if quoted_name:  # موقع «الليرة اليوم»: inside a quoted name no word ends the phrase
            end += 1
            continue
        if end > k and named_outlet(v, end) and not outlet_like(v, k) \
                and v.bare(end - 1) not in v.speakers["reporters"] and word not in v.speakers["given_names"] \
                and not (end == k + 1 and v.bare(k) in v.words("quantifiers")):  # (بعض *وسائل* الإعلام)
            break  # أبلغ مسؤول عسكري *وكالة فرانس برس* أن: the outlet told (not مراسل الجزيرة)
        if (word in stops or word in via or v.bare(end) in stops or v.bare(end) in via) \
                and not name_not_stop(v, end) \
                and not title_link(v, end):
            break  # (فإن is إن with ف: the content follows)
        if end > k and word in v.words("withheld_objects"):
            break
        if word in time_nouns and v.norm(end + 1) in v.words("time_adjectives"):
            break  # العام الماضي, الأسبوع المقبل
        if end > k and (word in times or (word in time_nouns and v.norm(end + 1) in v.words("weekdays"))) \
                and not v.inside(v.starts[end]) and not name_not_stop(v, end):
            break  # أعلن المتمردون *أمس*, قال الوزير *اليوم الأحد*: when, not who
        if (end > k and v.is_cue(end)) or word in v.words("relatives") or (end > k and word in v.words("relative_whats")):
            break  # (وحذر الاتحاد *مما* وصفه: what, no part of the subject)
        if end > k and v.bare(end).endswith(POSSESSIVES) and not v.bare(end).startswith(DEFINITE_ARTICLE) \
                and is_occasion(v, end) and v.bare(end) not in occasions:
            break  # وتابع السقا *حديثه*: his talk, no part of the speaker
        if word in occasion_prepositions and not name_not_stop(v, end) and (v.norm(end + 1) in occasions or is_occasion(v, end + 1)
                                      or v.norm(end + 1) in stops
                                      or v.norm(end + 1) in via
                                      or v.norm(end + 1)[:1].isdigit()):
            break  # في بيان, في 28 أبريل: the occasion or the date, not the speaker
        if word[:1].isdigit() and not v.inside(v.starts[end]):
            break
        if f"{word} {v.norm(end + 1)}" in v.words("turn_phrases"):
            break  # من جهته: the speaker's turn, after the phrase
        if outlet_at(v, end) and not (end > k and outlet_like(v, k)):
            break  # (الوكالة الوطنية للإعلام: inside an outlet's name, لـ goes on)
        if end > k and word in (LAM, "و") :
            break
        place = word.startswith("بال") and v.comma_before(end + 1) and not (object_verb and (
            v.head_in(k, "titles", "honorifics") or v.norm(k) in v.speakers["given_names"]))
        # مصدر في الأمن الداخلي *بالسويداء*، (not رحب الوزير *بالاتفاق*، مؤكداً: after a person,
        # the object of a verb that takes one)
        place = place or word in v.speakers["given_names"] or (  # الخبير باسل المومني: a name, not بـ;
            end > k and v.norm(end - 1) in v.speakers["given_names"] and not word[1:].startswith(DEFINITE_ARTICLE))  # سليم بوزيد
        place = place or word in v.speakers["name_particles"] or v.norm(end + 1) in v.speakers["given_names"]
        # ناصر *بن* سعد: inside the name; محكمة الاستئناف *بسوسة* كمال: a place, then the name
        if object_verb and end > k and for_verbal_noun(v, end):
            break  # ودعت الهيئة *للإفراج* عن المحامي: لـ + a verbal noun, the call's content
        if object_verb and end > k and not title_link(v, end) and (
                (word[:1] in via and len(word) > 3 and word[:1] == LAM and not place
                 and not v.head_in(end, "organization_heads", "titles", "media_heads"))
                or word.startswith(BEH) and not place and not v.head_in(end, "organization_heads")
                                        or word in v.words("determiners") or (new_head(v, end, k) and not (via and v.head_in(end, "titles")))):
            break
        end += 1
    while end > k + 1 and v.norm(end - 1) in v.words("content_prepositions") \
            and v.norm(end - 2) not in v.speakers["name_particles"] and not name_not_stop(v, end - 1):
        # (بن علي, سامي علي: a name, not على)
        end -= 1  # الحوراني من بين ...: a phrase does not end on a preposition
    return end


def noun_phrase_before(v: SentenceView, k: int) -> tuple[int, int] | None:
    """The phrase ending right before token k (SVO: الساعدي قال, مدريد ستبلغ).

    A comma-parenthesis between phrase and verb is skipped when it is a
    relative clause or a report held back (، الذي تحدث في مؤتمر صحفي،
    / ، طلب عدم الكشف عن اسمه،).
    """
    j = k - 1
    while j >= 0 and v.norm(j) in v.words("verb_particles") and not v.comma_before(j + 1):
        j -= 1
    while j > 0 and (v.bare(j) in v.p.times or v.norm(j) in v.words("verb_adverbs")) and not v.comma_before(j + 1):
        j -= 1  # الوزيرة أمس تحدثت, الوزير بدوره أكد: the time or the adverb is no part of the subject
    if j >= 0 and complementizer_pronoun(v, j):
        return None  # قال الوزير *إنه* يتوقع: a pronoun subject, not a phrase
    if j < 0 or _dateline_dash(v, j + 1):
        return None  # (ليبيا – دعا: the place of a dateline)
    end = j + 1
    if v.comma_before(end):
        first = v.last_comma(j)
        if not (v.norm(first) in v.words("relatives") or v.is_cue(first)) or first == 0:
            # روي ماتوس، وصف: a short phrase set off by commas is the subject
            # (not وفي سياق آخر، أكد: a fronted prepositional phrase)
            lead = first - 1 if first > 0 and not v.comma_before(first) else first
            adverbial = (v.norm(first).endswith(ALEF) and v.norm(first + 1) in v.words("content_prepositions")) \
                or strip_conjunction(v.norm(first))[1] in v.words("topic_prepositions")  # (وبخصوص الأزمة، قال: the topic)
            long_lead = first == 0 and v.head_in(0, "anonymous_heads", "titles", "organization_heads") \
                and end - first <= MAX_SPEAKER  # مصدر من محيط المتحدث باسم الجيش، قال: the sentence opens with it
            if (end - first <= APPOSITION or long_lead) and (first == 0 or v.comma_before(first)) \
                    and first not in v.cue_tokens and subject_start(v, first) \
                    and subject_start(v, lead) and not adverbial:  # (وتعقيباً على ذلك، قال: an adverbial)
                named = v.last_comma(first - 1) if first > 0 and v.head_in(first, "titles") else None
                if named == 0 and first - 1 <= APPOSITION and subject_start(v, 0) and not any(
                        v.is_cue(i) or v.norm(i) in v.phrase_stops for i in range(first)):
                    return (0, end) if _checked(v, 0, end) is not None else None  # سعيد الحمداني، الناشط الحقوقي، نفى
                return _checked(v, first, end)
            return None
        end = first
        j = first - 1
    first = j
    while first > 0 and end - first < MAX_SPEAKER:
        if not CLAUSE_MARKS.isdisjoint(v.gap(first)) or _dateline_dash(v, first):
            break  # (ليبيا – دعا وزير: a dateline before a dash is no subject)
        if first < end - 1 and preposition_object(v, first):
            break  # بتصريحات الرئيس: the phrase starts at the preposition's object
        prev = v.bare(first - 1)
        if (v.is_cue(first - 1) or prev in v.words("complementizers") or prev in v.words("relatives")
                or prev in v.words("speaker_stops") or prev in v.words("clause_openers")
                or (prev == "و" and QUOTE_MARKS.isdisjoint(v.gap(first)))):
            break
        first -= 1
    while first < end and (v.norm(first) in v.words("complementizers")
                           or v.norm(first) in v.words("pre_subject_words")):
        first += 1
    fronted = first == 1 or (first > 1 and v.comma_before(first - 1))
    if fronted and (v.bare(first - 1) in v.words("content_prepositions") or v.bare(first - 1) in v.words("topic_prepositions")) \
            and first < end and not v.comma_before(first):
        return None  # وعن اقتراب الفريق من الصدارة قال, وبخصوص الأزمة، قال: a fronted preposition's object is no subject
    return _checked(v, first, end)


def _dateline_dash(v: SentenceView, k: int) -> bool:
    """A dash set off by spaces before token k (الرباط – قال): a dateline's, not a date's
    (2025-11-16); or a colon (القاهرة: نفى مصدر, بما يلي: رحبت): a label, not a subject."""
    gap = v.gap(k)
    return (not DASHES.isdisjoint(gap) and gap != gap.strip()) or ":" in gap


def subject_start(v: SentenceView, first: int) -> bool:
    """Can a subject start at token `first`? Not a preposition, adverb or particle, nor a date stamp
    (2025-11-16, or a page's `date 2025-11-16` left in the text)."""
    word = v.norm(first)
    if word.isdigit() or (word[:1].isdigit() and v.norm(first + 1)[:1].isdigit()):
        return False
    if word.isascii() and word.isalpha() and v.norm(first + 1)[:1].isdigit():
        return False
    if verbal_noun(v, first):
        return False  # وأضاف *إنشاء* نظام …: a verbal noun is what is said, not who says it
    return v.bare(first) not in v.non_subject_leads


def _checked(v: SentenceView, first: int, end: int) -> tuple[int, int] | None:
    """The subject phrase [first, end), started at its head word, or None."""
    if first >= end or not subject_start(v, first):
        return None  # وفي تصريحات للصحفيين قال: an adjunct, not a subject
    around = v.containing_quote(v.starts[first])
    same_quote = around is not None and end < v.n and around[0] < v.starts[end] < around[1]
    if around is not None and len(v.text[around[0]:around[1]].split()) > 4 and not same_quote:
        return None  # «…»، قال: words of a quotation are no subject (a quoted name may be);
        # «الرئيس أكد لنا أن …»: the verb's own subject, inside the same quotation, is
    for h in range(first, end):  # والتقت عنب بلدي *سيدتين* من سكان الحي: start at the head
        if v.head_in(h, "titles", "anonymous_heads", "organization_heads", "media_heads", "other_heads"):
            first = h
            break
    return first, end


def noun_phrase_before_comma(v: SentenceView, k: int) -> tuple[int, int] | None:
    """The phrase before a comma at token k: شبكة "عين" لمراقبة الانتخابات، التي ..."""
    first = k - 1
    while first > 0 and k - first < MAX_SPEAKER and not v.comma_before(first):
        prev = v.norm(first - 1)
        if v.is_cue(first - 1) or prev in v.words("complementizers") or prev in v.words("relatives"):
            break
        if preposition_object(v, first):
            break
        first -= 1
    for h in range(first, k):
        if v.head_in(h, "titles", "anonymous_heads", "organization_heads", "media_heads"):
            return h, k
    return (first, k) if first < k else None


def preposition_object(v: SentenceView, k: int) -> bool:
    """A noun with ب or ل attached (بتصريحات, لوزير, للرئيس): a phrase starts there."""
    word = v.norm(k)
    if len(word) <= 3 or word[0] not in "بل":
        return False
    rest = word[1:]
    return rest.startswith((DEFINITE_ARTICLE, LAM)) or rest in v.words("occasions") or v.head_in(
        k, "titles", "other_heads", "organization_heads", "media_heads")
