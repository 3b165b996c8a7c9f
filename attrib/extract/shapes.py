"""Word shapes that tell a word's part in a clause without a dictionary.

Derived verbal nouns (إنشاء, تشغيل, تعاون) and words marked accusative (أطرافاً) are what
is said or done, never who says it; a plural أفعال (أعضاء, أنصار) governs a genitive.
A nationality adjective before a name, a first name after a title (named_before) and a
complementizer carrying its clause's subject pronoun (إنه) are told by shape too.
Letters are read in their matching form, and the first letter as written where the
hamza tells two shapes apart (إفعال, a verbal noun, and أفعال, a plural).
"""

from __future__ import annotations

from attrib.arabic import (
    ALEF,
    ALEF_HAMZA_ABOVE,
    ALEF_HAMZA_BELOW,
    BEH,
    DEFINITE_ARTICLE,
    FATHATAN,
    LAM,
    TEH,
    TEH_MARBUTA,
    YEH,
    normalize,
)
from attrib.extract.cues import CueMatch, strip_conjunction
from attrib.extract.drafts import Draft
from attrib.extract.outlets import outlet_at, title_link
from attrib.extract.view import COMMA_OR_COLON, POSSESSIVES, SentenceView, plural_subject


def masdar_shaped(word: str, initial: str) -> bool:
    """An indefinite verbal noun of a derived form, by its shape (normalized letters):
    إفعال (إنشاء, إطلاق), تفعيل (تشغيل, تطوير), تفاعل (تعاون, تراجع), تفعّل (تأخر), افتعال (انتهاء),
    استفعال (استخدام), `initial` being its first letter as written. Words of these shapes that name someone (اتحاد, إيران) are
    checked by the caller against the head and name lists."""
    n = len(word)
    if n == 4:  # تفعّل written without its shadda (تأخر, تقدم, تحسن)
        return word[0] == TEH and word[1] != TEH
    if n == 5:  # إفعال is written with إ, the plural أفعال (أنصار, أطباء) with أ
        return (initial == ALEF_HAMZA_BELOW and word[3] == ALEF) or (word[0] == TEH and (word[3] == YEH or word[2] == ALEF))
    if n == 6:
        return word[0] == ALEF and word[4] == ALEF and word[1] != LAM
    if n == 7:
        return word[0] == ALEF and word[2] == TEH and word[5] == ALEF  # استخدام
    return False


def initial_letter(v: SentenceView, k: int, skip: int | None = None) -> str:
    """The first letter of token k as written, past `skip` letters (by default a conjunction:
    وإنشاء), diacritics and tatweel."""
    written = v.texts[k]
    left = (1 if v.bare(k) != v.norm(k) else 0) if skip is None else skip
    i = 0
    while i < len(written) and (left or not normalize(written[i])):
        if normalize(written[i]):
            left -= 1
        i += 1
    return written[i:i + 1]


def broken_plural(v: SentenceView, k: int) -> bool:
    """أعضاء, أنصار, أبناء: the plural أفعال, which takes a genitive (أعضاء المجلس)."""
    bare = v.bare(k)
    return len(bare) == 5 and bare[3] == ALEF and initial_letter(v, k) == ALEF_HAMZA_ABOVE


def for_verbal_noun(v: SentenceView, k: int) -> bool:
    """للإفراج, لتسريع: لـ before a derived verbal noun (its article swallowed in لل)."""
    word = v.norm(k)
    if not word.startswith(LAM) or len(word) < 6:
        return False
    prefix = 2 if word.startswith(LAM + LAM) else 1
    return masdar_shaped(word[prefix:], initial_letter(v, k, skip=prefix))


def accusative(v: SentenceView, k: int) -> bool:
    """أطرافاً, محمداً, and unvowelled أطرافا: a word marked accusative (tanween fatha, or the
    alef it is written with on a plural أفعال) is an object, never a subject."""
    written = v.texts[k]
    if written.endswith((FATHATAN, FATHATAN + ALEF, ALEF + FATHATAN)):
        return True
    bare = v.bare(k)
    if len(bare) == 6 and bare[3] == ALEF and bare[-1] == ALEF and initial_letter(v, k) == ALEF_HAMZA_ABOVE:
        return True
    # انتقادا, تحذيرا: a verbal noun with the alef of the accusative
    return len(bare) > 5 and bare.endswith(ALEF) and masdar_shaped(bare[:-1], initial_letter(v, k))


def verbal_noun(v: SentenceView, k: int) -> bool:
    """إنشاء, تشغيل, تعاون: an indefinite word shaped as a derived verbal noun that names
    nobody we know (not اتحاد, إيران: heads and names)."""
    bare = v.bare(k)
    return masdar_shaped(bare, initial_letter(v, k)) and not v.head_in(k, "titles", "anonymous_heads", "organization_heads", "media_heads",
                                                 "other_heads", "states", "honorifics") \
        and bare not in v.speakers["given_names"] and bare not in v.known_words


def definite_word(v: SentenceView, j: int) -> bool:
    """الطاقة, and والمختص: a word with ال, a conjunction before it or not."""
    return strip_conjunction(v.norm(j))[1].startswith(DEFINITE_ARTICLE)


def named_before(v: SentenceView, first: int, k: int) -> bool:
    """Is a person named in tokens (first, k-1): a first name we know, or the first word without
    ال after a title's word with ال (المرشح *حاتم* الزين)?"""
    return any(v.bare(j) in v.speakers["given_names"] or (
        not definite_word(v, j) and definite_word(v, j - 1) and v.bare(j) == v.norm(j)
        and not v.norm(j).startswith((BEH, LAM)) and not title_link(v, j)  # (المتحدث *باسم* الأمم المتحدة)
        and v.norm(j) not in v.known_words and len(v.norm(j)) > 2 and not v.norm(j)[:1].isdigit())
        for j in range(first + 1, k - 1))


def complementizer_pronoun(v: SentenceView, j: int) -> bool:
    """إنه, أنها, إنهم: a complementizer carrying the subject pronoun of the clause it opens."""
    word = v.norm(j)
    return any(word.endswith(p) and word[:-len(p)] in v.words("complementizers") for p in POSSESSIVES)


def nationality_before_name(v: SentenceView, first: int, end: int) -> bool:
    """البلجيكي ستيفان دوكير: a definite nisba adjective standing before a name, as a title does."""
    word = v.bare(first)
    return (first + 1 < end and word.startswith(DEFINITE_ARTICLE) and word.endswith(YEH) and len(word) > 5
            and not v.norm(first + 1).startswith(DEFINITE_ARTICLE) and not v.norm(first + 1)[:1].isdigit()
            and v.norm(first + 1) not in v.phrase_stops and not v.is_cue(first + 1)
            and COMMA_OR_COLON.isdisjoint(v.gap(first + 1)))


EXAMPLE_REACH = 4  # words back from a list's member to the word introducing the examples


def in_example_list(v: SentenceView, k: int) -> bool:
    """دولاً مثل فرنسا *والمملكة المتحدة*: is token k a member of examples introduced by مثل
    (example_markers) a few words before, with no comma between? Then it is no subject of its own."""
    for j in range(k - 1, max(k - 1 - EXAMPLE_REACH, -1), -1):
        if not COMMA_OR_COLON.isdisjoint(v.gap(j + 1)):
            return False
        if v.bare(j) in v.words("example_markers"):
            return True
    return False


APPOSITION = 5  # words between two commas that can rename the speaker (، غسان الحلبي،)


def apposition_end(v: SentenceView, k: int, limit: int) -> int | None:
    """After a comma at token k: the end of a short appositive (، غسان الحلبي،), or None."""
    if v.norm(k) in v.words("content_prepositions") or v.norm(k) in v.words("speaker_stops") \
            or v.norm(k) in v.words("occasion_prepositions") or v.norm(k) in v.words("what_pronouns"):
        return None  # ، في التصريح ذاته،, ، ضمن تصريح لـ،, ، وهو لاجئ،: an adjunct or a clause, no second name
    if outlet_at(v, k):
        return None  # ، لـ«سكاي نيوز عربية»: the outlet spoken to
    end = k
    while end < limit and end - k <= APPOSITION:
        if end > k and not COMMA_OR_COLON.isdisjoint(v.gap(end)):
            break
        if v.is_cue(end) or v.norm(end) in v.words("complementizers") or v.norm(end) in v.words("relatives"):
            break
        if v.norm(end) in v.words("speaker_stops") and v.norm(end) not in v.speakers["honorifics"]:
            if end - k >= 2 and _adjunct_to_comma(v, end, limit):
                return end  # ، ريم الساعدي *خلال جولة ميدانية*، أن: the name, then when or where
            return None
        end += 1
    if end == k or end - k > APPOSITION or end >= limit:
        return None  # an apposition is closed by a comma or the content, not the sentence end
    closing = v.gap(end) if end < v.n else ""
    if end < v.n and not (not COMMA_OR_COLON.isdisjoint(closing)
                             or v.norm(end) in v.words("complementizers")):
        return None
    if not (v.head_in(k, "titles") or v.head_in(k, "honorifics") or not v.bare(k).startswith(DEFINITE_ARTICLE)
            or end - k <= 3):
        return None
    return end


ADJUNCT_WORDS = 5  # words of a time or an occasion after an apposed name, up to its comma


def _adjunct_to_comma(v: SentenceView, k: int, limit: int) -> bool:
    """Do the words from token k run, as an adjunct with no report in it, to a comma then what
    was said (a complementizer or a colon)?"""
    for j in range(k + 1, min(limit, k + ADJUNCT_WORDS + 1)):
        if v.comma_before(j):
            return j < v.n and (v.norm(j) in v.words("complementizers") or ":" in v.gap(j))
        if v.is_cue(j) or v.norm(j) in v.words("complementizers"):
            return False
    return False


def in_relative_clause(v: SentenceView, draft: Draft) -> bool:
    """Is the claim's cue the verb of a relative clause (النائب الذي اتهمه)?"""
    cue = draft.cue
    return cue.first > 0 and strip_conjunction(cue.sentence.norms[cue.first - 1])[1] in v.words("relatives")


def perfect_gender(word: str, lemma: str) -> str | None:
    """"m" or "f" when `word` (bare, normalized) is the third person singular past of `lemma`
    (أضاف, أضافت; أعطى, أعطت), else None."""
    base = normalize(lemma)
    return "m" if word == base else "f" if word in (base + TEH, base[:-1] + TEH) else None


def past_gender(cue: CueMatch) -> str | None:
    """"m" or "f" for a past-tense verb cue of the third person singular (أضاف, أضافت), read
    from its own sentence; else None."""
    if cue.kind != "verb" or cue.form.tense != "perfect" or cue.form.relay is not None:
        return None
    return perfect_gender(strip_conjunction(cue.sentence.norms[cue.first])[1], cue.form.lemma)


def cue_gender(v: SentenceView, cue: CueMatch) -> str | None:
    """"f" or "m" when a singular cue shows its subject's gender (أعلنت/أعلن, تؤكد/يؤكد,
    مؤكدة/مؤكداً), else None (a dual, a plural, an object pronoun, a frame)."""
    if cue.form.relay is not None or (cue.first > 0 and strip_conjunction(v.norm(cue.first - 1))[1] in v.words("relatives")):
        return None  # نقلت الوكالة عن الوزير, بتصريحاته التي أكدت: the verb agrees with another noun
    word = v.bare(cue.first)
    if cue.kind == "participle":
        return "f" if word.endswith(TEH_MARBUTA) else "m" if word.endswith(ALEF) else None
    if cue.kind != "verb":
        return None
    if cue.form.tense == "perfect":
        return perfect_gender(word, cue.form.lemma)
    if cue.form.tense in ("imperfect", "future"):
        body = word[1:] if cue.form.tense == "future" else word  # سيعلن: the future's س
        if plural_subject(body, cue.form.tense):
            return None
        return "m" if body[:1] == YEH else "f" if body[:1] == TEH else None
    return None
