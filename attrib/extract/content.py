"""The content of a claim: where the reported words open and where their clause ends.

A content is a whole quotation, or the clause from the complementizer (أن, إن) or
colon to the next reporting clause (، مؤكداً / ، فيما / ، بحسب); or the clause before
وهو ما or before a quotation's cue.
"""

from __future__ import annotations

from bisect import bisect_right

from attrib.arabic import ARABIC_COMMA, BEH, CONJUNCTION_LETTERS, normalize
from attrib.extract.cues import CueMatch, lookup, strip_conjunction
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import QUOTED_NAME_WORDS, outlet_near, quotation_words, trailing_outlet
from attrib.extract.phrases import noun_phrase, speaker_like
from attrib.extract.shapes import in_example_list
from attrib.extract.view import (
    QUOTE_MARKS,
    QUOTES,
    SENTENCE_MARKS,
    SentenceView,
    object_suffix,
    plural_subject,
)

# A reported clause longer than this is a run of text with no punctuation, not one
# statement; the bound also keeps the output linear in the input.
MAX_CONTENT = 3000
SPACE_COMMAS = " ," + ARABIC_COMMA  # what may stand between a quotation and a cue after it
OPENING = "«“\"„‹'"
COLON_OR_OPENING = frozenset(":" + OPENING)
COMMA_OR_SEMICOLON = frozenset("،,؛")
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
            if any(word.startswith(p) and len(word) > len(p) + 1 for p in via if len(p) == 1):
                return _clause(state, k, draft)
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


def clause_end(state: SentenceClaims, start: int) -> int:
    """Where the content starting at `start` ends: the sentence end or the next reporting clause."""
    end = _cue_boundary(state, start)
    i = bisect_right(state.switch_starts, start)
    if i < len(state.switches) and state.switches[i][0] < end:
        return state.switches[i][1]  # ، فيما ...: another subject's clause
    return end


def _cue_boundary(state: SentenceClaims, start: int) -> int:
    """The end of a clause at the first reporting clause after `start` (، مؤكداً / ، بحسب / لكنه حذر)."""
    i = bisect_right(state.boundary_starts, start)
    if i == len(state.boundaries):
        return state.v.s.end
    end = state.boundaries[i][1]
    return start if end is None else end


def _find_boundaries(state: SentenceClaims) -> list[tuple[int, int | None]]:
    """(cue start, clause end) for each cue that opens a new reporting clause; computed once."""
    v = state.v
    found: list[tuple[int, int | None]] = []
    for cue in state.cues:
        k = cue.first
        if v.inside(cue.start):
            continue
        comma = not COMMA_OR_SEMICOLON.isdisjoint(v.gap(k))
        word = v.norm(k)
        prev = v.norm(k - 1)
        comps = v.words("complementizers")
        if cue.kind == "participle" and (comma or (k and v.norm(k + 1) in v.words("content_prepositions")
                                                    and v.norm(k + 2) in comps)):
            found.append((cue.start, v.ends[k - 1]))  # …، مؤكداً / … قبل الصيف مشيرا إلى أن
        elif cue.kind == "frame" and (comma or k == 0):
            found.append((cue.start, v.ends[k - 1] if k else None))
        elif comma and word[0] in "وف":  # ، وأكد ...: a new report, coordinated
            found.append((cue.start, v.ends[k - 1]))
        elif k and "\n" in v.gap(k) and word[0] in "وف":  # …محدودة⏎واردف الحموي: a new paragraph's report
            found.append((cue.start, v.ends[k - 1]))
        elif k and word[0] in CONJUNCTION_LETTERS and cue.kind == "verb" and _known_subject(state, cue, k + 1):
            found.append((cue.start, v.ends[k - 1]))  # …من أزمته ونوه بن حليم بما: a speaker named before, anew
        elif comma and cue.kind == "verb" and v.norm(k + 1) in v.words("complementizers"):
            found.append((cue.start, v.ends[k - 1]))  # ، رجح أن …: another report, asyndetic
        elif k and cue.kind == "verb" and v.inside(v.ends[k - 1] - 1) and not v.inside(v.starts[k]) \
                and v.gap(k).strip(SPACE_COMMAS)[-1:] in QUOTES and cue.form.tense == "imperfect":
            found.append((cue.start, v.ends[k - 1]))  # «…» يقول البيان, «…»، يضيف المتحدث: a trailing cue (R1)
        elif k >= 2 and cue.kind == "verb" and not comma and v.bare(k - 1) != prev and not v.comma_before(k - 1) \
                and not plural_subject(v.bare(cue.last), cue.form.tense) \
                and v.head_in(k - 1, "organization_heads", "anonymous_heads", "media_heads", "titles", "states") \
                and not v.head_in(k - 2, "titles", "organization_heads") and not in_example_list(v, k - 1):
            found.append((cue.start, v.ends[k - 2]))  # … إسقاط طائرة *والجيش يؤكد*: a new clause, its subject first
        elif k >= 2 and cue.kind == "noun" and v.comma_before(k - 1) \
                and strip_conjunction(prev)[1] in v.words("support_verbs"):
            found.append((cue.start, v.ends[k - 2]))  # ، ووجه انتقادات: a new report, carried by a light verb
        elif k >= 2 and cue.kind == "verb" and v.comma_before(k - 1) and prev in v.words("narrative_particles"):
            found.append((cue.start, v.ends[k - 2]))  # ، كما اتهم / ، ثم أكد: a new report, coordinated
        elif prev.lstrip("و").startswith("لكن") or prev in v.words("clause_switches") and comma:
            found.append((cue.start, v.ends[k - 2] if k >= 2 else v.ends[k - 1]))
    return found


def _known_subject(state: SentenceClaims, cue: CueMatch, k: int) -> bool:
    """Does a speaker named before stand at token k (a name particle first): in the article so
    far, or right after an earlier cue of this sentence (وأشار بن حليم … ونوه بن حليم)?"""
    v = state.v
    if k < v.n and v.norm(k) in v.speakers["name_particles"]:
        k += 1
    if k >= v.n or len(v.bare(k)) <= 2:
        return False
    word = v.bare(k)
    return word in state.known or any(
        word == v.bare(j) for c in state.cues if c.last < cue.first for j in range(c.last + 1, min(c.last + 4, cue.first)))


def _find_switches(state: SentenceClaims) -> list[tuple[int, int]]:
    """(token start, clause end) where another clause opens, outside quotations: ، فيما / ، بينما,
    and the clause breaks of the grammar (في وقت, دون أن; after a comma: وهو ما, الذين, من جهته)."""
    v = state.v
    found = []
    breaks = v.p.clause_breaks_by_first
    switches = v.words("clause_switches")
    occasion_prepositions = v.words("occasion_prepositions")
    for k, word in enumerate(v.norms):
        bare = strip_conjunction(word)[1]  # ، وفي الوقت الذي: a break joined by و, after a comma
        if k and word in occasion_prepositions and trailing_outlet(v, k) is not None:
            prev_end = v.ends[k - 1]  # …، في تصريح لإذاعة س: the occasion, with its outlet, ends the content
            found.append((v.starts[k], prev_end + (1 if v.text[prev_end:prev_end + 1] in QUOTES else 0)))
            continue
        if k and k in v.cue_tokens and v.comma_before(k) and _trails(state, k):
            found.append((v.starts[k], v.ends[k - 1]))  # …، تقول صحيفة س.: a trailing cue (R1) ends the content
            continue
        if not k or (word not in switches and word not in breaks and bare not in breaks):
            continue  # (the common case, decided on the word alone)
        comma = v.comma_before(k)
        opens = comma and word in switches
        for first in ({word, bare} if comma else {word}):
            for words, needs_comma in breaks.get(first, ()):
                if (comma or not needs_comma) and [first] + v.norms[k + 1:k + len(words)] == list(words):
                    opens = True
        if opens and not v.inside(v.starts[k]):
            prev_end = v.ends[k - 1]
            found.append((v.starts[k], prev_end + (1 if v.text[prev_end:prev_end + 1] in QUOTES else 0)))
    return found


TRAILING_SUBJECT = 8  # words of the subject of a cue trailing the clause it reports


def _trails(state: SentenceClaims, k: int) -> bool:
    """Does the cue at token k trail what it reports: a present-tense verb with no و, then its
    subject alone to the sentence's end (…، تقول صحيفة س.)?"""
    v = state.v
    cue = next((c for c in state.cues if c.first == k), None)
    if cue is None or cue.kind != "verb" or cue.form.tense != "imperfect" or strip_conjunction(v.norm(k))[0] \
            or not TRAILING_SUBJECT >= v.n - k > 1 or v.inside(v.starts[k]):
        return False
    return noun_phrase(v, k + 1) == v.n and speaker_like(v, k + 1, v.n, state.known, strict=True) and all(
        COLON_OR_OPENING.isdisjoint(v.gap(j)) and COMMA_OR_SEMICOLON.isdisjoint(v.gap(j)) for j in range(k + 1, v.n))


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


def find_clauses(state: SentenceClaims) -> None:
    """Where the sentence's reporting clauses and other clauses open, outside quotations; found once."""
    state.boundaries = _find_boundaries(state)
    state.boundary_starts = [b[0] for b in state.boundaries]
    state.switches = _find_switches(state)
    state.switch_starts = [w[0] for w in state.switches]
