"""Outlets and names in a sentence: لوكالة X, في حديث لقناة س, a reporter's outlet, a quoted name.

Functions over a SentenceView (view.py); token ranges are [first, end).
"""

from __future__ import annotations

from attrib.arabic import ALEF, BEH, DEFINITE_ARTICLE, LAM, TEH_MARBUTA
from attrib.extract.cues import lookup, strip_conjunction
from attrib.extract.view import (
    CLAUSE_MARKS,
    COMMA_OR_COLON,
    COMMAS,
    POSSESSIVES,
    QUOTE_MARKS,
    QUOTES,
    SENTENCE_MARKS,
    SentenceView,
    adjective_shaped,
    clitic_length,
)

# A reporter "of" an outlet: the outlet is a genitive in the speaker's phrase, and the source.
QUOTED_NAME_WORDS = 4  # a quotation this short after a speaker's first word may be its name (شركة «نور الشام»)
OCCASION_REACH = 16  # words from a statement noun to the outlet it names


def outlet_at(v: SentenceView, k: int) -> tuple[int, int, int] | None:
    """An outlet introduced by لـ at token k (لوكالة X, لـ«سكاي نيوز», لعنب بلدي).

    Returns (start offset, first token, end token) of the outlet's name, the
    offset skipping the attached ل.
    """
    if k >= v.n:
        return None
    word = v.norm(k)
    if word == LAM and k + 1 < v.n:  # a detached لـ
        if outlet_like(v, k + 1) or not QUOTE_MARKS.isdisjoint(v.gap(k + 1)):
            end = outlet_end(v, k + 1)
            return name_start(v, k + 1), k + 1, end
        return None
    if word.startswith(LAM) and len(word) > 2:
        rest = DEFINITE_ARTICLE + word[2:] if word.startswith("لل") else word[1:]  # للوكالة = لـ + الوكالة
        if rest in v.speakers["reporters"] and k + 1 < v.n and (
                outlet_like(v, k + 1) or not QUOTE_MARKS.isdisjoint(v.gap(k + 1))):
            end = outlet_end(v, k + 1)  # لمراسلة "غز تايم": the reporter's outlet
            return name_start(v, k + 1), k + 1, end
        if rest in v.speakers["media_heads"] or _outlet_phrase(v, k, rest):
            end = outlet_end(v, k)
            return v.starts[k] + clitic_length(v.texts[k]), k, end
        ending = media_name_end(v, k)
        if ending is not None:  # لنورث برس: a name ending as outlets' names do
            return v.starts[k] + clitic_length(v.texts[k]), k, ending
    return None


def media_name_end(v: SentenceView, k: int) -> int | None:
    """The end token of a name of one or two words from token k closed by an outlet's last
    word (نورث برس, شفق نيوز), or None."""
    endings = v.speakers["media_name_endings"]
    if v.norm(k).startswith(DEFINITE_ARTICLE):
        return None  # (الوزير لسكاي نيوز: a definite word starts no such name)
    for j in range(k + 1, min(k + 3, v.n)):
        if not COMMA_OR_COLON.isdisjoint(v.gap(j)) or v.norm(j)[:1].isdigit():
            return None
        if j > k + 1 and v.norm(j - 1)[:1] == LAM and outlet_at(v, j - 1) is not None:
            return None  # (مسؤول لسكاي نيوز: the outlet spoken to starts there)
        if v.norm(j) in endings:
            return j + 1
    return None


def outlet_near(v: SentenceView, k: int) -> tuple[int, int, int] | None:
    """An outlet at token k: لوكالة X, or عبر/على + a channel (والمذاع عبر فضائية "النهار")."""
    found = outlet_at(v, k)
    if found is None and v.bare(k) in v.words("channel_prepositions") and k + 1 < v.n \
            and outlet_like(v, k + 1):
        end = outlet_end(v, k + 1)
        return name_start(v, k + 1), k + 1, end
    return found


def is_occasion(v: SentenceView, k: int) -> bool:
    """بيان, تصريح, حديثه, مقابلتها: a statement noun, with or without a possessive pronoun."""
    word = v.bare(k)
    occasions = v.words("occasions")
    if word in occasions or (word.startswith(DEFINITE_ARTICLE) and word[2:] in occasions):
        return True
    for suffix in POSSESSIVES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[:-len(suffix)]
            if stem in occasions or (stem.endswith("ت") and stem[:-1] + "ة" in occasions):
                return True
    return False


def occasion_outlet(v: SentenceView, k: int) -> tuple[int, int] | None:
    """The outlet the statement noun at token k went to or through, as offsets (see occasion_phrase)."""
    return occasion_phrase(v, k)[1]


def trailing_outlet(v: SentenceView, k: int) -> tuple[int, int] | None:
    """…، في تصريح لإذاعة س: the outlet of the occasion set off by a comma at token k (a
    preposition, then a statement noun), when one is named; None otherwise. With no comma,
    the occasion must close the sentence and follow no cue (إن الأسعار مستقرة في تصريح لإذاعة س.)."""
    if not (0 < k < v.n - 2 and is_occasion(v, k + 1)) or v.inside(v.starts[k]):
        return None
    end, outlet = occasion_phrase(v, k + 1)
    if v.comma_before(k) or outlet is None:
        return outlet
    closes = end >= v.n or not COMMA_OR_COLON.isdisjoint(v.gap(end)) or not SENTENCE_MARKS.isdisjoint(v.gap(end))
    return outlet if closes and not v.is_cue(k - 1) and not (k > 1 and v.is_cue(k - 2)) else None


def occasion_phrase(v: SentenceView, k: int) -> tuple[int, tuple[int, int] | None]:
    """Where the phrase of the statement noun at token k ends, and the outlet it names.

    في حديث لقناة س / في تصريح خاص لصدى البلد / في مداخلة مع برنامج "ع" عبر
    شاشة ص / لبرنامج "ع" الذي تبثه "ص" / في تصريح نقلته وكالة س: the phrase runs
    to the first comma, colon or complementizer. A channel named there wins over
    a programme; a programme named alone is the source (ANNOTATION.md R2).
    """
    links = v.words("outlet_links")
    broadcasters = v.words("broadcasters")
    channel: tuple[int, int] | None = None
    programme: tuple[int, int] | None = None
    if v.head_in(k, "programme_heads") and k + 1 < v.n and not QUOTE_MARKS.isdisjoint(v.gap(k + 1)):
        end = outlet_end(v, k + 1)  # لدى حضوره في برنامج "هنا تونس": the programme, named alone
        programme = (name_start(v, k) if v.norm(k)[:1] != LAM else v.starts[k], v.span_end(end - 1))
    j = k + 1
    limit = min(v.n, k + OCCASION_REACH)
    while j < limit:
        gap = v.gap(j)
        if not SENTENCE_MARKS.isdisjoint(gap) or (not COMMAS.isdisjoint(gap) and not v.inside(v.starts[j]) and not (
                programme is not None and channel is None and v.norm(j) in links and j + 1 < limit and outlet_like(v, j + 1))):
            break  # (مع برنامج صباح الخير، على قناة النيل،: the programme's channel, set off by commas)
        word = v.norm(j)
        broadcaster = v.bare(j) in broadcasters or strip_conjunction(word)[1] in broadcasters
        if word in v.words("complementizers") or (j in v.cue_tokens and not broadcaster):
            break
        if opens_long_quote(v, j) and not v.head_in(j - 1, "programme_heads"):
            break  # وتابع خلال كلمته في الحفل "…": the quotation is what was said
        first = None
        if broadcaster:
            nxt = j + 1
            while nxt < limit and (v.norm(nxt) in v.words("broadcast_links") or v.norm(nxt) in v.words("relatives")):
                nxt += 1
            if nxt < limit and (outlet_like(v, nxt) or not QUOTE_MARKS.isdisjoint(v.gap(nxt))):
                first = nxt
        elif word in links and j + 1 < limit and (
                outlet_like(v, j + 1) or v.head_in(j + 1, "programme_heads")
                or not QUOTE_MARKS.isdisjoint(v.gap(j + 1))):
            first = j + 1
        elif (found := outlet_at(v, j)) is not None:
            first = found[1]
        elif word.startswith(LAM) and len(word) > 3 and v.head_in(j, "programme_heads"):
            first = j  # لبرنامج "بصراحة"
        elif word.startswith(BEH) and len(word) > 3 and word[1:] in v.speakers["media_heads"]:
            first = j  # في اتصال بوكالة الأنباء: the outlet called
        elif j <= k + 2 and _listener_name(v, j, k):
            first = j  # في تصريح خاص لصدى البلد: the name it was given to
        if first is None:
            j += 1
            continue
        end = outlet_end(v, first)
        if end <= first:
            end = first + 1
        if v.bare(first) in v.speakers["platforms"] or (
                not broadcaster and f"{v.bare(first)} {v.norm(first + 1)}" in v.words("generic_media")):
            j = max(end, j + 1)
            continue  # في "تلغرام", على منصة إكس: the speaker's own channel; وزعه على وسائل الإعلام: all of them
        start = name_start(v, first) if first != j or not word.startswith((LAM, BEH)) else \
            v.starts[j] + clitic_length(v.texts[j])
        span = (start, v.span_end(end - 1))
        if v.bare(end) in v.words("own_outlet_markers"):
            j = max(end, j + 1)
            continue  # وكالة "أعماق" التابعة له: the speaker's own channel
        if v.head_in(first, "programme_heads") or (first == j and _listener_name(v, j, k)
                                                       and not outlet_like(v, j)):
            programme = programme or span
        else:
            channel = span
        j = max(end, j + 1)
    return j, channel or programme


def _listener_name(v: SentenceView, j: int, k: int) -> bool:
    """لـ وهلق شو, خاص لصدى البلد, في تصريح لموزاييك أن: a name after لـ (not the definite
    للصحفيين), right after the statement noun at token k.

    لـ written apart says so; joined to a word it may be the word's own first letter
    (منشور لاحق), so then only after خاص/خاصة, or as a word no rule knows, not shaped as an
    adjective, closing the clause right after a statement given to a medium (not في حوار
    لبناني لبناني: an adjective; nor في حديثه لرئيس الوزراء: a person addressed)."""
    word = v.norm(j)
    if word == LAM:
        nxt = v.norm(j + 1)
        return bool(nxt) and not nxt.startswith(DEFINITE_ARTICLE) and nxt not in v.phrase_stops and not nxt[:1].isdigit()
    if not (word.startswith(LAM) and not word.startswith("لل") and len(word) > 3
            and word[1:] not in v.known_words and lookup(word[1:], v.p) is None):
        return False
    if v.bare(j - 1) in v.words("exclusive_statements"):
        return True
    if word[1] == ALEF and (len(word) == 4 or (len(word) == 5 and word.endswith(TEH_MARBUTA))):
        return False  # تصريح لافت, في حديث لاحق: an adjective of the pattern فاعل whose root starts with ل
    closed = j + 1 >= v.n or not CLAUSE_MARKS.isdisjoint(v.gap(j + 1)) or not QUOTE_MARKS.isdisjoint(v.gap(j + 1)) \
        or v.norm(j + 1) in v.words("complementizers") or v.is_cue(j + 1)
    return j == k + 1 and closed and v.bare(k) in v.words("interview_occasions")


def name_start(v: SentenceView, k: int) -> int:
    """Start of the name at token k, including an opening quotation mark."""
    gap = v.gap(k)
    start = v.starts[k]
    if gap and gap[-1] in QUOTES:
        return start - 1
    return start


def _known_name_end(v: SentenceView, j: int) -> int | None:
    """The end token of the longest known outlet name of several words starting at token j
    (its first word maybe with لـ attached), if one does."""
    if j >= v.n:
        return None
    first = v.norm(j)
    names = v.outlets_by_first.get(first) or v.outlets_by_first.get(first[1:] if first[:1] == LAM else first)
    if not names:
        return None
    rest = [v.norm(i) for i in range(j + 1, min(j + 6, v.n))]
    found = [len(name) for name in names if len(name) > 1 and tuple(rest[:len(name) - 1]) == name[1:]]
    return j + max(found) if found else None


def _outlet_phrase(v: SentenceView, k: int, first: str) -> bool:
    if first not in v.outlets_by_first:
        return False  # the common case: no outlet's name starts with this word
    words = [first] + [v.norm(j) for j in range(k + 1, min(k + 4, v.n))]
    return v.p.outlet_prefix(words)


def reporter_outlet(v: SentenceView, first: int, end: int) -> tuple[int, int] | None:
    """The outlet of a reporter inside a speaker phrase: مراسل *عنب بلدي* في المنطقة."""
    for j in range(first, end - 1):
        if v.bare(j) in v.speakers["reporters"] and (outlet_like(v, j + 1) or not QUOTE_MARKS.isdisjoint(v.gap(j + 1))):
            last = min(outlet_end(v, j + 1), end)
            return name_start(v, j + 1), v.span_end(last - 1)
    return None


def named_outlet(v: SentenceView, k: int) -> bool:
    """An outlet by name (رويترز) or by an indefinite head (وكالة, قناة), not الإعلام in a name."""
    word = v.norm(k)
    if word.startswith(DEFINITE_ARTICLE):
        # العربية, الحدث, الغد: outlets whose names are common words count only when quoted
        return not QUOTE_MARKS.isdisjoint(v.gap(k)) and _outlet_phrase(v, k, word)
    return _outlet_phrase(v, k, word) or v.head_in(k, "media_heads")


def outlet_like(v: SentenceView, k: int) -> bool:
    return v.head_in(k, "media_heads") or _outlet_phrase(v, k, v.norm(k)) or media_name_end(v, k) is not None


def outlet_end(v: SentenceView, k: int) -> int:
    """End token of an outlet name starting at k: up to punctuation or a function word.

    A quoted name (لـ"سي إن بي سي") runs to its closing mark, whatever its words.
    """
    gap_start = v.ends[k - 1] if k else v.s.start
    quote = v.quote_opening(gap_start, v.starts[k])
    if quote is not None and quote[1] > v.starts[k]:  # an empty «» before k quotes no name
        b = quote[1]
        end = k
        while end < v.n and v.starts[end] < b:
            end += 1
        while end < v.n and v.gap(end).strip() in ("", v.text[b]) and end - k < 7 and not (
                v.norm(end) in v.words("complementizers") or v.is_cue(end)
                or v.norm(end) in v.words("speaker_stops")) and v.norm(end)[:2] == DEFINITE_ARTICLE:
            end += 1  # قناة "الإخبارية" السورية: an adjective after the name
        return end
    after = v.quote_opening(v.ends[k], v.starts[k + 1]) if k + 1 < v.n else None
    if after is not None:  # لقناة "المملكة": the head word, then the quoted name
        end = k + 1
        while end < v.n and v.starts[end] < after[1]:
            end += 1
        return end
    end = k + 1
    for j in (k, k + 1):  # لسي إن إن, لشبكة سي إن إن: a known name whose words the rules below would stop at
        known = _known_name_end(v, j)
        if known is not None:
            return known
    stops = v.phrase_stops
    while end < v.n and end - k < 7:
        gap = v.gap(end)
        if not CLAUSE_MARKS.isdisjoint(gap) or (gap.strip() and gap.strip()[0] in "«“" and end > k + 1) \
                or (gap.strip() and gap.strip()[0] in "»”\""):
            break
        word = v.norm(end)
        if word in stops or v.is_cue(end) or word in v.words("outlet_name_breaks") or word in v.words("relatives"):
            break
        if end > k + 1 and adjective_shaped(v.norm(end - 1)) and v.norm(end - 1).startswith(DEFINITE_ARTICLE) \
                and not word.startswith(DEFINITE_ARTICLE) and not v.texts[end].isascii() and word not in v.outlets_by_first \
                and "(" not in gap:  # (وكالة الأنباء اليمنية *(سبأ)*: its short name)
            break  # إذاعة مونت كارلو الفرنسية *تصريحات* نظيرته: an indefinite noun after the adjective is the object
        construct = not v.norm(end - 1).startswith(DEFINITE_ARTICLE) and not v.texts[end - 1].isascii() \
            and v.norm(end - 1) not in v.speakers["outlets"]  # قناة نور *الشام*: a genitive completes the name
        if end > k + 1 and v.norm(end).startswith(DEFINITE_ARTICLE) and not adjective_shaped(v.norm(end)) and not construct:
            break  # إذاعة TSF البرتغالية *الاتهامات*: a definite noun after the name is the object
        end += 1
    return end


def quoted_name_at(v: SentenceView, k: int) -> bool:
    """اتهم "تجمع أحرار الجبل" جهات …: a short quotation opening at token k whose first word
    heads a body, an outlet or a title is a name (a subject), not a quoted statement."""
    if k >= v.n or ":" in v.gap(k):
        return False
    quote = v.quote_opening(v.ends[k - 1] if k else v.s.start, v.starts[k])
    if quote is None or len(v.text[quote[0] + 1:quote[1]].split()) > QUOTED_NAME_WORDS or quote[1] >= v.s.end - 2:
        return False
    if v.head_in(k, "organization_heads", "media_heads", "titles", "anonymous_heads"):
        return True
    after = v.token_index(quote[1] + 1)  # وقالت "العربية" إن …: a complementizer after it, so a name before
    return after < v.n and v.norm(after) in v.words("complementizers") and COMMA_OR_COLON.isdisjoint(v.gap(after))


def opens_long_quote(v: SentenceView, k: int) -> bool:
    """Does a quotation that is no name open right before token k? A name is short and follows
    a word that names (شركة «نور الشام», برنامج "صباح الخير"); after a person it is what was said."""
    if QUOTE_MARKS.isdisjoint(v.gap(k)):
        return False
    words = quotation_words(v, k)
    if words is None:
        return False
    if words > QUOTED_NAME_WORDS:
        return True
    return not v.head_in(k - 1, "organization_heads", "media_heads", "programme_heads", "other_heads",
                            "anonymous_heads") and not title_link(v, k) and not title_link(v, k - 1) \
        and v.bare(k - 1) not in v.speakers["reporters"]  # (مراسل «الجزيرة»: his outlet's name)


def quotation_words(v: SentenceView, k: int) -> int | None:
    """The words of the quotation opening right before token k, or None when none opens there."""
    quote = v.quote_opening(v.ends[k - 1] if k else v.s.start, v.starts[k])
    return None if quote is None else len(v.text[quote[0] + 1:quote[1]].split())


def name_not_stop(v: SentenceView, k: int) -> bool:
    """علي the name is not على the preposition: the two differ only in the final letter,
    which normalization folds (ى → ي), so read it from the text as written. صباح the name is
    not صباح "morning" after a title or a first name, unless a time follows (صباح اليوم)."""
    word = v.norm(k)
    if word == "علي":
        return v.texts[k].endswith("ي")
    if k == 0 or word not in v.speakers["given_names"] or not COMMAS.isdisjoint(v.gap(k)):
        return False
    after = v.norm(k + 1) if k + 1 < v.n else ""
    return (v.head_in(k - 1, "titles", "honorifics") or v.norm(k - 1) in v.speakers["given_names"]
            or (k > 1 and v.norm(k - 1).startswith(DEFINITE_ARTICLE) and v.head_in(k - 2, "titles"))) \
        and after not in v.p.times and after not in v.words("time_nouns") and not after[:1].isdigit()


def title_link(v: SentenceView, k: int) -> bool:
    """النائب عن محافظة البصرة, المتحدث باسم الوزارة: the preposition belongs to the title."""
    if not k:
        return False
    links = v.p.grammar["title_links"]
    pair = f"{v.bare(k - 1)} {v.norm(k)}"
    triple = f"{v.bare(k - 2)} {v.norm(k - 1)} {v.norm(k)}" if k > 1 else ""
    return pair in links or triple in links
