"""Building claims from cues: speaker, content, source, stance and type.

Arabic news reports in a few shapes, and each rule below names its shape:

  VSO      وقال المحلل مصطفى النعيمي إن ...        speaker after the verb
  SVO      الساعدي، الذي ...، قال إن ...           speaker before it
  pronoun  وأوضح أن ... / لكنه حذر من ...           the speaker named before
  relative ... الرئيس العراقي التي أكدت ...         the phrase the relative refers to
  adverb   ...، مؤكداً أن ...                       the speaker of the clause it follows
  relay    نقلت وكالة X عن Y قوله إن ...             speaker Y, source X
  frame    ...، بحسب ما أفادت وزارة X                the clause the frame qualifies
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from attrib.arabic import WORD, normalize, passive_marked
from attrib.extract.cues import CueMatch, heads_clause, lookup, strip_conjunction
from attrib.extract.outlets import (
    is_occasion,
    name_start,
    named_outlet,
    occasion_outlet,
    occasion_phrase,
    outlet_at,
    outlet_end,
    outlet_like,
    outlet_near,
    quoted_name_at,
    reporter_outlet,
)
from attrib.extract.phrases import (
    head_with_adjectives,
    names_speaker,
    new_head,
    noun_phrase,
    noun_phrase_before,
    noun_phrase_before_comma,
    speaker_like,
    subject_start,
)
from attrib.extract.segment import Sentence
from attrib.extract.view import (
    COMMA_OR_COLON,
    COMMAS,
    POSSESSIVES,
    QUOTE_MARKS,
    QUOTES,
    RELATIVES,
    SentenceView,
)
from attrib.lexicon.patterns import Patterns

# Particles between a subject and its verb: وكانت الوزارة *قد* أعلنت, البنك *لا يزال* يرى.
SUBJECT_PARTICLES = frozenset(normalize(w) for w in ("قد", "لقد", "يزال", "تزال", "زال", "زالت"))
# A reported clause longer than this is a run of text with no punctuation, not one
# statement; the bound also keeps the output linear in the input.
MAX_CONTENT = 3000
AGENT_REACH = 12  # words to "من قبل X" after an act noun
NOUN_CONTENT_REACH = 4  # words from a noun cue (and its speaker) to what opens its content
PLURAL_REACH = 10  # words back from a plural verb to the plural noun it agrees with
APPOSITION_MAX = 14  # words of a title set off by commas after a name (، الناطق الرسمي باسم ...،)
PRONOUN_PARTICLES = SUBJECT_PARTICLES | {"لا"}  # لكنه لا يزال يرى
OCCASION_OPENERS = frozenset(("في", "خلال", "وفي", "وخلال"))  # وفي تصريح, وخلال مؤتمر
CLAUSE_SWITCH = frozenset(normalize(w) for w in (
    "فيما", "بينما", "وفيما", "وبينما", "بدوره", "بدورها", "بدورهم", "وبدوره", "وبدورها"))
SWITCH_WORDS = CLAUSE_SWITCH | {"من"}  # من جهته, من جانبه
PARENTHESIS_OPENERS = frozenset(normalize(w) for w in ("أمام", "عقب", "بعد", "قبل", "خلال", "أثناء", "عبر", "لدى", "وسط"))
BARE_PREPOSITIONS = frozenset(normalize(w) for w in ("إلى", "الى", "عن", "على", "من"))
CONTINUATIONS = frozenset({"أضاف", "تابع", "أردف", "استدرك", "قال", "أوضح", "أكد", "أشار", "لفت", "شدد", "بيّن"})
OPENING = "«“\"„‹'"
COLON_OR_OPENING = frozenset(":" + OPENING)
COMMA_OR_SEMICOLON = frozenset("،,؛")
STOP_OR_SEMICOLON = frozenset(".؛")


class Draft:
    """A claim being built; offsets are into the article text."""

    __slots__ = ("cue", "speaker", "content", "source", "explicit", "occasion", "direct", "nested")

    def __init__(self, cue: CueMatch) -> None:
        self.cue = cue
        self.speaker: tuple[int, int] | None = None
        self.content: tuple[int, int] | None = None
        self.source: tuple[int, int] | None = None
        self.explicit = False  # the speaker is named in this clause, not resolved from before
        self.occasion = False  # the clause names a new occasion (في بيان, خلال مؤتمر)
        self.direct = False  # the content is a quotation
        self.nested = False  # the cue stands inside another claim's content

    def __repr__(self) -> str:
        return f"Draft({self.cue!r}, speaker={self.speaker}, content={self.content}, source={self.source})"

    @property
    def sentence(self) -> Sentence:
        return self.cue.sentence


class SentenceBuilder:
    """The claims of one sentence, given the claims before it in the article."""

    def __init__(self, view: SentenceView, cues: list[CueMatch], history: list[Draft], known: set[str],
                 narrative: tuple[int, int] | None = None) -> None:
        self.v = view
        self.cues = cues
        self.history = history  # every claim of the article so far
        self.narrative = narrative  # the subject of the latest sentence opening with a verb, cue or not
        self.known = known  # normalized words of speakers named so far
        self.drafts: list[Draft] = []
        self.interviews: list[Draft] = []  # speakers speaking to an outlet, with no claim of their own
        view.cue_tokens = {i for c in cues for i in range(c.first, c.last + 1)}
        self.frame_tokens = {i for c in cues if c.kind == "frame" for i in range(c.first, c.last + 1)}
        self.participle_starts = {c.first for c in cues if c.kind == "participle"}
        self._boundaries = self._find_boundaries()
        self._boundary_starts = [b[0] for b in self._boundaries]
        self._switches = self._find_switches()
        self._switch_starts = [w[0] for w in self._switches]

    # --- the shapes --------------------------------------------------------------

    def build(self) -> list[Draft]:
        for index, cue in enumerate(self.cues):
            if cue.kind == "frame":
                draft = self._frame(cue)
            elif cue.kind == "noun":
                draft = self._noun(cue, index)
            else:
                draft = self._verb(cue, index)
            if draft is not None and draft.content is None and draft.speaker and draft.source:
                self.interviews.append(draft)  # تحدث X لـ"سي إن بي سي": no claim, but the outlet X spoke to
            if draft is None or draft.content is None:
                # روي ماتوس: letters of a cue that reported nothing are a word like any other
                self.v.cue_tokens -= set(range(cue.first, cue.last + 1))
                continue
            draft.nested = any(d.content and d.content[0] <= cue.start < d.content[1]
                               for d in self.drafts[-8:])
            self.drafts.append(draft)
            if draft.speaker and draft.explicit:
                self.known.update(w for w in _norm_words(self.v.text[draft.speaker[0]:draft.speaker[1]]))
        self._credit_frames()
        return self.drafts

    def _verb(self, cue: CueMatch, index: int) -> Draft | None:
        v = self.v
        draft = Draft(cue)
        k = cue.last + 1
        first_word = v.norm(k)
        impersonal = cue.form.impersonal and (passive_marked(v.texts[cue.last]) or cue.form.kind == "impersonal")
        relative = cue.first > 0 and (strip_conjunction(v.norm(cue.first - 1))[1] in RELATIVES or (
            v.bare(cue.first - 1) in ("ما", "بما", "مما", "لما") and _object_suffix(v.bare(cue.last), v.p)))
        if relative and normalize(cue.form.lemma) in v.words("relays"):
            return None  # البيان الذي أوردته صحيفة الصباح: a credit, not a claim (see _complementizer_ahead)
        # relay: نقلت X عن Y قوله / ونُقل عن Y
        if cue.form.lemma == "نقل":
            return self._relay(cue, draft, impersonal)
        if cue.kind == "participle":
            k = self._skip_adjuncts(k, draft)
            if not self.drafts:
                subject = self._sentence_subject(cue)
                if subject:  # named in the sentence, but not by this clause
                    draft.speaker, draft.explicit = subject, False
            if draft.speaker is None:
                self._resolve(draft, index)
        elif impersonal:
            draft.speaker = None  # قيل إن, يُعتقد أن, ما تردد عن: nobody is named
        else:
            pronoun = self._pronoun_opener(cue)
            plural = _plural_subject(v.bare(cue.last), cue.form.tense)
            starts_object = first_word in v.words("complementizers") or first_word in v.words("content_prepositions") \
                or first_word in v.words("speaker_stops") or (
                    not COLON_OR_OPENING.isdisjoint(v.gap(k)) and not quoted_name_at(v, k))
            starts_object = starts_object or plural or pronoun or (k < v.n and (_possessed(v, k) or k in v.cue_tokens))
            end = k if starts_object or k >= v.n else noun_phrase(v, k, object_verb=cue.form.object, via=cue.form.via)
            if cue.form.object and end == v.n and end > k + 1 and first_word.startswith("ال") and v.head_in(
                    k, "titles", "organization_heads", "anonymous_heads", "media_heads") and self._what_before(cue) is None:
                # واستغرب النائب تأخر الحكومة …: a transitive verb has an object, so a subject
                # running to the sentence end is the definite head and its adjectives
                end = head_with_adjectives(v, k)
            matched = lookup(v.norm(cue.first), v.p)
            clitic = bool(matched[0]) if matched else bool(strip_conjunction(v.norm(cue.first))[0])  # وصف: no و clitic
            opens = clitic  # or the cue heads its clause: tested below, only when it matters
            before = None if clitic or relative or pronoun else noun_phrase_before(v, cue.first)
            topic = self._topic(cue)
            if topic is not None:
                before, clitic = topic, False
            nested = any(d.content and d.content[0] <= cue.start < d.content[1] for d in self.drafts[-8:])
            if nested and before is not None and not plural and not speaker_like(v, before[0], before[1], self.known):
                return None  # ... أن الهجمات الأخيرة تكشف عن: what attacks "reveal" is no report
            before_ok = before is not None and not _possessed(v, before[0]) and (
                speaker_like(v, before[0], before[1], self.known, strict=nested) or plural)  # أن الخاطفين طالبوا
            darija_occasion = v.norm(k).startswith("ف") and is_occasion(v, k)  # فتصريح = في تصريح
            # ووصفت تلك المزاعم بأنها …: one phrase, then the predicate: the phrase is what was labelled
            labelled = normalize(cue.form.lemma) in v.words("labeling_verbs") and end < v.n \
                and _object_follows(v, end, cue) and not names_speaker(v, k, end, self.known)
            after_ok = end > k and v.bare(k) not in v.words("pronoun_prepositions") and not darija_occasion \
                and not labelled and not (
                cue.form.object and end == v.n  # وهو ما نفاه X جملة وتفصيلاً: X is all there is
                and self._what_before(cue) is None) and (
                speaker_like(v, k, end, self.known)
                or ((opens or heads_clause(v.s, v.text, cue.first, v.p))
                    and (not cue.form.object or _object_follows(v, end, cue) or _two_phrases(v, k, end)
                         or self._content_after_adjuncts(end, cue))))
            if relative and end > k and v.norm(k).startswith("ب"):
                after_ok = False  # ما وصفه بسياسة الترقيع: the ب phrase is what was described
            if relative and not (_object_suffix(v.bare(cue.last), v.p) and after_ok):
                self._relative_speaker(cue, draft, index)
            elif before_ok and before is not None:
                draft.speaker, draft.explicit = v.span(before[0], before[1]), True  # SVO: محامي المدان فنّد رواية ...
            elif after_ok:
                draft.speaker, draft.explicit = v.span(k, end), True  # VSO: وأقر المتهم بـ...
                k = end
            elif plural and (agreeing := self._plural_before_comma(cue)) is not None:
                draft.speaker, draft.explicit = agreeing, True  # والتقت عنب بلدي سيدتين من سكان الحي، أكدتا
                draft.source = self._outlet_before(agreeing[0])  # the outlet that met them
            elif pronoun and not self.drafts:
                subject = self._sentence_subject(cue)
                if subject:
                    draft.speaker, draft.explicit = subject, True
                else:
                    self._resolve(draft, index)
            else:
                self._resolve(draft, index)
        self._reporter_source(draft)
        k = self._skip_adjuncts(k, draft)
        self._before_cue(cue, draft)
        antecedent = self._what_before(cue)
        draft.content = antecedent or self._content(cue, k, draft, index)
        return draft

    def _nested_before(self, draft: Draft) -> bool:
        """Does this sentence's claim stand inside the content of an earlier claim of the sentence?"""
        return any(d is not draft and d.content and d.content[0] <= draft.cue.start < d.content[1]
                   for d in self.drafts[-8:])

    def _content_after_adjuncts(self, end: int, cue: CueMatch) -> bool:
        """واكد الشلبي في تصريح لوكالة س أن …: past the occasion, the outlet or the time after
        the phrase [k, end), does the content open? Then the phrase is the subject."""
        probe = Draft(cue)
        after = self._skip_adjuncts(end, probe)
        return after > end and _object_follows(self.v, after, cue)

    def _plural_before_comma(self, cue: CueMatch) -> tuple[int, int] | None:
        """…سيدتين من سكان الحي، أكدتا أن: a dual or plural verb right after a comma agrees with
        the plural noun of the clause before it (often the object of another verb), which it reports."""
        v = self.v
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

    def _outlet_before(self, offset: int) -> tuple[int, int] | None:
        """والتقت عنب بلدي سيدتين: an outlet named in the clause before a speaker met it."""
        v = self.v
        end = v.token_index(offset)
        for h in range(max(v.last_comma(end), end - PLURAL_REACH), end):
            if outlet_like(v, h):
                last = min(outlet_end(v, h), end)
                return name_start(v, h), v.span_end(last - 1)
        return None

    def _noun(self, cue: CueMatch, index: int) -> Draft | None:
        """اتهامات الوزير للنقابة بأنها …, إشادة وزير الطاقة بـ…, دعوته إلى …, بزعم أن …:
        a noun cue is a claim only with content and a speaker, named in the genitive after it
        or by the pronoun attached to it; بزعم أن alone reports nobody's words.

        A definite noun (الاتهامات, المزاعم) mostly takes up claims already reported, and
        is left out.
        """
        v = self.v
        draft = Draft(cue)
        via = cue.form.via
        k = cue.last + 1
        word = v.norm(cue.last)
        if word.startswith(("ال", "بال", "لل", "وال", "فال")):
            return None
        # دعوته = دعوة + ه: a feminine ة is written ت before a pronoun
        possessed = word.endswith(POSSESSIVES) and any(
            lookup(word[:-len(s)], v.p) is not None
            or (word[:-len(s)].endswith("ت") and lookup(word[:-len(s) - 1] + "ة", v.p) is not None)
            for s in POSSESSIVES if word.endswith(s))
        if possessed:
            if not (k < v.n and _opens_noun_content(v, k, via)):
                return None
            if cue.form.possessor_speaks:
                self._resolve(draft, index)  # دعوته إلى: the one the pronoun stands for
            else:
                draft.speaker = self._agent_after(k)  # اتهامه بـ… من قبل X: X accuses
                if draft.speaker is None:
                    return None
        elif k < v.n and v.norm(k) in v.words("complementizers"):
            if not word.lstrip("و").startswith("ب"):
                return None  # بزعم أن, بادعاء أن: a pretext, reported by nobody named
        else:
            end = noun_phrase(v, k, object_verb=True, via=via)
            if not (end > k and speaker_like(v, k, end, self.known, strict=True)):
                return None
            draft.speaker, draft.explicit = v.span(k, end), True
            k = end
        # the content opens within a few words: the target of an evaluative noun may come first
        # (اتهامات الوزير *للنقابة* بأنها), and then counts as content (ANNOTATION.md R8)
        for j in range(k, min(k + NOUN_CONTENT_REACH, v.n)):
            if j > k and not COMMA_OR_COLON.isdisjoint(v.gap(j)):
                break
            if _opens_noun_content(v, j, via):
                start = v.starts[k] if j > k or v.norm(j) not in v.words("complementizers") else v.ends[j]
                draft.content = self._quoted_or_clause(start, draft)
                if draft.content and draft.speaker and not cue.form.possessor_speaks \
                        and draft.content[0] < draft.speaker[0] < draft.content[1]:
                    # اتهامه بـ"التحايل" من قبل X: the charge, without the one who brings it
                    agent_word = v.token_index(draft.speaker[0]) - 2
                    draft.content = _trim(v.text, draft.content[0], v.starts[agent_word])
                return draft
        return None

    def _agent_after(self, k: int) -> tuple[int, int] | None:
        """من قبل X (by X), within the clause after token k: the agent of a passive act noun."""
        v = self.v
        for j in range(k, min(k + AGENT_REACH, v.n - 2)):
            if j > k and not STOP_OR_SEMICOLON.isdisjoint(v.gap(j)):
                break
            if v.norm(j) == "من" and v.norm(j + 1) == "قبل":
                end = noun_phrase(v, j + 2)
                if end > j + 2:
                    return v.span(j + 2, end)
        return None

    def _reporter_source(self, draft: Draft) -> None:
        """قال مراسل الجزيرة: the reporter's outlet is the source."""
        if draft.source is None and draft.speaker is not None and draft.explicit:
            v = self.v
            first = v.token_index(draft.speaker[0])
            end = bisect_right(v.starts, draft.speaker[1] - 1)
            if first < v.n:
                draft.source = reporter_outlet(v, first, end)

    def _before_cue(self, cue: CueMatch, draft: Draft) -> None:
        """وفي تصريح لصحيفة "الوطن"، أوضح ...: an occasion and an outlet named before the cue."""
        v = self.v
        start = max(cue.first - 12, self.drafts[-1].cue.last + 1 if self.drafts else 0)  # this clause only
        norms = v.norms
        for j in range(start, cue.first):
            if norms[j] in OCCASION_OPENERS and is_occasion(v, j + 1):
                draft.occasion = not v.norm(j + 1).startswith("ال")
                if draft.source is None:
                    draft.source = occasion_outlet(v, j + 1)

    def _what_before(self, cue: CueMatch) -> tuple[int, int] | None:
        """وهو ما نفاه المكتب الإعلامي: the content is the clause before وهو ما."""
        v = self.v
        i = cue.first
        if i >= 2 and v.bare(i - 1) == "ما" and strip_conjunction(v.norm(i - 2))[1] in ("هو", "هي", "هذا") and i - 2 > 0:
            if v.comma_before(i - 2) or v.norm(i - 2).startswith("و"):
                first = i - 3
                stop = max(v.last_comma(first), v.token_index(v.ends[i - 3] - MAX_CONTENT))
                while first > stop and not v.is_cue(first - 1) and v.norm(first - 1) not in v.words("complementizers"):
                    first -= 1
                return _trim(v.text, v.starts[first], v.ends[i - 3])
        return None

    def _topic(self, cue: CueMatch) -> tuple[int, int] | None:
        """أما الوالي سليم كاراباش، فأشار إلى ...: the topic after أما is the subject of the فـ verb."""
        v = self.v
        if not v.norm(cue.first).startswith("ف"):
            return None
        for j in range(cue.first - 1, max(-1, cue.first - 30), -1):
            if v.bare(j) in ("اما", "وأما", "واما"):
                end = j + 1
                while end < cue.first and not v.comma_before(end):
                    end += 1
                return (j + 1, end) if end > j + 1 else None
            if v.is_cue(j):
                return None
        return None

    def _sentence_subject(self, cue: CueMatch) -> tuple[int, int] | None:
        """The subject of the sentence's opening verb (ولم يؤكد المتحدث ... ، مكتفياً بالقول)."""
        v = self.v
        k = 0
        while k < cue.first and v.bare(k) in ("لم", "لا", "لن", "قد", "كما", "و"):
            k += 1
        if k >= cue.first - 1 or not COMMAS.isdisjoint(v.gap(k + 1)) or v.bare(k) in v.words("content_prepositions"):
            return None  # (وفي سياق آخر، أكد: a preposition opens the sentence, not a verb)
        # The verb may be transitive (وعلّقت الخطوط الجوية رحلاتها): the subject ends where
        # a noun phrase ends, as before an object.
        end = noun_phrase(v, k + 1, limit=cue.first, object_verb=True)
        if end > k + 1 and subject_start(v, k + 1) and not v.is_cue(k + 1) and (
                v.head_in(k + 1, "titles", "anonymous_heads", "organization_heads", "media_heads", "other_heads")
                or strip_conjunction(v.norm(0))[0] and not v.norm(k + 1).startswith(("ب", "ل"))):
            return v.start_of(k + 1), v.span_end(end - 1)
        return None

    def _pronoun_opener(self, cue: CueMatch) -> bool:
        """لكنه حذر, ولكنها اعتبرته: the subject is the pronoun, not a phrase before it."""
        j = cue.first - 1
        while j > 0 and self.v.norm(j) in PRONOUN_PARTICLES:
            j -= 1
        prev = self.v.norm(j)
        return prev.endswith(("ه", "ها", "هم")) and prev.lstrip("و").startswith("لكن")

    def _relay(self, cue: CueMatch, draft: Draft, impersonal: bool) -> Draft | None:
        v = self.v
        k = cue.last + 1
        if not impersonal and v.norm(k) != "عن":
            end = noun_phrase(v, k)
            if end == k:
                return None
            draft.source = v.span(k, end)
            k = end
        if v.norm(k) != "عن":
            return None
        end = noun_phrase(v, k + 1)
        if end == k + 1:
            return None
        draft.speaker, draft.explicit = v.span(k + 1, end), True
        k = end
        if v.norm(k).startswith("قول"):  # قوله, قولها, قولهم
            k += 1
        draft.content = self._content(cue, k, draft, None)
        return draft

    def _relative_speaker(self, cue: CueMatch, draft: Draft, index: int) -> None:
        """الرئيس العراقي التي أكدت: the phrase before the relative; وصفوه: the clause's speaker."""
        v = self.v
        if _object_suffix(v.bare(cue.last), v.p):
            self._resolve(draft, index)  # الحكم الذي وصفوه: they described it
            return
        rel = cue.first - 1
        before = noun_phrase_before(v, rel) if not v.comma_before(rel) else noun_phrase_before_comma(v, rel)
        if before:
            first, end = before
            # بتصريحات الرئيس العراقي التي: the statements are the president's
            while first < end - 1 and (v.head_in(first, "other_heads") or v.bare(first).lstrip("ب") in v.words("occasions")
                                       or v.bare(first).lstrip("ب").startswith("تصريح")):
                first += 1
            draft.speaker, draft.explicit = (v.start_of(first), v.ends[end - 1]), True
        else:
            self._resolve(draft, index)

    def _resolve(self, draft: Draft, index: int) -> None:
        """A pronoun subject: the speaker of the claim this one continues (not of one nested in it)."""
        cue = draft.cue
        # A participle goes on with the clause it follows, nested or not (…التي أكدت …، معرباً);
        # a verb outside a quotation goes on with the outer statement (وأضاف, after «… أكد لنا …»).
        nested = cue.kind == "participle" or any(
            d.content and d.content[0] <= cue.start < d.content[1] for d in self.drafts[-8:])
        for before in reversed(self.drafts[-8:]):
            if before.speaker and (nested or not self._nested_before(before)):
                draft.speaker = before.speaker
                return
        subject = self._sentence_subject(draft.cue)  # واستقبل المحافظ وفداً، وأكد لهم: this sentence's verb
        if subject is not None:
            draft.speaker = subject
            return
        prior = next((d for d in reversed(self.history[-6:]) if d.speaker and not d.nested), None)
        if self.narrative is not None and (prior is None or prior.cue.start < self.narrative[0]):
            draft.speaker = self.narrative  # رد المهندس X على …. وقال إن: the nearest governing verb's subject
            return
        if prior is not None:
            draft.speaker = prior.speaker

    # --- between the speaker and the content -------------------------------------

    def _skip_adjuncts(self, k: int, draft: Draft) -> int:
        """Skip what stands between speaker and content: لوكالة X, في بيان, الثلاثاء, commas."""
        v = self.v
        occasions = v.words("occasions")
        stops = v.words("speaker_stops")
        steps = 0
        parenthesis_done = False
        while k < v.n and steps < 14:
            steps += 1
            word = v.norm(k)
            outlet = outlet_at(v, k)
            if outlet is None and named_outlet(v, k) and draft.speaker is not None and k > 0 \
                    and not v.head_in(k, "organization_heads") \
                    and normalize(draft.cue.form.lemma) in v.words("listener_objects"):
                end = outlet_end(v, k)  # أبلغ مسؤول وكالة فرانس برس أن: the outlet told, with no لـ
                outlet = (name_start(v, k), k, end)
            if outlet:
                start, _, end = outlet
                if draft.source is None:
                    draft.source = (start, v.span_end(end - 1))
                k = end
                continue
            fused = word.startswith("ف") and len(word) > 3 and is_occasion(v, k)  # فتصريح: في تصريح, in Darija
            if fused or (word in v.words("occasion_prepositions") and is_occasion(v, k + 1)):
                # في بيان, خلال مؤتمر صحفي: a new occasion; في المقابلة, في التصريح ذاته: the one before
                noun = k if fused else k + 1
                draft.occasion = not v.bare(noun).startswith("ال")
                phrase_end, named = occasion_phrase(v, noun)
                if draft.source is None:
                    draft.source = named
                if phrase_end < v.n and (_opens_content(v, phrase_end) or (
                        named is not None and not COMMAS.isdisjoint(v.gap(phrase_end)))):
                    k = phrase_end  # the content opens where the phrase naming the outlet ends
                    continue
                k = noun + 1
                limit = k + 4
                while k < min(v.n, limit) and not _opens_content(v, k) and COMMA_OR_COLON.isdisjoint(v.gap(k)) \
                        and v.norm(k) not in ("ل",) and not outlet_at(v, k) and v.norm(k)[:1] != "ب" \
                        and v.norm(k) not in v.words("content_prepositions"):
                    k += 1
                continue
            if word in occasions:
                draft.occasion = not word.startswith("ال")
                k += 1
                continue
            if (word in stops or word in v.words("pronoun_prepositions")) and word not in v.words("complementizers") \
                    and word not in v.words("content_prepositions") and not word.startswith("قول"):
                k += 1
                continue
            if word in ("في", "منذ") and v.norm(k + 1)[:1].isdigit():
                k += 2  # في 28 أبريل 2025: a date
                while k < v.n and (v.norm(k)[:1].isdigit() or v.norm(k) in v.words("months")):
                    k += 1
                continue
            if word in ("من",) and v.norm(k + 1) in ("جهته", "جهتها", "جانبه", "جانبها"):
                k += 2
                continue
            # ، في وقفة أمام المحكمة، / ، الناطق الرسمي باسم الجيش،: a parenthesis or an apposition
            # set off by commas, the content opening right after it
            apposition = draft.explicit and draft.speaker is not None and k > 0 and v.ends[k - 1] == draft.speaker[1]
            if (word in v.words("content_prepositions") or word in PARENTHESIS_OPENERS or apposition) \
                    and v.comma_before(k) and not parenthesis_done:
                reach = APPOSITION_MAX if apposition else 10
                close = next((j for j in range(k + 1, min(k + reach, v.n)) if v.comma_before(j)), None)
                inside = {v.norm(j) for j in range(k, close or k)}
                if apposition and close is not None:  # only a complementizer or a colon closes an apposition
                    opens = v.norm(close) in v.words("complementizers") or ":" in v.gap(close)
                else:
                    opens = close is not None and (
                        v.norm(close) in v.words("complementizers") or v.norm(close) in v.words("content_prepositions")
                        or v.norm(close)[:1] == "ب" or not COLON_OR_OPENING.isdisjoint(v.gap(close)))
                if close is not None and opens and not inside & v.words("complementizers"):
                    k = close  # ، في وقفة أمام مبنى المحكمة،: a parenthesis
                    parenthesis_done = True
                    continue
            break
        return k

    # --- content --------------------------------------------------------------------

    def _content(self, cue: CueMatch, k: int, draft: Draft, index: int | None) -> tuple[int, int] | None:
        v = self.v
        leading = self._leading_quote(cue)
        if leading and (k >= v.n or v.norm(k) not in v.words("complementizers")):
            draft.direct = True
            return leading
        comps = v.words("complementizers")
        preps = v.words("content_prepositions")
        if k < v.n and ":" not in v.gap(k) and _opens_quote(v, k) and self._short_quote_then_colon(k):
            # خلال حلقة برنامج "المشهد الليلة"، والمذاع عبر فضائية "النهار": "…": the quoted
            # words are names; the statement follows the colon
            return self._complementizer_ahead(k, draft)
        if k < v.n and (":" in v.gap(k) or _opens_quote(v, k)) and v.norm(k) not in comps:
            return self._quoted_or_clause(v.starts[k] - _opening_len(v, k), draft)
        word = v.norm(k)
        if word in comps:
            return self._clause(k + 1, draft)
        if word in preps and v.norm(k + 1) in comps:
            return self._clause(k + 2, draft)
        if word.startswith("نفس") or word.startswith("بنفس"):
            return None  # يكذب نفسه بنفسه: he contradicts himself, no report
        if normalize(cue.form.lemma) in v.words("labeling_verbs") and k < v.n and word not in comps \
                and not word.startswith("ب"):
            if self._complementizer_ahead(k, Draft(cue)) is not None:
                return self._clause(k, draft)  # وصف الاتهامات بأنها "أخبار كاذبة": what was labelled, and as what
        if cue.form.object or cue.kind == "participle" and cue.form.object:
            via = cue.form.via
            if via:
                if word in via and k + 1 < v.n:
                    if v.norm(k + 1) in comps:
                        return self._clause(k + 2, draft)
                    return self._clause(k + 1, draft, allow_quote=True)
                if any(word.startswith(p) and len(word) > len(p) + 1 for p in via if len(p) == 1):
                    return self._clause(k, draft)
                return self._complementizer_ahead(k, draft)  # ويشاع في الأوساط ... أن
            if k >= v.n:
                return self._leading_quote(cue)
            if word in BARE_PREPOSITIONS and k + 1 < v.n:
                return self._clause(k + 1, draft)
            return self._clause(k, draft)
        ahead = self._complementizer_ahead(k, draft)
        if ahead is not None:
            return ahead
        if k >= v.n or word in ("و",) or cue.form.lemma in ("قال", "أضاف", "تابع", "تساءل", "كتب"):
            return self._leading_quote(cue)
        return None

    def _complementizer_ahead(self, k: int, draft: Draft) -> tuple[int, int] | None:
        """قالت ممرضة طلبت عدم ذكر اسمها إن ... / يقول أبو محمد، وهو لاجئ ...: "…":
        a clause about the speaker stands before the content; look ahead for where it opens."""
        v = self.v
        comps = v.words("complementizers")
        cue_tokens = v.cue_tokens
        frame_tokens = self.frame_tokens
        for j in range(k, min(k + 16, v.n)):
            gap = v.gap(j)
            if j > k and ":" in gap:
                return self._quoted_or_clause(v.starts[j] - _opening_len(v, j), draft)
            if j > k and not STOP_OR_SEMICOLON.isdisjoint(gap):
                return None
            outlet = outlet_near(v, j)
            if outlet and draft.source is None:
                draft.source = (outlet[0], v.span_end(outlet[2] - 1))
            if v.norm(j) in comps:
                return self._clause(j + 1, draft)
            relay = lookup(v.norm(j), v.p)
            if j in cue_tokens and j > 0 and v.norm(j - 1) in RELATIVES and relay is not None \
                    and normalize(relay[1].lemma) in v.words("relays"):
                continue  # البيان الذي أوردته صحيفة الصباح: the outlet that relays it
            if j in frame_tokens:
                continue  # وذكرت قناة X، نقلاً عن Y، أن ...: the frame is a parenthesis
            if j == k and j in self.participle_starts:
                continue  # وأضاف مادحاً رئيس الحكومة: "…": the participle is the manner of saying
            if j in cue_tokens and not self._withheld_cue(j):
                return None
        return None

    def _short_quote_then_colon(self, k: int) -> bool:
        """Is the quotation opening at token k a short name, with a colon still to come?"""
        v = self.v
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

    def _withheld_cue(self, j: int) -> bool:
        v = self.v
        nxt = {v.norm(j + 1), v.norm(j + 2)}
        return bool(nxt & v.words("withheld_objects")) or "عدم" in nxt

    def _leading_quote(self, cue: CueMatch) -> tuple[int, int] | None:
        """«…»، قال وزير المال: the quotation before the cue is its content."""
        v = self.v
        quote = v.quote_at.get(v.s.start) or v.quote_at.get(v.s.start + 1) or v.quote_at.get(v.s.start + 2)
        if quote is not None and quote[1] < v.starts[cue.first]:
            a, b = quote  # the sentence opens with it
            if len(v.text[b + 1:v.starts[cue.first]].strip(" ،,")) <= 2:
                return (a + 1, b)
        return None

    def _clause(self, k: int, draft: Draft, allow_quote: bool = True) -> tuple[int, int] | None:
        v = self.v
        if k >= v.n:
            return None
        start = v.starts[k]
        if allow_quote:
            # The content starts with the marks attached to its first word when they open
            # something: «, (, <, or a quotation mark that opens a quotation.
            opening_quotes = v.quote_at
            while start > 0 and start - 1 >= v.s.start and (
                    v.text[start - 1] in "«“(<[" or (v.text[start - 1] in QUOTES and start - 1 in opening_quotes)):
                start -= 1
        return self._quoted_or_clause(start, draft)

    def _quoted_or_clause(self, start: int, draft: Draft) -> tuple[int, int] | None:
        """The content from `start`: a whole quotation, or the clause up to the next report."""
        v = self.v
        text = v.text
        while start < v.s.end and text[start] in " :،,":
            start += 1
        quote = v.quote_at.get(start)
        if quote is not None:
            a, b = quote
            tail = text[b + 1:self._clause_end(b)].strip(" .،,!؟?؛")
            if not tail:
                draft.direct = True
                return (a + 1, b)
        end = min(self._clause_end(start), start + MAX_CONTENT)
        colon = _outside_quotes(v, start, end, ":")
        if colon is not None and colon > start:
            end = colon  # مادحاً رئيس الحكومة: "…": the quotation after the colon is another claim's
        return _trim(text, start, end)

    def _clause_end(self, start: int) -> int:
        """Where the content starting at `start` ends: the sentence end or the next reporting clause."""
        end = self._cue_boundary(start)
        i = bisect_right(self._switch_starts, start)
        if i < len(self._switches) and self._switches[i][0] < end:
            return self._switches[i][1]  # ، فيما ...: another subject's clause
        return end

    def _cue_boundary(self, start: int) -> int:
        """The end of a clause at the first reporting clause after `start` (، مؤكداً / ، بحسب / لكنه حذر)."""
        i = bisect_right(self._boundary_starts, start)
        if i == len(self._boundaries):
            return self.v.s.end
        end = self._boundaries[i][1]
        return start if end is None else end

    def _find_boundaries(self) -> list[tuple[int, int | None]]:
        """(cue start, clause end) for each cue that opens a new reporting clause; computed once."""
        v = self.v
        found: list[tuple[int, int | None]] = []
        for cue in self.cues:
            k = cue.first
            if v.inside(cue.start):
                continue
            comma = not COMMA_OR_SEMICOLON.isdisjoint(v.gap(k))
            word = v.norm(k)
            prev = v.norm(k - 1)
            if cue.kind == "participle" and comma:
                found.append((cue.start, v.ends[k - 1]))
            elif cue.kind == "frame" and (comma or k == 0):
                found.append((cue.start, v.ends[k - 1] if k else None))
            elif comma and word[0] in "وف":  # ، وأكد ...: a new report, coordinated
                found.append((cue.start, v.ends[k - 1]))
            elif k and "\n" in v.gap(k) and word[0] in "وف":  # …محدودة⏎واردف الحموي: a new paragraph's report
                found.append((cue.start, v.ends[k - 1]))
            elif comma and cue.kind == "verb" and v.norm(k + 1) in v.words("complementizers"):
                found.append((cue.start, v.ends[k - 1]))  # ، رجح أن …: another report, asyndetic
            elif prev.lstrip("و").startswith("لكن") or prev in ("فيما", "بينما", "وفيما") and comma:
                found.append((cue.start, v.ends[k - 2] if k >= 2 else v.ends[k - 1]))
        return found

    def _find_switches(self) -> list[tuple[int, int]]:
        """(token start, clause end) where another clause opens, outside quotations: ، فيما / ، بينما,
        and the clause breaks of the grammar (في وقت, دون أن; after a comma: وهو ما, الذين)."""
        v = self.v
        found = []
        breaks = v.p.clause_breaks_by_first
        for k in [k for k, word in enumerate(v.norms) if k and (word in SWITCH_WORDS or word in breaks)]:
            word = v.norms[k]
            comma = v.comma_before(k)
            topic = word == "من" and v.norm(k + 1) in ("جهته", "جهتها", "جهتهم", "جانبه", "جانبها")
            opens = comma and (word in CLAUSE_SWITCH or topic)
            for words, needs_comma in breaks.get(word, ()):
                if (comma or not needs_comma) and v.norms[k:k + len(words)] == list(words):
                    opens = True
            if opens and not v.inside(v.starts[k]):
                prev_end = v.ends[k - 1]
                found.append((v.starts[k], prev_end + (1 if v.text[prev_end:prev_end + 1] in QUOTES else 0)))
        return found

    # --- frames ----------------------------------------------------------------------

    def _frame(self, cue: CueMatch) -> Draft | None:
        v = self.v
        draft = Draft(cue)
        k = cue.last + 1
        said = v.norm(cue.last)
        if cue.last > cue.first and said.startswith(("قول", "تعبير", "وصف")) and said not in ("قول", "تعبير", "وصف"):
            # حسب قوله, وفق تعبيره, حسب وصفها: the pronoun names the speaker
            self._resolve(draft, len(self.drafts))
            end = k
        else:
            end = noun_phrase(v, k)
            outlet = outlet_at(v, k) if end == k else None
            if outlet is not None:  # وفقاً لصحف كويتية: the ل is the frame's, the outlet speaks
                end = outlet[2]
            if end == k:
                return None
            bare_frame = cue.frame_verb is None and cue.form.lemma in self.v.p.frames
            prefixed = v.norm(k).startswith("ل")  # وفقاً للقضاة: the ل is the frame's
            if bare_frame and not (
                    (prefixed or speaker_like(v, k, end, self.known)) and self._frame_speaker(k, end)):
                return None
            draft.speaker, draft.explicit = (outlet[0] if outlet else v.start_of(k), v.span(k, end)[1]), True
            if cue.frame_verb is not None and cue.frame_verb.lemma == "نقل" and v.norm(end) == "عن":
                # بحسب ما نقلته شبكة X عن مصادر ...: the sources speak, the network relays
                inner = noun_phrase(v, end + 1)
                if inner > end + 1:
                    draft.source = draft.speaker
                    draft.speaker = v.span(end + 1, inner)
                    end = inner
        self._reporter_source(draft)
        opens = cue.first == 0 or (cue.first == 1 and v.norm(0) in ("و",))
        after = end
        while after < v.n and v.norm(after) in v.words("speaker_stops") and not v.comma_before(after):
            after += 1
        if not opens and v.comma_before(cue.first) and after < v.n and v.comma_before(after) \
                and v.norm(after) in v.words("complementizers"):
            # وذكرت قناة X، نقلاً عن Y، أن ...: the frame qualifies the clause after it
            start = v.starts[after + 1] if after + 1 < v.n else v.s.end
            draft.content = _trim(v.text, start, self._clause_end(start)) if after + 1 < v.n else None
            return draft
        if opens:
            k = end
            while k < v.n and v.norm(k) in ("فان", "فإن", "فقد", "ف", "فانه", "فإنه"):
                k += 1
            start = v.starts[k] if k < v.n else v.s.end
            content = _trim(v.text, start, self._clause_end(start)) if k < v.n else None
        elif (quoted := self._quote_before(cue)) is not None:
            content = quoted  # «عقوبة رمزية لا تمس جوهر ما نشرناه» حسب قولهم: the quotation it follows
        else:
            first = 0
            while first < cue.first - 1 and v.norm(first) in ("و", "كما", "وكما"):
                first += 1  # كما وقع الوزيران ...: the particle is the article's, not the content
            start = max(v.starts[first], v.ends[cue.first - 1] - MAX_CONTENT) if cue.first else 0
            content = _trim(v.text, start, v.ends[cue.first - 1]) if cue.first else None
        draft.content = content
        return draft

    def _quote_before(self, cue: CueMatch) -> tuple[int, int] | None:
        """The quotation that ends right before a frame, if one does."""
        v = self.v
        end = v.starts[cue.first]
        while end > v.s.start and v.text[end - 1] in " ،,":
            end -= 1
        quote = v.quote_ending.get(end - 1)
        if quote is not None and quote[0] > v.s.start:
            return (quote[0] + 1, quote[1])
        return None

    def _frame_speaker(self, k: int, end: int) -> bool:
        """بحسب X: X must name a speaker, not a rule (وفق القانون, وفق نشرة الصرف)."""
        v = self.v
        word = v.bare(k)
        if word.startswith("لل") and len(word) > 4:
            probe = "ال" + word[2:]  # للقضاة = لـ + القضاة
        else:
            probe = word[1:] if word.startswith("ل") and len(word) > 3 else word
        if probe in self.known or ("ال" + probe) in self.known or probe.removeprefix("ال") in self.known:
            return True
        heads = ("media_heads", "organization_heads", "anonymous_heads", "other_heads", "titles")
        return any(v.head_in(j, *heads) for j in range(k, min(k + 2, end))) \
            or outlet_like(v, k)  # (نقلاً عن ثلاثة *مسؤولين*: a numeral may come first)

    def _credit_frames(self) -> None:
        """…، بحسب ما نقلته وكالة X: the outlet credited for the sentence's other claims."""
        since = 0  # each frame credits the claims between the frame before it and itself
        for i, frame in enumerate(self.drafts):
            if frame.cue.kind != "frame" or frame.speaker is None:
                continue
            if self._is_media(frame):
                for draft in self.drafts[since:i]:
                    draft.source = frame.speaker
            since = i + 1

    def _is_media(self, draft: Draft) -> bool:
        if draft.speaker is None:
            return False
        text = self.v.text[draft.speaker[0]:draft.speaker[1]]
        return is_media(text, self.v)


def is_media(text: str, view: SentenceView) -> bool:
    words = _norm_words(text)
    if not words:
        return False
    speakers = view.p.speakers
    first = words[0]
    if first in speakers["media_heads"] or first.removeprefix("ال") in speakers["media_heads"]:
        return True
    return view.p.outlet_prefix(words)


@lru_cache(maxsize=4096)
def _norm_words(text: str) -> tuple[str, ...]:
    """The normalized words of a phrase (a speaker, an outlet): phrases recur, so cached."""
    return tuple(map(normalize, WORD.findall(text, concurrent=False)))


def _object_follows(v: SentenceView, end: int, cue: CueMatch) -> bool:
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


def _opens_noun_content(v: SentenceView, j: int, via: frozenset[str]) -> bool:
    """بأن, أن, إلى, بالفساد: what introduces a noun cue's content."""
    word = v.norm(j)
    return word in v.words("complementizers") or word in via or any(
        len(p) == 1 and word.startswith(p) and len(word) > 3 for p in via)


def _plural_shaped(word: str) -> bool:
    """سيدتين, العاملين, المحتجون, صحفيات: a dual or plural noun's ending."""
    return len(word) > 4 and word.endswith(("ين", "ون", "ان", "ات"))


def _two_phrases(v: SentenceView, k: int, end: int) -> bool:
    """واستغرب الملا *إرسال* الوزير كتاباً: after a transitive verb heading its clause, a
    second noun phrase starting right after the first makes the first the subject (VSO)."""
    return (end == k + 1 and end < v.n and COMMA_OR_COLON.isdisjoint(v.gap(end)) and v.bare(k).startswith("ال")
            and not _possessed(v, end - 1) and new_head(v, end, k) and not v.is_cue(end)
            and v.norm(end) not in v.phrase_stops)


def _plural_subject(word: str, tense: str | None) -> bool:
    """وحثّتا, طالبوا, يقولون: a dual or plural verb carries its subject; what follows is the object.

    Arabic verbs before their subject stay singular, so these suffixes mean
    the subject was named before.
    """
    if tense == "perfect":
        return word.endswith(("وا", "تا"))
    if tense in ("imperfect", "future"):
        return word.endswith(("ون", "ان"))
    return False


def _object_suffix(word: str, patterns: Patterns | None = None) -> bool:
    """وصفه, وصفوه, وصفته, اعتبرتها: a verb carrying an object pronoun."""
    if word.endswith(("وه", "ته", "تها", "وها", "اه")):
        return True
    if patterns is not None:
        for suffix in ("ها", "هم", "ه"):
            if word.endswith(suffix) and lookup(word[:-len(suffix)], patterns) is not None:
                return True
    return False


def _possessed(v: SentenceView, k: int) -> bool:
    """عزمه, تحميلها: a noun with a possessive pronoun is the object, not a subject."""
    word = v.bare(k)
    return (len(word) > 4 and word.endswith(("ه", "ها", "هم")) and not word.startswith("ال")
            and not v.head_in(k, "titles", "organization_heads", "anonymous_heads", "media_heads", "other_heads"))


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


def _opens_content(v: SentenceView, k: int) -> bool:
    return v.norm(k) in v.words("complementizers") or not COLON_OR_OPENING.isdisjoint(v.gap(k))


def _opening_len(v: SentenceView, k: int) -> int:
    gap = v.gap(k)
    stripped = gap.rstrip()
    return 1 if stripped and stripped[-1] in OPENING and gap == stripped else 0


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
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
