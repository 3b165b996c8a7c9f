"""Noun phrases around a cue: the speaker, the outlet, and what they are.

A sentence is a list of tokens; the punctuation between two tokens is read
from the text (the "gap"). Phrases are token ranges [first, end).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from attrib.arabic import normalize
from attrib.extract.cues import lookup, strip_conjunction
from attrib.extract.segment import Sentence
from attrib.lexicon.patterns import Patterns

MAX_SPEAKER = 12
APPOSITION = 5  # words between two commas that can rename the speaker (، غسان الحلبي،)
QUOTES = "«»“”\"'‹›„"
# Sets of marks, for testing the gap between two tokens in one C call (gap.isdisjoint).
QUOTE_MARKS = frozenset(QUOTES)
QUOTE_OR_PAREN = frozenset(QUOTES + "(")
COMMAS = frozenset("،,")
DASHES = frozenset("–—-")
COMMA_OR_COLON = frozenset("،,:")
CLAUSE_MARKS = frozenset("،,:؛.")
SENTENCE_MARKS = frozenset(":؛.")
CLOSING_PAIRS = {")": "(", "»": "«", "”": "“", '"': '"', "'": "'"}  # closing mark: its opening one
_COMMA = regex.compile("[،,]")
DEMONSTRATIVES = frozenset(normalize(w) for w in ("هذه", "هذا", "هذين", "هاتين", "تلك", "ذلك", "ما", "كل", "جميع"))
RELATIVES = frozenset(normalize(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي",
                                             "اللي"))  # اللي: the relative of the spoken varieties (Darija, Levantine)
# A reporter "of" an outlet: the outlet is a genitive in the speaker's phrase, and the source.
REPORTERS = frozenset(normalize(w) for w in ("مراسل", "مراسلة", "مراسلو", "مراسلي", "موفد", "موفدة", "مندوب"))
TIME_NOUNS = frozenset(normalize(w) for w in ("العام", "الشهر", "الأسبوع", "اليوم", "الأسبوع", "الربع", "الصيف", "الشتاء"))
TIME_ADJECTIVES = frozenset(normalize(w) for w in ("الماضي", "الماضية", "المقبل", "المقبلة", "الجاري", "الحالي", "الفائت", "المنصرم"))
# Particles between a subject and its verb, skipped looking back from the verb.
VERB_PARTICLES = frozenset(("قد", "لقد", "فقد", "وقد", "يزال", "تزال", "لايزال", "لاتزال", "سبق", "ان", "لا"))
POSSESSIVES = ("هما", "هم", "ها", "ه")  # حديثه, مقابلتها
QUOTED_NAME_WORDS = 4  # a quotation this short after a speaker's first word may be its name (شركة «نور الشام»)
TANWEEN = ("\u064b", "\u064b\u0627", "\u064c", "\u064d")  # ً اً ٌ ٍ: an indefinite noun's ending
OCCASION_REACH = 16  # words from a statement noun to the outlet it names
PRONOUN_OPENERS = frozenset(normalize(w) for w in ("لكنه", "لكنها", "لكنهم", "ولكنه", "ولكنها", "إنه", "انه", "كما"))


class SentenceView:
    """A sentence seen by the phrase rules: tokens, gaps and the pattern set."""

    def __init__(self, sentence: Sentence, text: str, patterns: Patterns) -> None:
        self.cue_tokens: set[int] = set()  # tokens of the cues matched in this sentence
        self._commas: tuple[list[int], set[int]] | None = None
        self._mask: bytearray | None = None
        # Quotations indexed by the offsets of their marks, so no rule scans them all.
        self.quote_at: dict[int, tuple[int, int]] = {a: (a, b) for a, b in sentence.quotes}
        self.quote_ending: dict[int, tuple[int, int]] = {b: (a, b) for a, b in sentence.quotes}
        self.quote_starts: list[int] = sorted(self.quote_at)
        self.s = sentence
        self.text = text
        self.p = patterns
        # The pattern lists the rules read most, held here (read once per sentence, not per look-up).
        self.word_sets = patterns.word_sets
        self.speakers = patterns.speakers
        self.known_words = patterns.known_words
        self.bare_cache = patterns.bare_cache
        self.head_cache = patterns.head_cache
        self.outlets_by_first = patterns.outlets_by_first
        self.non_subject_leads = patterns.non_subject_leads
        self.phrase_stops = patterns.phrase_stops
        # The sentence's words as parallel lists: what each is, where it starts and ends.
        self.norms: list[str] = sentence.norms
        self.texts: list[str] = sentence.texts
        self.starts: list[int] = sentence.starts
        self.ends: list[int] = sentence.ends
        self.n = len(sentence.norms)

    def quote_opening(self, start: int, end: int) -> tuple[int, int] | None:
        """The first quotation whose opening mark lies in text[start:end]."""
        i = bisect_left(self.quote_starts, start)
        if i < len(self.quote_starts) and self.quote_starts[i] < end:
            return self.quote_at[self.quote_starts[i]]
        return None

    def containing_quote(self, pos: int) -> tuple[int, int] | None:
        """The latest-opened quotation around offset pos, if any."""
        if not self.inside(pos):
            return None
        i = bisect_left(self.quote_starts, pos)
        for start in reversed(self.quote_starts[max(0, i - 8):i]):  # nesting is at most 8 deep
            a, b = self.quote_at[start]
            if a < pos < b:
                return a, b
        return None

    def token_index(self, offset: int) -> int:
        """Index of the first token ending after `offset`."""
        i = bisect_left(self.starts, offset)
        return i - 1 if i > 0 and self.ends[i - 1] > offset else i

    def inside(self, pos: int) -> bool:
        """Is offset `pos` inside a quotation of this sentence? (a mask built once)"""
        if self._mask is None:
            self._mask = bytearray(self.s.end - self.s.start + 1)
            for a, b in self.s.quotes:
                self._mask[a - self.s.start + 1:b - self.s.start] = b"\x01" * max(0, b - a - 1)
        return bool(self._mask[pos - self.s.start]) if self.s.start <= pos <= self.s.end else False

    def gap(self, k: int) -> str:
        """Characters between token k-1 and token k; k == n gives the sentence's tail."""
        start = self.ends[k - 1] if k else self.s.start
        end = self.starts[k] if k < self.n else self.s.end
        return self.text[start:end]

    def norm(self, k: int) -> str:
        return self.norms[k] if 0 <= k < self.n else ""

    def bare(self, k: int) -> str:
        """The token's letters without a leading و or ف, when that is a conjunction:
        وكما → كما, but فيما and وزير keep their first letter."""
        word = self.norm(k)
        cache = self.bare_cache
        found = cache.get(word)
        if found is None:
            known = self.known_words
            rest = strip_conjunction(word)[1]
            found = rest if word not in known and rest != word and (
                rest in known or lookup(rest, self.p) is not None) else word
            cache[word] = found
        return found

    def span(self, first: int, end: int) -> tuple[int, int]:
        """Offsets of tokens [first, end), with an opening mark before and its closing mark after."""
        start = self.starts[first]
        gap = self.gap(first)
        stop = self.span_end(end - 1)
        if gap and gap[-1] in "«“\"(":
            opened = self.quote_at.get(start - 1)
            if opened is None or opened[1] < stop + 1:  # a quoted name, not a quotation the phrase opens
                start -= 1
        return start, stop

    def words(self, key: str) -> frozenset[str]:
        return self.word_sets[key]

    def is_cue(self, k: int) -> bool:
        return k in self.cue_tokens or lookup(self.norm(k), self.p) is not None

    def head_in(self, k: int, *keys: str) -> bool:
        """Token k, with or without ال/و, is one of the words of the speaker lists `keys`."""
        word = self.norm(k)
        cached = self.head_cache.get((word, keys))
        if cached is not None:
            return cached
        words = self.p.words_of(keys)
        options = {word, strip_conjunction(word)[1]}
        options |= {w[1:] for w in list(options) if len(w) > 3 and w[0] in "بل"}
        options |= {w[2:] for w in list(options) if w.startswith("ال")}
        options |= {"ال" + w for w in list(options)}
        found = bool(options & words)
        self.head_cache[(word, keys)] = found
        return found

    # --- outlets ------------------------------------------------------------------

    def outlet_at(self, k: int) -> tuple[int, int, int] | None:
        """An outlet introduced by لـ at token k (لوكالة X, لـ«سكاي نيوز», لعنب بلدي).

        Returns (start offset, first token, end token) of the outlet's name, the
        offset skipping the attached ل.
        """
        if k >= self.n:
            return None
        word = self.norm(k)
        if word == "ل" and k + 1 < self.n:  # a detached لـ
            if self._outlet_like(k + 1) or not QUOTE_MARKS.isdisjoint(self.gap(k + 1)):
                end = self._outlet_end(k + 1)
                return self._name_start(k + 1), k + 1, end
            return None
        if word.startswith("ل") and len(word) > 2:
            rest = "ال" + word[2:] if word.startswith("لل") else word[1:]  # للوكالة = لـ + الوكالة
            if rest in REPORTERS and k + 1 < self.n and (
                    self._outlet_like(k + 1) or not QUOTE_MARKS.isdisjoint(self.gap(k + 1))):
                end = self._outlet_end(k + 1)  # لمراسلة "غز تايم": the reporter's outlet
                return self._name_start(k + 1), k + 1, end
            if rest in self.speakers["media_heads"] or self._outlet_phrase(k, rest):
                end = self._outlet_end(k)
                return self.starts[k] + _clitic_length(self.texts[k]), k, end
        return None

    def outlet_near(self, k: int) -> tuple[int, int, int] | None:
        """An outlet at token k: لوكالة X, or عبر/على + a channel (والمذاع عبر فضائية "النهار")."""
        found = self.outlet_at(k)
        if found is None and self.bare(k) in ("عبر", "على", "علي") and k + 1 < self.n \
                and self._outlet_like(k + 1):
            end = self._outlet_end(k + 1)
            return self._name_start(k + 1), k + 1, end
        return found

    def is_occasion(self, k: int) -> bool:
        """بيان, تصريح, حديثه, مقابلتها: a statement noun, with or without a possessive pronoun."""
        word = self.bare(k)
        occasions = self.words("occasions")
        if word in occasions or (word.startswith("ال") and word[2:] in occasions):
            return True
        for suffix in POSSESSIVES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[:-len(suffix)]
                if stem in occasions or (stem.endswith("ت") and stem[:-1] + "ة" in occasions):
                    return True
        return False

    def occasion_outlet(self, k: int) -> tuple[int, int] | None:
        """The outlet the statement noun at token k went to or through, as offsets (see occasion_phrase)."""
        return self.occasion_phrase(k)[1]

    def occasion_phrase(self, k: int) -> tuple[int, tuple[int, int] | None]:
        """Where the phrase of the statement noun at token k ends, and the outlet it names.

        في حديث لقناة س / في تصريح خاص لصدى البلد / في مداخلة مع برنامج "ع" عبر
        شاشة ص / لبرنامج "ع" الذي تبثه "ص" / في تصريح نقلته وكالة س: the phrase runs
        to the first comma, colon or complementizer. A channel named there wins over
        a programme; a programme named alone is the source (ANNOTATION.md R2).
        """
        links = self.words("outlet_links")
        broadcasters = self.words("broadcasters")
        channel: tuple[int, int] | None = None
        programme: tuple[int, int] | None = None
        if self.head_in(k, "programme_heads") and k + 1 < self.n and not QUOTE_MARKS.isdisjoint(self.gap(k + 1)):
            end = self._outlet_end(k + 1)  # لدى حضوره في برنامج "هنا تونس": the programme, named alone
            programme = (self._name_start(k) if self.norm(k)[:1] != "ل" else self.starts[k], self.span_end(end - 1))
        j = k + 1
        limit = min(self.n, k + OCCASION_REACH)
        while j < limit:
            gap = self.gap(j)
            if not SENTENCE_MARKS.isdisjoint(gap) or (not COMMAS.isdisjoint(gap) and not self.inside(self.starts[j])):
                break
            word = self.norm(j)
            broadcaster = self.bare(j) in broadcasters or strip_conjunction(word)[1] in broadcasters
            if word in self.words("complementizers") or (j in self.cue_tokens and not broadcaster):
                break
            if self._opens_long_quote(j) and not self.head_in(j - 1, "programme_heads"):
                break  # وتابع خلال كلمته في الحفل "…": the quotation is what was said
            first = None
            if broadcaster:
                nxt = j + 1
                while nxt < limit and (self.norm(nxt) in self.words("broadcast_links") or self.norm(nxt) in RELATIVES):
                    nxt += 1
                if nxt < limit and (self._outlet_like(nxt) or not QUOTE_MARKS.isdisjoint(self.gap(nxt))):
                    first = nxt
            elif word in links and j + 1 < limit and (
                    self._outlet_like(j + 1) or self.head_in(j + 1, "programme_heads")
                    or not QUOTE_MARKS.isdisjoint(self.gap(j + 1))):
                first = j + 1
            elif (found := self.outlet_at(j)) is not None:
                first = found[1]
            elif word.startswith("ل") and len(word) > 3 and self.head_in(j, "programme_heads"):
                first = j  # لبرنامج "بصراحة"
            elif j <= k + 2 and self._listener_name(j):
                first = j  # في تصريح خاص لصدى البلد: the name it was given to
            if first is None:
                j += 1
                continue
            end = self._outlet_end(first)
            if end <= first:
                end = first + 1
            if self.bare(first) in self.speakers["platforms"]:
                j = max(end, j + 1)
                continue  # في "تلغرام", على منصة إكس: the speaker's own channel, no source
            start = self._name_start(first) if first != j or not word.startswith("ل") else \
                self.starts[j] + _clitic_length(self.texts[j])
            span = (start, self.span_end(end - 1))
            if self.bare(end) in self.words("own_outlet_markers"):
                j = max(end, j + 1)
                continue  # وكالة "أعماق" التابعة له: the speaker's own channel
            if self.head_in(first, "programme_heads") or (first == j and self._listener_name(j)
                                                           and not self._outlet_like(j)):
                programme = programme or span
            else:
                channel = span
            j = max(end, j + 1)
        return j, channel or programme

    def _listener_name(self, j: int) -> bool:
        """لـ وهلق شو, خاص لصدى البلد: a name after لـ (not the definite للصحفيين), right after a statement noun.

        لـ written apart says so; joined to a word it may be the word's own first letter
        (منشور لاحق), so then only after خاص/خاصة does it count."""
        word = self.norm(j)
        if word == "ل":
            nxt = self.norm(j + 1)
            return bool(nxt) and not nxt.startswith("ال") and nxt not in self.phrase_stops and not nxt[:1].isdigit()
        return (word.startswith("ل") and not word.startswith("لل") and len(word) > 3
                and self.bare(j - 1) in self.words("exclusive_statements")
                and word[1:] not in self.known_words and lookup(word[1:], self.p) is None)

    def _name_start(self, k: int) -> int:
        """Start of the name at token k, including an opening quotation mark."""
        gap = self.gap(k)
        start = self.starts[k]
        if gap and gap[-1] in QUOTES:
            return start - 1
        return start

    def _outlet_phrase(self, k: int, first: str) -> bool:
        if first not in self.outlets_by_first:
            return False  # the common case: no outlet's name starts with this word
        words = [first] + [self.norm(j) for j in range(k + 1, min(k + 4, self.n))]
        return self.p.outlet_prefix(words)

    def reporter_outlet(self, first: int, end: int) -> tuple[int, int] | None:
        """The outlet of a reporter inside a speaker phrase: مراسل *عنب بلدي* في المنطقة."""
        for j in range(first, end - 1):
            if self.bare(j) in REPORTERS and self._outlet_like(j + 1):
                last = min(self._outlet_end(j + 1), end)
                return self._name_start(j + 1), self.span_end(last - 1)
        return None

    def _named_outlet(self, k: int) -> bool:
        """An outlet by name (رويترز) or by an indefinite head (وكالة, قناة), not الإعلام in a name."""
        word = self.norm(k)
        if word.startswith("ال"):
            # العربية, الحدث, الغد: outlets whose names are common words count only when quoted
            return not QUOTE_MARKS.isdisjoint(self.gap(k)) and self._outlet_phrase(k, word)
        return self._outlet_phrase(k, word) or self.head_in(k, "media_heads")

    def _outlet_like(self, k: int) -> bool:
        return self.head_in(k, "media_heads") or self._outlet_phrase(k, self.norm(k))

    def _outlet_end(self, k: int) -> int:
        """End token of an outlet name starting at k: up to punctuation or a function word.

        A quoted name (لـ"سي إن بي سي") runs to its closing mark, whatever its words.
        """
        gap_start = self.ends[k - 1] if k else self.s.start
        quote = self.quote_opening(gap_start, self.starts[k])
        if quote is not None and quote[1] > self.starts[k]:  # an empty «» before k quotes no name
            b = quote[1]
            end = k
            while end < self.n and self.starts[end] < b:
                end += 1
            while end < self.n and self.gap(end).strip() in ("", self.text[b]) and end - k < 7 and not (
                    self.norm(end) in self.words("complementizers") or self.is_cue(end)
                    or self.norm(end) in self.words("speaker_stops")) and self.norm(end)[:2] == "ال":
                end += 1  # قناة "الإخبارية" السورية: an adjective after the name
            return end
        after = self.quote_opening(self.ends[k], self.starts[k + 1]) if k + 1 < self.n else None
        if after is not None:  # لقناة "المملكة": the head word, then the quoted name
            end = k + 1
            while end < self.n and self.starts[end] < after[1]:
                end += 1
            return end
        end = k + 1
        stops = self.phrase_stops
        while end < self.n and end - k < 7:
            gap = self.gap(end)
            if not CLAUSE_MARKS.isdisjoint(gap) or (gap.strip() and gap.strip()[0] in "«“" and end > k + 1) \
                    or (gap.strip() and gap.strip()[0] in "»”\""):
                break
            if self.norm(end) in stops or self.is_cue(end) or self.norm(end) in ("في", "عن", "من"):
                break
            if end > k + 1 and self.norm(end).startswith("ال") and not _adjective_shaped(self.norm(end)):
                break  # إذاعة TSF البرتغالية *الاتهامات*: a definite noun after the name is the object
            end += 1
        return end

    # --- speakers -----------------------------------------------------------------------

    def speaker_like(self, first: int, end: int, known: set[str], strict: bool = False) -> bool:
        """Could tokens [first, end) name someone who speaks? Strictly: by a word we know."""
        if first >= end or not self._subject_start(first):
            return False
        if self.norm(first).startswith(("بال", "لل")) or first in self.cue_tokens:
            return False  # بالموقف, للرئيس: a preposition's object, never a subject
        if self.head_in(first, "media_heads", "organization_heads", "anonymous_heads", "other_heads", "titles",
                        "honorifics"):
            return True
        if self.nationality_before_name(first, end):
            return True  # أعرب الهولندي يان دي فريس: a nisba, then the name it qualifies
        if self._outlet_like(first):
            return True
        words = {self.bare(k) for k in range(first, end)}
        if words & known:
            return True
        if not QUOTE_MARKS.isdisjoint(self.gap(first)):
            return True  # a quoted name: «فيرتكس» ستعلن
        if strict:
            return False
        head = self.bare(first)  # a name or an indefinite noun: مدريد, فيرتكس, ممرضة
        return not head.startswith("ال") and head not in DEMONSTRATIVES and first not in self.cue_tokens

    def head_with_adjectives(self, k: int) -> int:
        """End of a definite head word and the definite adjectives after it (النائب, المدير الفني)."""
        end = k + 1
        while end < self.n and self.norm(end).startswith("ال") and _adjective_shaped(self.norm(end)) \
                and COMMA_OR_COLON.isdisjoint(self.gap(end)):
            end += 1
        return end

    def names_speaker(self, first: int, end: int, known: set[str]) -> bool:
        """Do tokens [first, end) name someone by a word we know: a title, a body, an outlet
        by its name (a common word, الحدث, only in quotes), a name met before?"""
        if self.head_in(first, "media_heads", "organization_heads", "anonymous_heads", "other_heads", "titles",
                        "honorifics") or self._named_outlet(first):
            return True
        return bool({self.bare(j) for j in range(first, end)} & known)

    def nationality_before_name(self, first: int, end: int) -> bool:
        """البلجيكي ستيفان دوكير: a definite nisba adjective standing before a name, as a title does."""
        word = self.bare(first)
        return (first + 1 < end and word.startswith("ال") and word.endswith("ي") and len(word) > 5
                and not self.norm(first + 1).startswith("ال") and not self.norm(first + 1)[:1].isdigit()
                and self.norm(first + 1) not in self.phrase_stops and not self.is_cue(first + 1)
                and COMMA_OR_COLON.isdisjoint(self.gap(first + 1)))

    def noun_phrase(self, k: int, *, object_verb: bool = False, limit: int | None = None,
                    via: frozenset[str] = frozenset()) -> int:
        """End token of the speaker phrase starting at token k (k itself if there is none)."""
        limit = min(self.n, limit if limit is not None else self.n)
        stops = self.phrase_stops  # and the verb's prepositions, `via`
        occasions = self.words("occasions")
        end = k
        appositions = 0
        while end < limit and end - k < MAX_SPEAKER:
            gap = self.gap(end)
            if end > k and not SENTENCE_MARKS.isdisjoint(gap) and not (
                    gap == "." and self.texts[end - 1].isascii() and self.texts[end].isascii()):
                break  # (gazeta.ru: a dot inside a Latin name)
            if end > k and not COMMAS.isdisjoint(gap):
                extra = None if appositions else self._apposition(end, limit)
                if extra is None:
                    break
                end = extra
                appositions += 1
                continue
            word = self.norm(end)
            if end > k and self._opens_long_quote(end):
                break  # وقال سالم «الوضع مستقر تماماً»: a quotation, not a quoted name, follows the speaker
            quoted_name = end > k and self.inside(self.starts[end]) and not self.inside(self.starts[k])
            if quoted_name:  # موقع «الليرة اليوم»: inside a quoted name no word ends the phrase
                end += 1
                continue
            if end > k and self._named_outlet(end) and not self._outlet_like(k) \
                    and self.bare(end - 1) not in REPORTERS:
                break  # أبلغ مسؤول عسكري *وكالة فرانس برس* أن: the outlet told (not مراسل الجزيرة)
            if (word in stops or word in via or self.bare(end) in stops or self.bare(end) in via) \
                    and not self.name_not_stop(end) \
                    and not self.title_link(end):
                break  # (فإن is إن with ف: the content follows)
            if end > k and word in self.words("withheld_objects"):
                break
            if word in TIME_NOUNS and self.norm(end + 1) in TIME_ADJECTIVES:
                break  # العام الماضي, الأسبوع المقبل
            if (end > k and self.is_cue(end)) or word in RELATIVES:
                break
            if end > k and self.bare(end).endswith(POSSESSIVES) and not self.bare(end).startswith("ال") \
                    and self.is_occasion(end) and self.bare(end) not in occasions:
                break  # وتابع السقا *حديثه*: his talk, no part of the speaker
            if word in ("في", "خلال") and (self.norm(end + 1) in occasions or self.is_occasion(end + 1)
                                          or self.norm(end + 1) in stops
                                          or self.norm(end + 1) in via
                                          or self.norm(end + 1)[:1].isdigit()):
                break  # في بيان, في 28 أبريل: the occasion or the date, not the speaker
            if word[:1].isdigit() and not self.inside(self.starts[end]):
                break
            if word == "من" and self.norm(end + 1) in ("جهته", "جهتها", "جانبه", "جانبها", "جهتهم"):
                break
            if self.outlet_at(end) and not (end > k and self._outlet_like(k)):
                break  # (الوكالة الوطنية للإعلام: inside an outlet's name, لـ goes on)
            if end > k and word in ("ل", "و") :
                break
            place = word.startswith("بال") and self._comma_before(end + 1)  # مصدر في الأمن الداخلي بالسويداء،
            place = place or word in self.speakers["given_names"]  # الخبير باسل المومني: a name, not بـ
            place = place or word in self.speakers["name_particles"]  # ناصر *بن* سعد: inside the name
            if object_verb and end > k and not self.title_link(end) and (
                    (word[:1] in via and len(word) > 3 and word[:1] == "ل" and not place
                     and not self.head_in(end, "organization_heads", "titles", "media_heads"))
                    or word.startswith("ب") and not place and not self.head_in(end, "organization_heads")
                                            or word in DEMONSTRATIVES or (self._new_head(end, k) and not (via and self.head_in(end, "titles")))):
                break
            end += 1
        while end > k + 1 and self.norm(end - 1) in self.words("content_prepositions"):
            end -= 1  # الحوراني من بين ...: a phrase does not end on a preposition
        return end

    def quoted_name_at(self, k: int) -> bool:
        """اتهم "تجمع أحرار الجبل" جهات …: a short quotation opening at token k whose first word
        heads a body, an outlet or a title is a name (a subject), not a quoted statement."""
        if k >= self.n or ":" in self.gap(k):
            return False
        quote = self.quote_opening(self.ends[k - 1] if k else self.s.start, self.starts[k])
        return quote is not None and len(self.text[quote[0] + 1:quote[1]].split()) <= QUOTED_NAME_WORDS \
            and quote[1] < self.s.end - 2 \
            and self.head_in(k, "organization_heads", "media_heads", "titles", "anonymous_heads")

    def _opens_long_quote(self, k: int) -> bool:
        """Does a quotation that is no name open right before token k? A name is short and follows
        a word that names (شركة «نور الشام», برنامج "صباح الخير"); after a person it is what was said."""
        gap = self.gap(k)
        if QUOTE_MARKS.isdisjoint(gap):
            return False
        quote = self.quote_opening(self.ends[k - 1] if k else self.s.start, self.starts[k])
        if quote is None:
            return False
        if len(self.text[quote[0] + 1:quote[1]].split()) > QUOTED_NAME_WORDS:
            return True
        return not self.head_in(k - 1, "organization_heads", "media_heads", "programme_heads", "other_heads",
                                "anonymous_heads") and not self.title_link(k)

    def name_not_stop(self, k: int) -> bool:
        """علي the name is not على the preposition: the two differ only in the final letter,
        which normalization folds (ى → ي), so read it from the text as written."""
        return self.norm(k) == "علي" and self.texts[k].endswith("ي")

    def title_link(self, k: int) -> bool:
        """النائب عن محافظة البصرة, المتحدث باسم الوزارة: the preposition belongs to the title."""
        if not k:
            return False
        links = self.p.grammar["title_links"]
        pair = f"{self.bare(k - 1)} {self.norm(k)}"
        triple = f"{self.bare(k - 2)} {self.norm(k - 1)} {self.norm(k)}" if k > 1 else ""
        return pair in links or triple in links

    def _new_head(self, k: int, first: int | None = None) -> bool:
        """Does the object start at token k, the subject phrase from `first` being complete?

        Arabic noun phrases have a shape: a head, its genitives, then adjectives
        agreeing in definiteness. So after a definite word an indefinite one, or
        a definite word that is no adjective, starts a new phrase; and a plural
        in ـون/ـين is never a construct head, so nothing after it is its genitive.
        (وتنكر الحكومة *وجود* …, صنّف البنك الدولي *الأزمة* …, ينتقد معارضون *أداء* …)
        """
        word = self.norm(k)
        if word[:1] in "بل" and len(word) > 3:
            return False  # لحزب, بحكومة: a genitive or a prepositional phrase goes on
        prev = self.norm(k - 1)
        particles = self.speakers["name_particles"]
        if word in particles or prev in particles or word in self.speakers["given_names"]:
            return False  # ناصر بن سعد *آل* حمد: the name goes on
        if first is not None and word[:1] == "و" and self.head_in(first, "titles", "honorifics") \
                and self.head_in(k, "titles"):
            return False  # عضو إدارة النادي *وأمين* الصندوق ماهر الشلبي: two titles of one person
        gap = self.gap(k)
        if gap.strip()[:1] in CLOSING_PAIRS and self.inside(self.ends[k - 1] - 1) and not self.inside(self.starts[k]):
            # اتهم "تجمع أحرار الجبل" *جهات*: after a quoted name only an adjective goes on
            return not (word.startswith("ال") and _adjective_shaped(word))
        if first is not None and k > first and self.texts[k].endswith(TANWEEN):
            return True  # استقبل المحافظ *وفداً*: a word with tanween is no name, but the object
        if first is not None and k == first + 1 and self.nationality_before_name(first, k + 1):
            return False  # البلجيكي *ستيفان*: the name the nisba qualifies
        titled = first is not None and (self.head_in(first, "titles") or self.head_in(first, "honorifics"))
        quoted = not QUOTE_OR_PAREN.isdisjoint(self.gap(k))  # (واع), «…»: a name set off
        if not titled and not quoted and not self.head_in(k, "titles") and not self.head_in(k, "honorifics"):
            content_word = word not in self.known_words and len(word) > 2
            if prev.startswith("ال") and not word.startswith("ال") and not word[:1].isdigit() and content_word:
                return True
            agreeing = prev.endswith("ة") and word.endswith("ة")  # النيابة العامة: noun and adjective
            if prev.startswith("ال") and word.startswith("ال") and not _adjective_shaped(word) and not agreeing:
                return True
            if not prev.startswith("ال") and k - 1 != first and prev.endswith(("ون", "ين")):
                return True
            if not prev.startswith("ال") and prev not in self.known_words and self.head_in(
                    k, "organization_heads", "anonymous_heads", "media_heads"):
                return True  # سيبلغ يلدز *لجنة* الصناعة: a name, then another body
        if prev.startswith("ال") and not word.startswith("ال") and (
                word.endswith(("ها", "هم")) or (word.endswith("ه") and len(word) > 4 and not word.endswith(tuple(self.words("name_endings")))
                                                and word not in self.speakers["given_names"])):
            return True  # رفضت الوزارة *تحميلها* المسؤولية, أبدى المدير الفني *استياءه*: the object
        if titled and first is not None and word.startswith("ال") and not _adjective_shaped(word) \
                and not self.head_in(k, "titles", "organization_heads", "media_heads") \
                and any(self.norm(j) in self.speakers["given_names"] for j in range(first + 1, k - 1)):
            return True  # طمأن رئيس الاتحاد حسن الجبوري *الجماهير*: after the name, the object
        if prev.startswith("ال") and not word.startswith("ال") and self.head_in(k, "titles"):
            return True  # هاجم زعيم المعارضة *رئيس* الحكومة: a new phrase, the object
        if not prev.startswith("ال") and QUOTE_MARKS.isdisjoint(self.gap(k)):
            return False  # after a construct head (نقابة) the next noun is its genitive
        return self.head_in(k, "organization_heads", "anonymous_heads", "media_heads")

    def _apposition(self, k: int, limit: int) -> int | None:
        """After a comma at token k: the end of a short appositive (، غسان الحلبي،), or None."""
        if self.norm(k) in self.words("content_prepositions") or self.norm(k) in self.words("speaker_stops"):
            return None  # ، في التصريح ذاته،: an adjunct, not a second name
        if self.outlet_at(k):
            return None  # ، لـ«سكاي نيوز عربية»: the outlet spoken to
        end = k
        while end < limit and end - k <= APPOSITION:
            if end > k and not COMMA_OR_COLON.isdisjoint(self.gap(end)):
                break
            if self.is_cue(end) or self.norm(end) in self.words("complementizers") or self.norm(end) in RELATIVES:
                break
            if self.norm(end) in self.words("speaker_stops") and self.norm(end) not in self.speakers["honorifics"]:
                return None
            end += 1
        if end == k or end - k > APPOSITION or end >= limit:
            return None  # an apposition is closed by a comma or the content, not the sentence end
        closing = self.gap(end) if end < self.n else ""
        if end < self.n and not (not COMMA_OR_COLON.isdisjoint(closing)
                                 or self.norm(end) in self.words("complementizers")):
            return None
        if not (self.head_in(k, "titles") or self.head_in(k, "honorifics") or not self.bare(k).startswith("ال")
                or end - k <= 3):
            return None
        return end

    def noun_phrase_before(self, k: int) -> tuple[int, int] | None:
        """The phrase ending right before token k (SVO: الساعدي قال, مدريد ستبلغ).

        A comma-parenthesis between phrase and verb is skipped when it is a
        relative clause or a report held back (، الذي تحدث في مؤتمر صحفي،
        / ، طلب عدم الكشف عن اسمه،).
        """
        j = k - 1
        while j >= 0 and self.norm(j) in VERB_PARTICLES and not self._comma_before(j + 1):
            j -= 1
        if j < 0 or self._dateline_dash(j + 1):
            return None  # (ليبيا – دعا: the place of a dateline)
        end = j + 1
        if self._comma_before(end):
            first = self.last_comma(j)
            if not (self.norm(first) in RELATIVES or self.is_cue(first)) or first == 0:
                # روي ماتوس، وصف: a short phrase set off by commas is the subject
                # (not وفي سياق آخر، أكد: a fronted prepositional phrase)
                lead = first - 1 if first > 0 and not self._comma_before(first) else first
                if end - first <= APPOSITION and (first == 0 or self._comma_before(first)) \
                        and first not in self.cue_tokens and self._subject_start(first) \
                        and self._subject_start(lead):
                    return self._checked(first, end)
                return None
            end = first
            j = first - 1
        first = j
        while first > 0 and end - first < MAX_SPEAKER:
            if not CLAUSE_MARKS.isdisjoint(self.gap(first)) or self._dateline_dash(first):
                break  # (ليبيا – دعا وزير: a dateline before a dash is no subject)
            if first < end - 1 and self.preposition_object(first):
                break  # بتصريحات الرئيس: the phrase starts at the preposition's object
            prev = self.bare(first - 1)
            if (self.is_cue(first - 1) or prev in self.words("complementizers") or prev in RELATIVES
                    or prev in self.words("speaker_stops") or prev in self.words("clause_openers")
                    or (prev == "و" and QUOTE_MARKS.isdisjoint(self.gap(first)))
                    or prev in ("كما", "فيما", "بينما", "كان", "كانت", "ثم", "غير")):
                break
            first -= 1
        while first < end and (self.norm(first) in self.words("complementizers")
                               or self.norm(first) in ("كان", "كانت", "وكان", "وكانت", "و")):
            first += 1
        fronted = first == 1 or (first > 1 and self._comma_before(first - 1))
        if fronted and self.bare(first - 1) in self.words("content_prepositions") and first < end \
                and not self._comma_before(first):
            return None  # وعن اقتراب الفريق من الصدارة قال: a fronted preposition's object is no subject
        return self._checked(first, end)

    def _dateline_dash(self, k: int) -> bool:
        """A dash set off by spaces before token k (الرباط – قال): a dateline's, not a date's (2025-11-16)."""
        gap = self.gap(k)
        return not DASHES.isdisjoint(gap) and gap != gap.strip()

    def _subject_start(self, first: int) -> bool:
        """Can a subject start at token `first`? Not a preposition, adverb or particle, nor a date stamp
        (2025-11-16, or a page's `date 2025-11-16` left in the text)."""
        word = self.norm(first)
        if word.isdigit() or (word[:1].isdigit() and self.norm(first + 1)[:1].isdigit()):
            return False
        if word.isascii() and word.isalpha() and self.norm(first + 1)[:1].isdigit():
            return False
        return self.bare(first) not in self.non_subject_leads

    def _checked(self, first: int, end: int) -> tuple[int, int] | None:
        """The subject phrase [first, end), started at its head word, or None."""
        if first >= end or not self._subject_start(first):
            return None  # وفي تصريحات للصحفيين قال: an adjunct, not a subject
        around = self.containing_quote(self.starts[first])
        same_quote = around is not None and end < self.n and around[0] < self.starts[end] < around[1]
        if around is not None and len(self.text[around[0]:around[1]].split()) > 4 and not same_quote:
            return None  # «…»، قال: words of a quotation are no subject (a quoted name may be);
            # «الرئيس أكد لنا أن …»: the verb's own subject, inside the same quotation, is
        for h in range(first, end):  # والتقت عنب بلدي *سيدتين* من سكان الحي: start at the head
            if self.head_in(h, "titles", "anonymous_heads", "organization_heads", "media_heads", "other_heads"):
                first = h
                break
        return first, end

    def noun_phrase_before_comma(self, k: int) -> tuple[int, int] | None:
        """The phrase before a comma at token k: شبكة "عين" لمراقبة الانتخابات، التي ..."""
        first = k - 1
        while first > 0 and k - first < MAX_SPEAKER and not self._comma_before(first):
            prev = self.norm(first - 1)
            if self.is_cue(first - 1) or prev in self.words("complementizers") or prev in RELATIVES:
                break
            if self.preposition_object(first):
                break
            first -= 1
        for h in range(first, k):
            if self.head_in(h, "titles", "anonymous_heads", "organization_heads", "media_heads"):
                return h, k
        return (first, k) if first < k else None

    def preposition_object(self, k: int) -> bool:
        """A noun with ب or ل attached (بتصريحات, لوزير, للرئيس): a phrase starts there."""
        word = self.norm(k)
        if len(word) <= 3 or word[0] not in "بل":
            return False
        rest = word[1:]
        return rest.startswith(("ال", "ل")) or rest in self.words("occasions") or self.head_in(
            k, "titles", "other_heads", "organization_heads", "media_heads")

    def span_end(self, k: int) -> int:
        """End offset of a phrase whose last token is k, with a closing ) or quotation mark
        that pairs with one inside it: (واع), "عين"."""
        start, end = self.starts[k], self.ends[k]
        after = self.text[end:end + 1]
        if after in CLOSING_PAIRS and CLOSING_PAIRS[after] in self.text[max(self.s.start, start - 60):end]:
            opened = self.text[max(self.s.start, start - 60):end]
            if after in ")»”" and opened.count(CLOSING_PAIRS[after]) > opened.count(after):
                return end + 1
            if after in "\"'" and opened.count(after) % 2 == 1:
                return end + 1
        return end

    def start_of(self, k: int) -> int:
        """Offset where the phrase at token k starts, past an attached ب or ل (بتصريحات → تصريحات)."""
        word = self.norms[k]
        if len(word) > 3 and word[0] in "بل" and (word[1:].startswith("ال") or self.head_in(k, "titles")):
            return self.starts[k] + _clitic_length(self.texts[k])
        return self.starts[k]

    def _comma_before(self, k: int) -> bool:
        """Is there a comma between token k-1 and token k (0 < k <= n)?"""
        return k in self._comma_index()[1]

    def last_comma(self, k: int) -> int:
        """The largest j <= k with a comma before token j, or 0: where a phrase ending at k starts."""
        commas = self._comma_index()[0]
        i = bisect_right(commas, k)
        return commas[i - 1] if i else 0

    def _comma_index(self) -> tuple[list[int], set[int]]:
        """The tokens with a comma before them, sorted and as a set; found once per sentence."""
        if self._commas is None:
            found = sorted({self.token_index(m.start()) for m in _COMMA.finditer(self.text, self.s.start, self.s.end, concurrent=False)})
            found = [k for k in found if 0 < k <= self.n]
            self._commas = (found, set(found))
        return self._commas


def _adjective_shaped(word: str) -> bool:
    """Definite words shaped like adjectives: nisbas (الدولي, العراقية), elatives (الأعلى, العليا),
    participles (المتحدة, المستقلة)."""
    faail = len(word) in (6, 7) and word[3] == "ا" and (len(word) == 6 or word.endswith("ة"))  # العام, الحاكمة
    faeel = len(word) in (6, 7) and word[4] == "ي" and (len(word) == 6 or word.endswith("ة"))  # الجديد, الكبيرة
    return word.endswith(("ي", "ية", "يون", "يين", "يان", "يتان", "يتين", "ى", "يا")) or (
        word.startswith("الا") and len(word) == 6) or word.startswith("الم") or faail or faeel  # المتحدة, المستقلة


def _clitic_length(token_text: str) -> int:
    """Characters of an attached ل (with its diacritics or tatweel) at the start of a token."""
    i = 1
    while i < len(token_text) and normalize(token_text[i]) == "":
        i += 1
    return i
