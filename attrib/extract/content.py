"""The content of a claim: where the reported words open and where their clause ends.

A content is a whole quotation, or the clause from the complementizer (أن, إن) or
colon to the next reporting clause (، مؤكداً / ، فيما / ، بحسب); or the clause before
وهو ما or before a quotation's cue.
"""

from __future__ import annotations

from attrib.arabic import ARABIC_COMMA, BEH, NOON, normalize
from attrib.extract.clauses import (
    COLON_OR_OPENING,
    OPENING,
    SPACE_COMMAS,
    clause_end,
)
from attrib.extract.cues import CueMatch, lookup, strip_conjunction
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import QUOTED_NAME_WORDS, outlet_near, quotation_words
from attrib.extract.view import (
    QUOTE_MARKS,
    QUOTES,
    SENTENCE_MARKS,
    SentenceView,
    object_suffix,
)

# A reported clause longer than this is a run of text with no punctuation, not one
# statement; the bound also keeps the output linear in the input.
MAX_CONTENT = 3000
STOP_OR_SEMICOLON = frozenset(".؛")


def what_before(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """وهو ما نفاه المكتب الإعلامي: the content is the clause before وهو ما."""
    v = state.v
    i = cue.first
    if i >= 2 and v.bare(i - 1) == "ما" and strip_conjunction(v.norm(i - 2))[1] in v.words("what_pronouns") and i - 2 > 0:
        if v.comma_before(i - 2) or v.norm(i - 2).startswith("و"):
            first = i - 3
            stop = max(v.last_comma(first), v.token_index(v.ends[i - 3] - MAX_CONTENT))
            while first > stop and not v.is_cue(first - 1) and v.norm(first - 1) not in v.words("complementizers"):
                first -= 1
            return trim(v.text, v.starts[first], v.ends[i - 3])
    return None


TOPIC_REACH = 8  # words from a passive's preposition to the one naming what is said (حول, عن)


def find_content(state: SentenceClaims, cue: CueMatch, k: int, draft: Draft, index: int | None) -> tuple[int, int] | None:
    v = state.v
    leading = _leading_quote(state, cue)
    if leading and (k >= v.n or v.norm(k) not in v.words("complementizers")):
        draft.direct = True
        return leading
    comps = v.words("complementizers")
    preps = v.words("content_prepositions")
    if k < v.n and ":" not in v.gap(k) and _opens_quote(v, k) and _short_quote_then_colon(state, k):
        # خلال حلقة برنامج "المشهد الليلة"، والمذاع عبر فضائية "النهار": "…": the quoted
        # words are names; the statement follows the colon
        return _complementizer_ahead(state, k, draft)
    if k < v.n and (":" in v.gap(k) or _opens_quote(v, k)) and v.norm(k) not in comps:
        return quoted_or_clause(state, v.starts[k] - _opening_len(v, k), draft)
    word = v.norm(k)
    if word in comps:
        return _clause(state, k + 1, draft)
    if word in preps and v.norm(k + 1) in comps:
        return _clause(state, k + 2, draft)
    if word.startswith(v.p.endings("reflexives")):
        return None  # يكذب نفسه بنفسه: he contradicts himself, no report
    if word in preps and cue.first > 0 and ((v.bare(cue.first - 1) in v.words("relative_whats") and draft.speaker is None) or (
            v.bare(cue.first - 1) in v.words("passive_auxiliaries") and v.bare(cue.first - 2) in v.words("relative_whats"))):
        # ما يتم تداوله من مزاعم *حول* …, ما يتداول على الصفحات، *عن* …: what circulates, about what
        topic = next((j for j in range(k, min(k + TOPIC_REACH, v.n - 1)) if v.norm(j) in v.words("topic_prepositions")), None)
        return _clause(state, topic + 1 if topic is not None else k, draft)
    if normalize(cue.form.lemma) in v.words("labeling_verbs") and k < v.n and word not in comps \
            and not word.startswith(BEH):
        if _complementizer_ahead(state, k, Draft(cue)) is not None:
            return _clause(state, k, draft)  # وصف الاتهامات بأنها "أخبار كاذبة": what was labelled, and as what
    if cue.form.object or cue.kind == "participle" and cue.form.object:
        via = cue.form.via
        if via:
            if word in via and k + 1 < v.n:
                if v.norm(k + 1) in comps:
                    return _clause(state, k + 2, draft)
                return _clause(state, k + 1, draft, allow_quote=True)
            if any(word.startswith(p) and len(word) > len(p) + 1 for p in via if len(p) == 1) or (
                    word in v.words("relative_whats") and any(word.startswith(p[:-1]) for p in via if p.endswith(NOON))):
                return _clause(state, k, draft)  # (حذر *مما* وصفه: من + ما)
            later = _via_ahead(v, cue.last + 1, k, via)
            if later is not None:  # وأعرب الوزير، خلال لقائه بالصحفيين، *عن* أمله: past the adjunct
                return _clause(state, later + (2 if v.norm(later + 1) in comps else 1), draft, allow_quote=True)
            return _complementizer_ahead(state, k, draft)  # ويشاع في الأوساط ... أن
        if k >= v.n:
            return _leading_quote(state, cue)
        if word in v.words("object_prepositions") and k + 1 < v.n:
            return _clause(state, k + 1, draft)
        return _clause(state, k, draft)
    ahead = _complementizer_ahead(state, k, draft)
    if ahead is not None:
        return ahead
    if (cue.form.speech_follows or (cue.kind == "participle" and normalize(cue.form.lemma) in v.words("speech_participles"))) \
            and k < v.n and word not in preps and not v.is_cue(k):
        return _clause(state, k, draft)  # وختم حديثه بالقول سنعمل …, وأردف قائلا ليس هناك …: what he said, unmarked
    if k >= v.n or word == "و" or normalize(cue.form.lemma) in v.words("after_quote_verbs"):
        return _leading_quote(state, cue)
    return None


VIA_REACH = 8  # words from the end of the speaker to the preposition a verb takes its content with


def _via_ahead(v: SentenceView, after_cue: int, k: int, via: frozenset[str]) -> int | None:
    """The verb's own preposition (عن for أعرب) after an adjunct between it and the speaker,
    within the sentence and before any other report or clause (not past an object: علّق
    المتظاهرون لافتات على الجدران)."""
    if not any(v.comma_before(i) or v.norm(i) in v.words("occasion_prepositions")
               or v.norm(i) in v.words("parenthesis_openers") for i in range(after_cue, k + 1)):
        return None
    for j in range(k + 1, min(v.n - 1, k + VIA_REACH)):
        if not SENTENCE_MARKS.isdisjoint(v.gap(j)) or ":" in v.gap(j) or v.is_cue(j) \
                or v.norm(j) in v.words("complementizers") or v.inside(v.starts[j]):
            return None
        if v.norm(j) in via:
            return j
    return None


def _complementizer_ahead(state: SentenceClaims, k: int, draft: Draft) -> tuple[int, int] | None:
    """قالت ممرضة طلبت عدم ذكر اسمها إن ... / يقول أبو محمد، وهو لاجئ ...: "…":
    a clause about the speaker stands before the content; look ahead for where it opens."""
    v = state.v
    comps = v.words("complementizers")
    cue_tokens = v.cue_tokens
    frame_tokens = state.frame_tokens
    for j in range(k, min(k + 16, v.n)):
        gap = v.gap(j)
        if j > k and ":" in gap:
            return quoted_or_clause(state, v.starts[j] - _opening_len(v, j), draft)
        if j > k and not STOP_OR_SEMICOLON.isdisjoint(gap):
            return None
        outlet = outlet_near(v, j)
        if outlet and draft.source is None:
            draft.source = (outlet[0], v.span_end(outlet[2] - 1))
        if v.norm(j) in comps:
            return _clause(state, j + 1, draft)
        if j > k and not draft.cue.form.object and _opens_quote(v, j) and (quotation_words(v, j) or 0) > QUOTED_NAME_WORDS \
                and v.norm(draft.cue.first - 1) not in v.words("relatives") and v.bare(draft.cue.first - 1) not in v.words("relative_whats"):
            # وقال المسؤول لإذاعة "صوت الجنوب" المحلية "لن يتم …": the quotation after the adjuncts
            return quoted_or_clause(state, v.starts[j] - _opening_len(v, j), draft)
        relay = lookup(v.norm(j), v.p)
        if j in cue_tokens and j > 0 and v.norm(j - 1) in v.words("relatives") and relay is not None \
                and normalize(relay[1].lemma) in v.words("relays"):
            continue  # البيان الذي أوردته صحيفة الصباح: the outlet that relays it
        if j in frame_tokens:
            continue  # وذكرت قناة X، نقلاً عن Y، أن ...: the frame is a parenthesis
        if j in cue_tokens and v.bare(j - 1) in v.words("relative_whats") and object_suffix(v.bare(j), v.p):
            continue  # في أول رد على ما ذكره الوزير، "…": what another said, inside the adjunct
        if j == k and j in state.participle_starts:
            continue  # وأضاف مادحاً رئيس الحكومة: "…": the participle is the manner of saying
        if j in cue_tokens and j > k and v.norm(j - 1) in v.words("topic_prepositions") and any(
                c.first == j and c.kind == "noun" for c in state.cues):
            continue  # جواباً عن سؤال *بشأن مطالبة* المدرب …: what the question was about
        if j in cue_tokens and not _withheld_cue(state, j):
            return None
    return None


def _short_quote_then_colon(state: SentenceClaims, k: int) -> bool:
    """Is the quotation opening at token k a short name, with a colon still to come?"""
    v = state.v
    start = v.ends[k - 1] if k else v.s.start
    quote = v.quote_opening(start, v.starts[k])
    if quote is None or len(v.text[quote[0]:quote[1]].split()) > 4:
        return False
    for j in range(k + 1, min(k + 16, v.n)):
        if v.starts[j] > quote[1] and ":" in v.gap(j):
            return True
        if v.norm(j) in v.words("complementizers"):
            return False
    return False


def _withheld_cue(state: SentenceClaims, j: int) -> bool:
    v = state.v
    nxt = {v.norm(j + 1), v.norm(j + 2)}
    return bool(nxt & v.words("withheld_objects")) or "عدم" in nxt


def _leading_quote(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """«…»، قال وزير المال: the quotation before the cue is its content."""
    v = state.v
    quote = v.quote_at.get(v.s.start) or v.quote_at.get(v.s.start + 1) or v.quote_at.get(v.s.start + 2)
    if quote is not None and quote[1] < v.starts[cue.first]:
        a, b = quote  # the sentence opens with it
        if len(v.text[b + 1:v.starts[cue.first]].strip(SPACE_COMMAS)) <= 2:
            return quoted_words(v.text, a, b)
    if cue.form.tense == "imperfect":  # أن "…" يقول البيان, إن "…"، يضيف المتحدث: a trailing cue (R1)
        for a, b in v.s.quotes:
            if b < v.starts[cue.first] and len(v.text[b + 1:v.starts[cue.first]].strip(SPACE_COMMAS)) <= 2:
                return quoted_words(v.text, a, b)
    return None


def _clause(state: SentenceClaims, k: int, draft: Draft, allow_quote: bool = True) -> tuple[int, int] | None:
    v = state.v
    if k >= v.n:
        return None
    start = v.starts[k]
    if allow_quote:
        # The content starts with the marks attached to its first word when they open
        # something: «, (, <, or a quotation mark that opens a quotation.
        opening_quotes = v.quote_at
        back = start
        while back - 1 > v.s.start and v.text[back - 1] == " ":
            back -= 1
        if back - 1 in opening_quotes:
            start = back  # ” لدينا …”: a quotation opened by a mark set apart by a space
        while start > 0 and start - 1 >= v.s.start and (
                v.text[start - 1] in "«“(<[" or (v.text[start - 1] in QUOTES and start - 1 in opening_quotes)):
            start -= 1
    return quoted_or_clause(state, start, draft)


def quoted_or_clause(state: SentenceClaims, start: int, draft: Draft) -> tuple[int, int] | None:
    """The content from `start`: a whole quotation, or the clause up to the next report."""
    v = state.v
    text = v.text
    while start < v.s.end and text[start] in " :،,":
        start += 1
    quote = v.quote_at.get(start)
    if quote is not None:
        a, b = quote
        tail = text[b + 1:clause_end(state, b)].strip(" .،,!؟?؛")
        after = text[b + 1:b + 4].lstrip(" ")
        first = normalize(tail.split(maxsplit=1)[0]) if tail else ""
        conjunction, rest = strip_conjunction(first)
        coordinated = after[:1] in (ARABIC_COMMA, ",") and bool(conjunction) and len(text[a + 1:b].split()) >= 3 \
            and rest not in v.words("complementizers")  # (، وأنها …: the same content goes on)
        if not tail or coordinated:  # أن "لا مكان للإرهاب هنا"، وجدد دعوته: a new clause follows
            draft.direct = True
            return quoted_words(v.text, a, b)
    end = min(clause_end(state, start), start + MAX_CONTENT)
    colon = _outside_quotes(v, start, end, ":")
    if colon is not None and colon > start:
        end = colon  # مادحاً رئيس الحكومة: "…": the quotation after the colon is another claim's
    return trim(text, start, end)


def _outside_quotes(v: SentenceView, start: int, end: int, char: str) -> int | None:
    """Offset of the first `char` in text[start:end] that is not inside a quotation."""
    i = v.text.find(char, start, end)
    while i != -1:
        if not v.inside(i):
            return i
        i = v.text.find(char, i + 1, end)
    return None


def _opens_quote(v: SentenceView, k: int) -> bool:
    """Does a quotation open between token k-1 and token k (not merely close there)?"""
    start = v.ends[k - 1] if k else v.s.start
    return v.quote_opening(start, v.starts[k]) is not None


def opens_content(v: SentenceView, k: int) -> bool:
    return v.norm(k) in v.words("complementizers") or not COLON_OR_OPENING.isdisjoint(v.gap(k))


def _opening_len(v: SentenceView, k: int) -> int:
    """Characters back from token k to the opening mark before it: «الوضع, or « الوضع with
    the mark set apart by spaces."""
    gap = v.gap(k)
    stripped = gap.rstrip()
    return len(gap) - len(stripped) + 1 if stripped and stripped[-1] in OPENING else 0


def quoted_words(text: str, a: int, b: int) -> tuple[int, int]:
    """The words between the marks at a and b, without the spaces some pages set inside them."""
    a += 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink a span past spaces, punctuation and unbalanced quotation marks at its edges."""
    edge = " \t.،,:؛;!؟?-–—"
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    inner = text[start:end]
    for _ in range(2):
        if inner and inner[0] in QUOTES and QUOTE_MARKS.isdisjoint(inner[1:]):
            start += 1
        inner = text[start:end]
        if inner and inner[-1] in QUOTES and QUOTE_MARKS.isdisjoint(inner[:-1]):
            end -= 1
        inner = text[start:end]
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return (start, end) if end > start else None
