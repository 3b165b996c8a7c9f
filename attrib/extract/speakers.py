"""The speaker of a claim when it is not simply the phrase after or before the cue.

Pronoun subjects (وأوضح أن, لكنه حذر) resolved to the speaker before, the subject of the
sentence's opening verb, relatives (الرئيس التي أكدت), topics (أما X، فأشار), plural verbs
agreeing with a noun before a comma; and the word shapes that tell a subject from an object.
"""

from __future__ import annotations

from attrib.arabic import (
    ARABIC_COMMA,
    BEH,
    DEFINITE_ARTICLE,
    LAM,
    TEH_MARBUTA,
)
from attrib.extract.content import STOP_OR_SEMICOLON
from attrib.extract.cues import CueMatch, strip_conjunction
from attrib.extract.drafts import RECENT, Draft, SentenceClaims
from attrib.extract.heads import head_with_adjectives, new_head
from attrib.extract.outlets import is_occasion, outlet_at, outlet_like
from attrib.extract.phrases import (
    MAX_SPEAKER,
    noun_phrase,
    speaker_like,
    subject_start,
)
from attrib.extract.shapes import (
    APPOSITION,
    accusative,
    cue_gender,
    in_relative_clause,
    past_gender,
)
from attrib.extract.sources import APPOSITION_MAX, PLURAL_REACH, skip_adjuncts
from attrib.extract.view import (
    COMMA_OR_COLON,
    COMMAS,
    QUOTE_MARKS,
    SentenceView,
)

AGENT_REACH = 12  # words to "من قبل X" after an act noun


def _nested_before(state: SentenceClaims, draft: Draft) -> bool:
    """Does this sentence's claim stand inside the content of an earlier claim of the sentence?"""
    return state.holding(draft.cue.start, excluding=draft) is not None


def content_after_adjuncts(state: SentenceClaims, end: int, cue: CueMatch) -> bool:
    """واكد الشلبي في تصريح لوكالة س أن …: past the occasion, the outlet or the time after
    the phrase [k, end), does the content open? Then the phrase is the subject."""
    probe = Draft(cue)
    after = skip_adjuncts(state, end, probe)
    return after > end and object_follows(state.v, after, cue)


def plural_before_comma(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """…سيدتين من سكان الحي، أكدتا أن: a dual or plural verb right after a comma agrees with
    the plural noun of the clause before it (often the object of another verb), which it reports."""
    v = state.v
    k = cue.first
    if k < 2 or not v.comma_before(k):
        return None
    lo = max(v.last_comma(k - 1), k - PLURAL_REACH)
    first = next((h for h in range(lo, k) if _plural_shaped(v.bare(h)) and not v.is_cue(h)), None)
    if first is None:
        return None
    if first - 2 >= lo and v.norm(first - 1) == "من" and v.bare(first - 2) in v.words("quantifiers"):
        first -= 2  # عدداً من العاملين
    return v.start_of(first), v.ends[k - 1]


def agent_after(state: SentenceClaims, k: int) -> tuple[int, int] | None:
    """من قبل X (by X), within the clause after token k: the agent of a passive act noun."""
    v = state.v
    for j in range(k, min(k + AGENT_REACH, v.n - 2)):
        if j > k and not STOP_OR_SEMICOLON.isdisjoint(v.gap(j)):
            break
        if v.norm(j) == "من" and v.norm(j + 1) == "قبل":
            end = noun_phrase(v, j + 2)
            if end > j + 2:
                return v.span(j + 2, end)
    return None


def fronted_topic(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """أما الوالي سليم كاراباش، فأشار إلى ...: the topic after أما is the subject of the فـ verb."""
    v = state.v
    if not v.norm(cue.first).startswith("ف"):
        return None
    for j in range(cue.first - 1, max(-1, cue.first - 30), -1):
        if v.bare(j) in v.words("topic_particles"):
            end = j + 1
            while end < cue.first and not v.comma_before(end):
                end += 1
            return (j + 1, end) if end > j + 1 else None
        if v.is_cue(j):
            return None
    return None


def clause_subject(state: SentenceClaims, cue: CueMatch, limit: int | None = None) -> tuple[int, int] | None:
    """The subject of the nearest clause before a participle that names one: ولم تكشف الوزارة
    عن …، كما رفض مسؤول … الكشف عن …، مكتفياً → the official (clauses open after commas);
    it ends before token `limit` (the cue by default)."""
    v = state.v
    limit = cue.first if limit is None else limit
    for start in range(limit - 2, 0, -1):
        if not COMMAS.isdisjoint(v.gap(start)):
            subject = sentence_subject(state, cue, start, limit)
            if subject is not None:
                return subject
    subject = sentence_subject(state, cue, 0, limit) or _complement_subject(state, limit)
    if subject is None:
        # الأمين العام للنقابة، وجّه انتقاداً …، قائلاً: a subject fronted before a comma and its verb
        comma = next((j for j in range(1, min(limit, MAX_SPEAKER + 1)) if v.comma_before(j)), None)
        if comma is not None and comma + 1 < limit and v.bare(0).startswith(DEFINITE_ARTICLE) \
                and not v.bare(comma).startswith(DEFINITE_ARTICLE) and not v.is_cue(comma) \
                and speaker_like(v, 0, comma, state.known, strict=True):
            return v.span(0, comma)
    return subject


def _complement_subject(state: SentenceClaims, limit: int) -> tuple[int, int] | None:
    """يذكر أن *الوزير* غادر البلاد، وظهر بعدها …، زاعماً: in a sentence that reports nothing, the
    subject of the first clause after أن/إن, when it names someone and a verb follows it."""
    v = state.v
    comp = next((j for j in range(min(limit, MAX_SPEAKER)) if v.norm(j) in v.words("complementizers")), None)
    if comp is None or comp + 2 >= limit:
        return None
    end = _clause_subject_end(state, comp + 1, limit, ("titles", "organization_heads", "anonymous_heads", "media_heads"))
    if end == comp + 1 or end >= limit or not COMMAS.isdisjoint(v.gap(end)) or v.is_cue(end) \
            or not speaker_like(v, comp + 1, end, state.known, strict=True):
        return None
    return v.start_of(comp + 1), v.span_end(end - 1)


def sentence_subject(state: SentenceClaims, cue: CueMatch, start: int = 0,
                     limit: int | None = None) -> tuple[int, int] | None:
    """The subject of the sentence's opening verb (ولم يؤكد المتحدث ... ، مكتفياً بالقول), or of
    the clause opening at token `start`; it ends before token `limit` (the cue by default)."""
    v = state.v
    limit = cue.first if limit is None else limit
    k = start
    while k < limit and strip_conjunction(v.bare(k))[1] in v.memos.words_of(("narrative_particles", "negators")):
        k += 1
    if k >= limit - 1 or not COMMAS.isdisjoint(v.gap(k + 1)) or v.bare(k) in v.words("content_prepositions"):
        return None  # (وفي سياق آخر، أكد: a preposition opens the sentence, not a verb)
    if v.bare(k).startswith(DEFINITE_ARTICLE) or (v.bare(k) == v.norm(k) and v.head_in(
            k, "titles", "honorifics", "organization_heads", "anonymous_heads", "media_heads")):
        return None  # (، وزير الصحة خالد آيت، قائلاً: a noun opens the clause, not a verb)
    # The verb may be transitive (وعلّقت الخطوط الجوية رحلاتها): the subject ends where
    # a noun phrase ends, as before an object.
    end = noun_phrase(v, k + 1, limit=limit, object_verb=True)
    if (has_possessive(v, k + 1) and is_occasion(v, k + 1)) or v.bare(k + 1) in v.words("withheld_objects") \
            or accusative(v, k + 1):  # وجّه انتقاداً حاداً: the object
        return None  # وختم *حديثه* بالقول, ورفض *التعليق* مكتفياً: the object; the subject is not named here
    if end > k + 1 and subject_start(v, k + 1) and not v.is_cue(k + 1) and (
            v.head_in(k + 1, "titles", "anonymous_heads", "organization_heads", "media_heads", "other_heads")
            or strip_conjunction(v.norm(start))[0] and not v.norm(k + 1).startswith((BEH, LAM))):
        return v.start_of(k + 1), v.span_end(end - 1)
    return None


def pronoun_opener(state: SentenceClaims, cue: CueMatch) -> bool:
    """لكنه حذر, ولكنها اعتبرته: the subject is the pronoun, not a phrase before it."""
    j = cue.first - 1
    while j > 0 and state.v.norm(j) in state.v.words("verb_particles"):  # لكنه لا يزال يرى
        j -= 1
    prev = state.v.norm(j)
    return prev.endswith(("ه", "ها", "هم")) and prev.lstrip("و").startswith("لكن")


def resolve(state: SentenceClaims, draft: Draft, index: int) -> None:
    """A pronoun subject: the speaker of the claim this one continues (not of one nested in it)."""
    cue = draft.cue
    # A participle goes on with the clause it follows, nested or not (…التي أكدت …، معرباً);
    # a verb outside a quotation goes on with the outer statement (وأضاف, after «… أكد لنا …»).
    holder = state.holding(cue.start)
    nested = cue.kind == "participle" or holder is not None
    candidates = [before for before in reversed(state.drafts[-RECENT:])
                  if before.speaker and (nested or not _nested_before(state, before))]
    if holder is not None and holder.speaker is not None and cue.kind != "participle" and holder.direct \
            and cue.form.tense != "first" and state.v.inside(cue.start):
        # «س يكذب، في فيديو نشره قال: …»: the quoted speaker speaks of himself in the first
        # person, so a third-person verb in the quotation is someone else's: the quotation's topic
        said = state.v.text[holder.speaker[0]:holder.speaker[1]]
        candidates = [d for d in candidates if d.speaker and state.v.text[d.speaker[0]:d.speaker[1]] != said]
        if not candidates:
            draft.speaker = _quotation_topic(state, cue)
            draft.explicit = draft.speaker is not None  # named, in the quotation
            return
    if cue.kind == "participle" and not state.v.inside(cue.start):
        # …، لافتاً after «… ما يهدد به الخصوم …»: a claim inside a quotation is the quoted
        # speaker's; the participle outside it goes on with the clause around the quotation
        outside = [d for d in candidates if not state.v.inside(d.cue.start)]
        candidates = outside or candidates
    if cue.kind == "participle":
        # أعرب عن دهشته من اتهامه … من قبل X، متوعداً: a participle follows a clause, not a noun cue;
        # رد الوزير على النائب الذي اتهمه …، مؤكداً: nor a relative clause inside it
        # (one in a claim's content, بتصريحات الرئيس التي أكدت …، معرباً, is the one it goes on with)
        clauses = [d for d in candidates if d.cue.kind != "noun" and not (in_relative_clause(state.v, d) and not d.nested)]
        if not clauses and any(in_relative_clause(state.v, d) for d in candidates):
            subject = sentence_subject(state, cue)
            if subject is not None:
                draft.speaker = subject
                return
        candidates = clauses or candidates
    if candidates:
        # موضحاً after «… أن وزيرة الصحة أعلنت …»: a participle agrees in gender with its subject
        gender = cue_gender(state.v, cue) if cue.kind in ("participle", "verb") else None
        agreeing = [d for d in candidates if gender is None or cue_gender(state.v, d.cue) in (None, gender)]
        # none agrees (ولم يؤكد المتحدث … ما إذا كانت الحكومة ستطلب …، مكتفياً): the sentence's subject;
        # وذكّر الوزير بأن الوزارة أصدرت بياناً، وشددت: the subject of the clause the verb goes on with
        reported = _reported_subject(state, candidates[0], gender) if not agreeing and cue.kind == "verb" else None
        draft.speaker = agreeing[0].speaker if agreeing else reported or sentence_subject(state, cue) or candidates[0].speaker
        relayed = agreeing[0] if agreeing else None
        if relayed is not None and relayed.cue.form.relay and relayed.source and relayed.speaker and gender == "f" \
                and not state.v.text[relayed.speaker[0]:relayed.speaker[1]].split()[0].endswith(TEH_MARBUTA):
            # ونقلت الصحيفة عن الوزير قوله …، *مشيرة*: the feminine verb's subject, the paper, goes on
            draft.speaker = relayed.source
        return
    subject = sentence_subject(state, draft.cue)  # واستقبل المحافظ وفداً، وأكد لهم: this sentence's verb
    if subject is not None:
        draft.speaker = subject
        return
    # (…، حسب صحيفة س. وأضافت: an outlet credited by a frame, or hearsay a frame reports (حسبما
    # تداولت بعض المواقع. وأوضح), is no speaker a pronoun takes up)
    prior = next((d for d in reversed(state.history[-6:]) if d.speaker and not d.nested
                  and not in_relative_clause(state.v, d)  # (… النائب الذي اتهمه. وأكد: not the accuser)
                  and not (d.cue.kind == "frame" and (d.source == d.speaker or d.cue.stance == "allege"
                                                      or (d.cue.frame_verb is not None and d.cue.frame_verb.stance == "allege")))),
                 None)
    gender = past_gender(cue)
    if prior is not None and gender is not None and past_gender(prior.cue) not in (None, gender):
        # «… قال: …». وأضاف: after a woman's quotation, a masculine verb goes on with the man
        # quoted in it (or with no one before her), not with her
        quoted = next((d for d in reversed(state.history[-6:]) if d.speaker and d.cue.start > prior.cue.start
                       and past_gender(d.cue) == gender), None)
        if quoted is not None:
            prior = draft.follows = quoted
    if state.narrative is not None and (prior is None or prior.cue.start < state.narrative[0]):
        draft.speaker = state.narrative  # رد المهندس X على …. وقال إن: the nearest governing verb's subject
        return
    if prior is not None:
        draft.speaker = prior.speaker


def _quotation_topic(state: SentenceClaims, cue: CueMatch) -> tuple[int, int] | None:
    """The person a quotation opens with, when it names one met before (its topic)."""
    v = state.v
    quote = v.containing_quote(cue.start)
    if quote is None:
        return None
    first = v.token_index(quote[0] + 1)
    if v.norm(first) in v.speakers["given_names"] and first + 2 < cue.first and COMMAS.isdisjoint(v.gap(first + 1)) \
            and v.norm(first + 1) not in v.phrase_stops and not v.is_cue(first + 1):
        end = first + 2  # «شادي عزمي يكذب …»: a first name and the family name after it
        while end < cue.first and v.bare(end) in state.known:
            end += 1
    else:  # «الوزير يكرر …»
        end = _clause_subject_end(state, first, cue.first, ("titles", "organization_heads", "media_heads"))
    return v.span(first, end) if end > first else None


def _reported_subject(state: SentenceClaims, before: Draft, gender: str | None) -> tuple[int, int] | None:
    """The subject opening the content of the claim `before` (بأن *الوزارة* أصدرت), when a body
    or a title of the verb's gender: a verb after it that agrees with it and not with `before`'s
    speaker goes on with that clause."""
    v = state.v
    if before.content is None or gender is None:
        return None
    first = v.token_index(before.content[0])
    end = _clause_subject_end(state, first, v.n, ("titles", "organization_heads", "media_heads"))
    if end == first or end >= v.n or v.starts[end] >= before.content[1]:
        return None
    head = v.bare(first)
    return v.span(first, end) if ("f" if head.endswith(TEH_MARBUTA) else "m") == gender else None


def _clause_subject_end(state: SentenceClaims, first: int, limit: int, heads: tuple[str, ...]) -> int:
    """The end of a clause's subject opening at token `first`: a head of `heads` with its
    genitive and adjectives, then the words of a name met before; not the verb after them,
    which no part of speech tells apart (أن وزير الصحة *زار*). `first` when there is none."""
    v = state.v
    end = first
    if v.head_in(first, *heads):
        construct = not v.norm(first).startswith(DEFINITE_ARTICLE) and v.norm(first + 1).startswith(DEFINITE_ARTICLE)
        end = head_with_adjectives(v, first + 1 if construct else first, limit)
    while end < limit and v.bare(end) in state.known:
        end += 1
    return end


def object_follows(v: SentenceView, end: int, cue: CueMatch) -> bool:
    """After the phrase [k, end), does the verb's object or content start (إلى أن, بأن)?

    An apposition set off by commas may stand between (أكد العميد X، الناطق باسم الجيش، أن).
    """
    if 0 < end < v.n and v.comma_before(end):
        close = next((j for j in range(end + 1, min(end + APPOSITION_MAX, v.n)) if v.comma_before(j)), None)
        if close is not None and not any(v.is_cue(j) for j in range(end, close)):
            end = close
    then = v.norm(end) if end < v.n else ""
    via = cue.form.via
    return then in via or then in v.words("complementizers") or any(
        len(p) == 1 and then.startswith(p) and len(then) > 3 for p in via) or (
        then in v.words("content_prepositions") and v.norm(end + 1) in v.words("complementizers"))


def _plural_shaped(word: str) -> bool:
    """سيدتين, العاملين, المحتجون, صحفيات: a dual or plural noun's ending."""
    return len(word) > 4 and word.endswith(("ين", "ون", "ان", "ات"))


def two_phrases(v: SentenceView, k: int, end: int) -> bool:
    """واستغرب الملا *إرسال* الوزير كتاباً: after a transitive verb heading its clause, a
    second noun phrase starting right after the first makes the first the subject (VSO)."""
    return (end == k + 1 and end < v.n and COMMA_OR_COLON.isdisjoint(v.gap(end)) and v.bare(k).startswith(DEFINITE_ARTICLE)
            and not has_possessive(v, end - 1) and new_head(v, end, k) and not v.is_cue(end)
            and v.norm(end) not in v.phrase_stops)


def has_possessive(v: SentenceView, k: int) -> bool:
    """عزمه, تحميلها: a noun with a possessive pronoun is the object, not a subject."""
    word = v.bare(k)
    return (len(word) > 4 and word.endswith(("ه", "ها", "هم")) and not word.startswith(DEFINITE_ARTICLE)
            and not word.endswith(v.p.endings("name_endings"))
            and not v.head_in(k, "titles", "organization_heads", "anonymous_heads", "media_heads", "other_heads"))


SUBJECT_STOPS = ("content_prepositions", "speaker_stops", "complementizers", "time_adverbs", "weekdays")
APPOSITIONS = 3  # titles and a name set off by commas one after another (، وزير الداخلية، كمال الفقي،)
COMMA_SUBJECT = 6  # words a subject phrase may run on past where noun_phrase stopped, up to a comma
COLON_OR_QUOTE = QUOTE_MARKS | {":"}


def comma_bounded_subject(v: SentenceView, k: int, end: int, via: frozenset[str]) -> int | None:
    """The end of a subject running from token k up to a comma that the content follows.

    أكد الناطق باسم وزارة الشؤون الخارجية منجي الورتاني، اليوم الإثنين، أن …;
    أكد مصدر أمني ليبي بارز، أن …; أفادت وكالة الأنباء "لوزا"، أن …: after the verb,
    everything before the comma is its subject when the words there are no clause of
    their own (no cue, complementizer, preposition, quotation) and what follows the
    comma, past a time set off by commas, opens the content. None when that is not so.
    """
    last = min(v.n, end + COMMA_SUBJECT + 1)
    stretch = v.text[v.starts[k]:v.starts[last] if last < v.n else v.s.end]
    if ARABIC_COMMA not in stretch and "," not in stretch:
        return None  # no comma near: the common case, decided without looking at tokens
    comma = next((j for j in range(max(end, k + 1), last) if v.comma_before(j)), None)
    if comma is None or comma - k > MAX_SPEAKER:
        return None
    stops = v.memos.words_of(SUBJECT_STOPS)
    if any(":" in v.gap(j) for j in range(k + 1, comma + 1)):
        return None  # وأضاف مارتان: "لن نتراجع"، مؤكداً: a colon opens what was said
    for j in range(k, comma):
        word = v.norm(j)
        if j >= max(end, k + 1) and _breaks_subject(v, j, stops, v.words("pronoun_prepositions")):
            return None  # وذكر شهود لـ«وفا»، أن: the outlet spoken to is no part of the subject
        if word[:1].isdigit() or (not QUOTE_MARKS.isdisjoint(v.gap(j)) and (
                (not v.inside(v.starts[j]) and not _short_quoted_name(v, j, comma))
                or (j > k and outlet_like(v, j) and not v.head_in(j - 1, "media_heads")))):
            return None  # (وأبلغ الوزير س «فرانس برس»، …: the outlet told, no part of the subject)
    then = comma
    if then < v.n and (v.norm(then) in v.p.times or v.norm(then) in v.words("time_nouns")):
        close = next((j for j in range(then + 1, min(v.n, then + 4)) if v.comma_before(j)), None)
        if close is None:
            return None
        then = close  # ، اليوم الإثنين، أن: the time, then the content
    if then == comma and then < v.n and not _opens_clause(v, then, via):
        apposition_stops = v.memos.words_of((*SUBJECT_STOPS, "occasion_prepositions"))  # (، خلال ندوة صحفية،: no name)
        start = then
        for _ in range(APPOSITIONS):
            close = next((j for j in range(start + 1, min(v.n, start + APPOSITION + 1)) if v.comma_before(j)), None)
            if close is None or close >= v.n or any(
                    _breaks_subject(v, j, apposition_stops) or not QUOTE_MARKS.isdisjoint(v.gap(j))
                    for j in range(start, close)):
                break
            if _opens_clause(v, close, via):
                return close  # وزير الشؤون الخارجية والتعاون الإفريقي، كمال بنعلي، أن: the name in apposition too
            if v.norm(close) in v.p.times or v.norm(close) in v.words("time_nouns"):
                after = next((j for j in range(close + 1, min(v.n, close + 4)) if v.comma_before(j)), None)
                if after is not None and after < v.n and _opens_clause(v, after, via):
                    return close  # نائب رئيس الوزراء، وزير الداخلية، كمال الفقي، أمس، أن: then a time
                break
            if v.head_in(k, "titles") and (v.head_in(start, "honorifics") or v.norm(start) in v.speakers["given_names"]):
                return close  # أكد نائب رئيس الوزراء، وزير الداخلية، الشيخ س، عمق …: titles, then the name closes it
            start = close  # another title or the name, set off by commas
    if then >= v.n:
        return None
    if then > comma:
        return comma  # نفت الحكومة المعترف بها دولياً، اليوم الأحد، صحة …: a time set off closes the subject
    return comma if _opens_clause(v, then, via) else None


def _breaks_subject(v: SentenceView, j: int, stops: frozenset[str], allowed: frozenset[str] = frozenset()) -> bool:
    """Is token j no word of a subject: a cue, a function word (but `allowed`), the outlet spoken to?"""
    word = v.norm(j)
    return v.is_cue(j) or (word in stops and word not in allowed) or word in v.words("outlet_links") \
        or outlet_at(v, j) is not None


def _opens_clause(v: SentenceView, k: int, via: frozenset[str]) -> bool:
    """Does the content open at token k (أن, the verb's preposition, a colon or quotation, إلى أن)?"""
    word = v.norm(k)
    return word in v.words("complementizers") or word in via or not COLON_OR_QUOTE.isdisjoint(v.gap(k)) or (
        word in v.words("content_prepositions") and v.norm(k + 1) in v.words("complementizers"))


def _short_quoted_name(v: SentenceView, j: int, limit: int) -> bool:
    """Does a quotation of at most three words open before token j and close before `limit`?"""
    close = next((i for i in range(j + 1, min(limit, j + 3) + 1) if not v.inside(v.starts[i]) if i < v.n), None)
    return close is not None and close <= limit
