"""Where a reported clause ends: at the next reporting clause (، مؤكداً / ، وأكد / ، بحسب),
or where another clause opens (، فيما / في وقت / …، تقول صحيفة س); found once a sentence.
"""

from __future__ import annotations

from bisect import bisect_right

from attrib.arabic import ARABIC_COMMA, BEH, CONJUNCTION_LETTERS, LAM, TEH, YEH
from attrib.extract.cues import CueMatch, lookup, strip_conjunction
from attrib.extract.drafts import SentenceClaims
from attrib.extract.outlets import trailing_outlet
from attrib.extract.phrases import noun_phrase, speaker_like
from attrib.extract.shapes import in_example_list
from attrib.extract.view import QUOTES, object_suffix, plural_subject

SPACE_COMMAS = " ," + ARABIC_COMMA  # what may stand between a quotation and a cue after it
OPENING = "«“\"„‹'"
COLON_OR_OPENING = frozenset(":" + OPENING)
COMMA_OR_SEMICOLON = frozenset("،,؛")
IMPERFECT_PREFIXES = (YEH, TEH)


def find_clauses(state: SentenceClaims) -> None:
    """Where the sentence's reporting clauses and other clauses open, outside quotations; found once."""
    state.boundaries = _find_boundaries(state)
    state.boundary_starts = [b[0] for b in state.boundaries]
    state.switches = _find_switches(state)
    state.switch_starts = [w[0] for w in state.switches]


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
                                                    and v.norm(k + 2) in comps)
                                         or (k and not COLON_OR_OPENING.isdisjoint(v.gap(k + 1)))):  # … قائلاً «…»
            found.append((cue.start, v.ends[k - 1]))  # …، مؤكداً / … قبل الصيف مشيرا إلى أن
        elif cue.kind == "frame" and (comma or k == 0):
            found.append((cue.start, v.ends[k - 1] if k else None))
        elif comma and word[0] in "وف":  # ، وأكد ...: a new report, coordinated
            found.append((cue.start, v.ends[k - 1]))
        elif k and "\n" in v.gap(k) and word[0] in "وف":  # …محدودة⏎واردف الحموي: a new paragraph's report
            found.append((cue.start, v.ends[k - 1]))
        elif k and cue.kind == "verb" and (lookup(word, v.p) or ("", None))[0] and _coordinated(state, cue):
            found.append((cue.start, v.ends[k - 1]))  # الوزارة تنفي الخبر *وتتهم* الصحيفة: two acts of one subject
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
        elif k >= 2 and prev in v.words("reason_openers") and v.comma_before(k - 1):
            found.append((cue.start, v.ends[k - 2]))  # …، إذ وصفت النائبة …: a report of its own
        elif prev.lstrip("و").startswith("لكن") or prev in v.words("clause_switches") and comma:
            found.append((cue.start, v.ends[k - 2] if k >= 2 else v.ends[k - 1]))
    return found


COORDINATED_REACH = 8  # words from a verb with an object to the و-verb it is coordinated with


def _coordinated(state: SentenceClaims, cue: CueMatch) -> bool:
    """Is the و-joined verb cue the second act of the verb cue before it, whose object (not a
    clause after أن, a colon or a quotation) stands between them?"""
    v = state.v
    before = next((c for c in reversed(state.cues) if c.last < cue.first), None)
    if before is None or before.kind != "verb" or not before.form.object or cue.first - before.last > COORDINATED_REACH:
        return False
    return all(v.norm(j) not in v.words("complementizers") and COLON_OR_OPENING.isdisjoint(v.gap(j))
               and not v.inside(v.starts[j]) for j in range(before.last + 1, cue.first + 1))


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
        nxt = v.norm(k + 1)
        if not comma and word in switches and word in v.words("suffixed_whats") and nxt[:1] in IMPERFECT_PREFIXES \
                and len(nxt) > 3 and not object_suffix(v.bare(k + 1), v.p) and v.norm(k + 2)[:1] not in (BEH, LAM):
            opens = True  # يصدر خلال أيام *فيما* يبقى الصحافيون: "while", a new clause (not فيما يتعلق بـ)
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
