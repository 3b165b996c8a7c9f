"""Where a noun phrase ends: a definite head and its adjectives, and the word that opens a
new phrase (the object after the subject: وتنكر الحكومة *وجود* …, طالب النائب *الوزير*).

Functions over a SentenceView (view.py); token indices.
"""

from __future__ import annotations

from attrib.arabic import (
    ALEF,
    BEH,
    CONJUNCTION_LETTERS,
    DEFINITE_ARTICLE,
    FATHATAN,
    LAM,
    NOON,
    TEH_MARBUTA,
    YEH,
)
from attrib.extract.outlets import is_occasion
from attrib.extract.shapes import broken_plural, named_before, nationality_before_name, verbal_noun
from attrib.extract.view import (
    CLOSING_PAIRS,
    COMMA_OR_COLON,
    QUOTE_MARKS,
    QUOTE_OR_PAREN,
    SentenceView,
    adjective_shaped,
)

OBLIQUE_PLURAL = YEH + NOON  # المستثمرين: a plural no nominative subject takes
NISBA_PLURAL = YEH + YEH + NOON  # (المصريين: a nisba, also an adjective)
TANWEEN = (FATHATAN, FATHATAN + ALEF, "\u064c", "\u064d")  # ً اً ٌ ٍ: an indefinite noun's ending


def head_with_adjectives(v: SentenceView, k: int, limit: int | None = None) -> int:
    """End of a definite head word and the definite adjectives after it (النائب, المدير الفني),
    at most up to token `limit`."""
    end = k + 1
    while end < min(v.n, limit if limit is not None else v.n) and v.norm(end).startswith(DEFINITE_ARTICLE) and (
            adjective_shaped(v.norm(end)) or v.norm(end) in v.words("short_adjectives")) \
            and COMMA_OR_COLON.isdisjoint(v.gap(end)):
        end += 1
    return end


def new_head(v: SentenceView, k: int, first: int | None = None) -> bool:
    """Does the object start at token k, the subject phrase from `first` being complete?

    Arabic noun phrases have a shape: a head, its genitives, then adjectives
    agreeing in definiteness. So after a definite word an indefinite one, or
    a definite word that is no adjective, starts a new phrase; and a plural
    in ـون/ـين is never a construct head, so nothing after it is its genitive.
    (وتنكر الحكومة *وجود* …, صنّف البنك الدولي *الأزمة* …, ينتقد معارضون *أداء* …)
    """
    word = v.norm(k)
    if word[:1] in "بل" and len(word) > 3:
        return False  # لحزب, بحكومة: a genitive or a prepositional phrase goes on
    prev = v.norm(k - 1)
    if word in v.words("emphatic_pronouns") or (len(prev) >= 3 and k - 1 == first and any(
            e.startswith(prev) and len(e) - len(prev) <= 2 for e in v.words("emphatic_pronouns"))):
        return False  # المصدر *ذاته*, *ذات* المصدر: the same source
    particles = v.speakers["name_particles"]
    if first is not None and k > first and v.bare(k) in v.words("content_nouns") and not v.inside(v.starts[k]) \
            and prev.startswith(DEFINITE_ARTICLE):
        return True  # ونفى مدير المستشفى *وجود* نقص: "the existence of", the object
    if first is not None and k > first and word.startswith(DEFINITE_ARTICLE) and prev.startswith(DEFINITE_ARTICLE) \
            and v.head_in(k, "titles") and v.head_in(k - 1, "titles") and not word.endswith(v.p.endings("nisba_endings")):
        return True  # وطالب النائب *الوزير* بالاستقالة: a definite title takes no title in apposition; the object
    if first is not None and k > first and word.startswith(DEFINITE_ARTICLE) and word[2:] in v.p.noun_forms:
        return True  # ونفت الشركة *المزاعم*: a reporting noun is what was denied, no part of the subject
    if first is not None and k > first and prev.startswith(DEFINITE_ARTICLE) and not word.startswith(DEFINITE_ARTICLE) \
            and v.head_in(k, "other_heads"):
        return True  # وكشفت الصحيفة *وثائق*: a definite noun takes no genitive, and a document is no name
    given = v.speakers["given_names"]
    if word in particles or prev in particles or word in given or (
            prev in given and prev.startswith(DEFINITE_ARTICLE) and k - 1 == first):
        return False  # ناصر بن سعد *آل* حمد, الحبيب *الصيد*: the name goes on
    if first is not None and k - 2 >= first and v.norm(k - 2) in given and (
            verbal_noun(v, k) or v.bare(k) in v.words("content_nouns")):
        return True  # ونفى الطاهر بوزيد *وجود* …: a first name and a family name, then the object
    if first is not None and k - 1 == first and prev in v.speakers["states"] and (
            not word.startswith(DEFINITE_ARTICLE) or not word.endswith(v.p.endings("nisba_endings"))) \
            and v.norm(k + 1) not in v.words("complementizers"):
        # نفت الرباط *الحادث*, وأكدت تونس *دعمها*: a state's name takes no genitive; the object
        # (not القاهرة الرسمية)
        return True
    if first is not None and v.head_in(k, "honorifics") and k + 1 < v.n and COMMA_OR_COLON.isdisjoint(v.gap(k + 1)) \
            and (v.head_in(k + 1, "honorifics") or not v.norm(k + 1).startswith(DEFINITE_ARTICLE)) \
            and v.norm(k + 1) not in v.phrase_stops and not v.is_cue(k + 1):
        return False  # وزير الدفاع *الفريق* الركن سالم الكعبي: a rank before the name goes on
    if first is not None and word[:1] == "و" and v.head_in(first, "titles", "honorifics") \
            and v.head_in(k, "titles"):
        return False  # عضو إدارة النادي *وأمين* الصندوق ماهر الشلبي: two titles of one person
    if first is not None and k > first and v.norm(k - 1).startswith(DEFINITE_ARTICLE) \
            and not word.startswith(DEFINITE_ARTICLE) and is_occasion(v, k):
        return True  # ورفضت النقابة *تصريحات* الوزير: a statement noun after a definite word, the object
    if first is not None and k > first and verbal_noun(v, k) and (
            v.norm(k - 1).startswith(DEFINITE_ARTICLE) or (
                v.bare(k - 1) not in v.known_words and not v.norm(k - 1).startswith((BEH, LAM))
                and not verbal_noun(v, k - 1))):
        # انتقدت الناقدة سعاد جاسم *افتتاح* المهرجان: after a name or a definite word (which
        # takes no genitive) a verbal noun opens the object (not حكومة *تصريف* الأعمال)
        return True
    gap = v.gap(k)
    if gap.strip()[:1] in CLOSING_PAIRS and v.inside(v.ends[k - 1] - 1) and not v.inside(v.starts[k]):
        # اتهم "تجمع أحرار الجبل" *جهات*: after a quoted name only an adjective goes on
        return not (word.startswith(DEFINITE_ARTICLE) and adjective_shaped(word))
    if first is not None and k > first and v.texts[k].endswith(TANWEEN):
        return True  # استقبل المحافظ *وفداً*: a word with tanween is no name, but the object
    if first is not None and k == first + 1 and nationality_before_name(v, first, k + 1):
        return False  # البلجيكي *ستيفان*: the name the nisba qualifies
    if first is not None and k - 1 > first and word.startswith(DEFINITE_ARTICLE) and not prev.startswith(DEFINITE_ARTICLE) \
            and not v.norm(k - 2).startswith(DEFINITE_ARTICLE) and prev.endswith(v.p.endings("nisba_endings")) \
            and len(prev) > 3 and prev not in v.known_words and prev not in v.speakers["given_names"] and v.head_in(first, "anonymous_heads", "organization_heads"):
        return True  # نفى مصدر أمني *الأخبار*: no genitive after an indefinite adjective, so the object
    titled = first is not None and (v.head_in(first, "titles") or v.head_in(first, "honorifics"))
    if titled and first is not None and k - 1 > first and word[:1] in CONJUNCTION_LETTERS and word[1:].startswith(DEFINITE_ARTICLE) and prev.startswith(DEFINITE_ARTICLE):
        return False  # وزير الصحة *والسكان*: a title's genitives joined by و
    quoted = not QUOTE_OR_PAREN.isdisjoint(v.gap(k))  # (واع), «…»: a name set off
    if not titled and not quoted and not v.head_in(k, "titles") and not v.head_in(k, "honorifics"):
        content_word = word not in v.known_words and len(word) > 2
        if prev.startswith(DEFINITE_ARTICLE) and not word.startswith(DEFINITE_ARTICLE) and not word[:1].isdigit() and content_word:
            return True
        agreeing = prev.endswith(TEH_MARBUTA) and word.endswith(TEH_MARBUTA)  # النيابة العامة: noun and adjective
        if prev.startswith(DEFINITE_ARTICLE) and word.startswith(DEFINITE_ARTICLE) and not adjective_shaped(word) and not agreeing \
                and word not in v.words("short_adjectives"):  # مصالح الوزير *الأول*
            return True
        if not prev.startswith(DEFINITE_ARTICLE) and k - 1 != first and prev.endswith(("ون", "ين")):
            return True
        if k - 1 == first and len(prev) > 4 and prev.endswith(v.p.endings("people_plural_endings")) \
                and word not in v.memos.words_of(("content_prepositions", "linking_prepositions")):
            return True  # يؤكد فيه *اقتصاديون* جذور …: a plural in ـون takes no genitive (not حسين: ـين)
        if not prev.startswith(DEFINITE_ARTICLE) and prev not in v.known_words and not broken_plural(v, k - 1) \
                and not (first is not None and k - 1 > first and prev.endswith(v.p.endings("nisba_endings"))) \
                and v.head_in(k, "organization_heads", "anonymous_heads", "media_heads"):
            return True  # سيبلغ يلدز *لجنة* الصناعة: a name, then another body (أعضاء *المجلس*: a genitive)
    if prev.startswith(DEFINITE_ARTICLE) and not word.startswith(DEFINITE_ARTICLE) and (
            word.endswith(("ها", "هم")) or (word.endswith("ه") and len(word) > 4 and not word.endswith(v.p.endings("name_endings"))
                                            and word not in v.speakers["given_names"])):
        return True  # رفضت الوزارة *تحميلها* المسؤولية, أبدى المدير الفني *استياءه*: the object
    if titled and first is not None and v.norm(first).startswith(DEFINITE_ARTICLE) \
            and head_with_adjectives(v, first, k) == k \
            and word.startswith(DEFINITE_ARTICLE) \
            and not v.head_in(k, "titles", "honorifics", "organization_heads", "media_heads") \
            and word not in v.words("short_adjectives") and (not adjective_shaped(word) or (
                word.endswith(v.p.endings("plural_endings")) and not prev.endswith(v.p.endings("plural_endings")))):
        return True  # وقدّر الخبير *الخسائر*, وشكرت الوزيرة *المتطوعين*: a definite title takes no genitive; the object
    if titled and first is not None and word.startswith(DEFINITE_ARTICLE) and not adjective_shaped(word) \
            and not v.head_in(k, "titles", "organization_heads", "media_heads") and not v.head_in(k - 1, "titles") \
            and any(v.norm(j) in v.speakers["given_names"] for j in range(first + 1, k - 1)) \
            or (titled and first is not None and word.startswith(DEFINITE_ARTICLE) and word.endswith(OBLIQUE_PLURAL)
                and not word.endswith(NISBA_PLURAL) and not prev.endswith(OBLIQUE_PLURAL)
                and named_before(v, first, k)):
        # طمأن رئيس الاتحاد حسن الجبوري *الجماهير*: after the name, the object (not نائب رئيس *الدولة*)
        return True
    if titled and first is not None and prev.startswith(DEFINITE_ARTICLE) and not word.startswith(DEFINITE_ARTICLE) \
            and word not in v.speakers["given_names"] and word not in v.speakers["name_particles"] \
            and not word[:1].isdigit() and word not in v.known_words and named_before(v, first, k):
        return True  # انتقد وزير التجارة يوسف البدري *غلاء* الأسعار: after the full name, the object
    if prev.startswith(DEFINITE_ARTICLE) and not word.startswith(DEFINITE_ARTICLE) and v.head_in(k, "titles"):
        return True  # هاجم زعيم المعارضة *رئيس* الحكومة: a new phrase, the object
    if not prev.startswith(DEFINITE_ARTICLE) and QUOTE_MARKS.isdisjoint(v.gap(k)):
        return False  # after a construct head (نقابة) the next noun is its genitive
    return v.head_in(k, "organization_heads", "anonymous_heads", "media_heads")
