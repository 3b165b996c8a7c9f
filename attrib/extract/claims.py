"""Building claims from cues: speaker, content, source, stance and type.

Arabic news reports in a few shapes, and each rule below names its shape:

  VSO      وقال المحلل مصطفى النعيمي إن ...        speaker after the verb
  SVO      الساعدي، الذي ...، قال إن ...           speaker before it
  pronoun  وأوضح أن ... / لكنه حذر من ...           the speaker named before
  relative ... الرئيس العراقي التي أكدت ...         the phrase the relative refers to
  adverb   ...، مؤكداً أن ...                       the speaker of the clause it follows
  relay    نقلت وكالة X عن Y قوله إن ...             speaker Y, source X
  frame    ...، بحسب ما أفادت وزارة X                the clause the frame qualifies

SentenceBuilder runs the cues of a sentence through these shapes; the verb, noun and relay
shapes are here, frames in frames.py. What they share: the content (content.py), the source
(sources.py), the speaker when it must be resolved (speakers.py), the state (drafts.py).
"""

from __future__ import annotations

from attrib.arabic import ALEF, BEH, DEFINITE_ARTICLE, NOON, TEH, YEH, normalize, passive_marked
from attrib.extract.clauses import find_clauses
from attrib.extract.content import (
    COLON_OR_OPENING,
    find_content,
    opens_content,
    what_before,
)
from attrib.extract.cues import CueMatch, heads_clause, lookup, narrated_before, strip_conjunction
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.frames import credit_frames, frame_claim
from attrib.extract.heads import head_with_adjectives
from attrib.extract.nonreports import copula, reports_nothing
from attrib.extract.nouns import noun_claim
from attrib.extract.outlets import (
    is_occasion,
    name_not_stop,
    occasion_outlet,
    quoted_name_at,
)
from attrib.extract.phrases import (
    names_speaker,
    noun_phrase,
    noun_phrase_before,
    speaker_like,
    subject_start,
)
from attrib.extract.relays import past_times, relay_claim
from attrib.extract.roles import (
    disagrees,
    first_person,
    honorific_pronoun,
    object_of_continuation,
    occasion_before,
    relative_speaker,
    subject_before_occasion,
    trailing_report,
    with_conjoined,
)
from attrib.extract.shapes import (
    accusative,
    complementizer_pronoun,
    in_example_list,
    perfect_gender,
    verbal_noun,
)
from attrib.extract.sources import (
    before_cue,
    earlier_occasion,
    is_media,
    norm_words,
    outlet_before,
    reporter_source,
    skip_adjuncts,
    trailing_source,
)
from attrib.extract.speakers import (
    clause_subject,
    comma_bounded_subject,
    content_after_adjuncts,
    fronted_topic,
    has_possessive,
    object_follows,
    plural_before_comma,
    pronoun_opener,
    resolve,
    sentence_subject,
    two_phrases,
)
from attrib.extract.view import (
    COMMA_OR_COLON,
    SentenceView,
    clitic_length,
    object_suffix,
    plural_subject,
)


class SentenceBuilder:
    """The claims of one sentence, given the claims before it in the article."""

    def __init__(self, view: SentenceView, cues: list[CueMatch], history: list[Draft], known: set[str],
                 narrative: tuple[int, int] | None = None) -> None:
        self.state = SentenceClaims(view, cues, history, known, narrative)
        find_clauses(self.state)
        self.interviews = self.state.interviews  # speakers speaking to an outlet, with no claim of their own

    def build(self) -> list[Draft]:
        state = self.state
        for index, cue in enumerate(state.cues):
            if cue.first in state.absorbed:
                continue
            if cue.kind == "frame":
                draft = frame_claim(state, cue)
            elif cue.kind == "noun":
                draft = noun_claim(state, cue, index)
            else:
                draft = _verb(state, cue, index)
            if draft is not None and draft.content is None and draft.speaker and draft.source:
                state.interviews.append(draft)  # تحدث X لـ"سي إن بي سي": no claim, but the outlet X spoke to
            if draft is None or draft.content is None:
                # روي ماتوس: letters of a cue that reported nothing are a word like any other
                state.v.cue_tokens -= set(range(cue.first, cue.last + 1))
                continue
            draft.nested = state.holding(cue.start) is not None
            trailing_source(state, draft)
            state.drafts.append(draft)
            if draft.speaker and draft.explicit:
                state.known.update(w for w in norm_words(state.v.text[draft.speaker[0]:draft.speaker[1]]))
        credit_frames(state)
        return state.drafts


def _verb(state: SentenceClaims, cue: CueMatch, index: int) -> Draft | None:
    v = state.v
    draft = Draft(cue)
    k = cue.last + 1
    first_word = v.norm(k)
    impersonal = cue.form.impersonal and (passive_marked(v.texts[cue.last]) or cue.form.kind == "impersonal")
    # ما يتم تداوله, ما جرى ترويجه: a passive made with تم/يتم and the verbal noun names nobody (R10)
    impersonal = impersonal or (cue.first > 0 and v.bare(cue.first - 1) in v.words("passive_auxiliaries"))
    after_what = cue.first > 0 and (v.bare(cue.first - 1) in v.words("relative_whats") or (
        v.norm(cue.first - 1) in v.words("suffixed_whats") and object_suffix(v.bare(cue.last), v.p)))  # فيما وصفتها
    relative = cue.first > 0 and (strip_conjunction(v.norm(cue.first - 1))[1] in v.words("relatives") or (
        after_what and object_suffix(v.bare(cue.last), v.p)))
    # ما يتداول من أنباء حول …, ما يتردد عن …: "what is said", a passive read unvowelled (R10)
    impersonal = impersonal or (after_what and not relative and cue.form.tense == "imperfect" and not cue.form.via
                                and v.bare(cue.last)[:1] == YEH and first_word in v.words("content_prepositions")
                                and strip_conjunction(v.norm(cue.first - 2))[1] not in v.words("what_pronouns"))
    if reports_nothing(v, cue, after_what, relative, impersonal):
        return None
    if normalize(cue.form.lemma) in v.words("object_first_verbs") and cue.form.tense == "imperfect" and not relative:
        accused = noun_phrase(v, k, object_verb=True)
        # ويتهم الموقوفون بتحويل أموال: يُتهم, the accused then the charge, no one accusing (R10)
        impersonal = impersonal or (k < accused < v.n and v.norm(accused)[:1] == BEH)
    if cue.form.tense == "first" or (
            cue.form.tense == "perfect" and v.inside(cue.start) and v.bare(cue.last).endswith(NOON + ALEF)
            and not (k < v.n and speaker_like(v, k, noun_phrase(v, k), state.known, strict=True))):
        # «… لكنا أعلنا عنه»: أعلنّا "we announced", not the dual, in the speaker's own words (R9)
        return first_person(state, cue, draft, index)
    # relay: نقلت X عن Y قوله / ونُقل عن Y
    if cue.form.relay is not None:
        relayed = relay_claim(state, cue, draft, impersonal, index)
        end = noun_phrase(v, k) if relayed is None and not impersonal and heads_clause(v.s, v.text, cue.first, v.p) \
            and not object_suffix(v.bare(cue.last), v.p) else k  # (في تصريح *نقلته* قناة س: R6)
        if relayed is not None or end == k or not (end < v.n and opens_content(v, end) and is_media(v.text[v.starts[k]:v.ends[end - 1]], v)):
            return relayed
        draft = Draft(cue)  # ونقلت إذاعة س أن …: the outlet's own report, no one relayed
    if cue.kind == "participle":
        k = skip_adjuncts(state, k, draft)
        if not state.drafts:
            subject = clause_subject(state, cue)
            if subject:  # named in the sentence, but not by this clause
                draft.speaker, draft.explicit = subject, False
                # يذكر أن س غادر …، زاعماً: the journalist's background, not the statement before
                draft.occasion = narrated_before(v.s, cue.first, v.p)
        if draft.speaker is None:
            resolve(state, draft, index)
    elif impersonal:
        draft.speaker = None  # قيل إن, يُعتقد أن, ما تردد عن: nobody is named
    elif trailing_report(state, cue, draft):
        reporter_source(state, draft)
        return draft  # «…»، يقول البيان: the clause it trails (R1)
    else:
        pronoun = pronoun_opener(state, cue) or (cue.first > 0 and complementizer_pronoun(v, cue.first - 1))
        occasion = occasion_before(v, cue, first_word)
        described = clause_subject(state, cue, limit=occasion) if occasion is not None else None
        if described is not None and occasion is not None:
            described = with_conjoined(v, described, occasion)
            draft.source = occasion_outlet(v, occasion)  # أدلى بتصريحات لإذاعة س، أكد فيها: the outlet given them
        plural = plural_subject(v.bare(cue.last), cue.form.tense)
        resumed = False
        honorific = k < v.n and honorific_pronoun(v, k)
        if honorific:
            k += 1  # وأضاف *سموه* أن: his highness, a pronoun for the one named before
            first_word = v.norm(k)
        elif (first_word in v.words("pronoun_prepositions") or first_word in v.words("verb_adverbs")
              or past_times(v, k) > k) and k + 1 < v.n and not plural and not pronoun:
            subject_at = max(k + 1, past_times(v, k))
            after = noun_phrase(v, subject_at, object_verb=cue.form.object, via=cue.form.via)
            if after > subject_at and (after < v.n or relative) and subject_start(v, subject_at) and all(
                    COMMA_OR_COLON.isdisjoint(v.gap(j)) for j in range(k + 1, subject_at + 1)) and (
                    speaker_like(v, subject_at, after, state.known) or (
                        subject_at == k + 1 and v.norm(after) in v.words("complementizers"))):
                # في وقت يؤكد *فيه* اقتصاديون أن, قال *له* المحقق إن, وأكد *أيضاً* س أن,
                # وقال *اليوم* وزير النقل: the subject after
                k = subject_at
                first_word = v.norm(k)
                resumed = True
        object_word = first_word in v.words("complementizers") or (not name_not_stop(v, k) and (
            first_word in v.words("content_prepositions") or first_word in v.words("speaker_stops")))
        starts_object = object_word or (not COLON_OR_OPENING.isdisjoint(v.gap(k)) and not quoted_name_at(v, k))
        starts_object = starts_object or plural or pronoun or honorific or (k < v.n and (has_possessive(v, k) or k in v.cue_tokens)) \
            or v.bare(k) in v.words("content_nouns") or (k < v.n and (verbal_noun(v, k) or accusative(v, k))) \
            # ونفى *وجود* عجز, واتهم *أطرافاً* …: the object, the subject not named here
        oblique = v.bare(k)  # وتحمل *المتمردين* مسؤولية: a plural in ـين is never a nominative subject
        starts_object = starts_object or (oblique.startswith(DEFINITE_ARTICLE) and len(oblique) >= 7
                                          and oblique.endswith(YEH + NOON) and oblique not in v.known_words
                                          and not opens_content(v, k + 1))  # (وأكد المسؤولين أن: a slip, the subject)
        starts_object = starts_object or (k < v.n and disagrees(v, cue, k)) or (
            k + 1 < v.n and v.comma_before(k + 1) and v.bare(k).endswith(ALEF) and len(v.bare(k)) > 3
            and not v.bare(k).startswith(DEFINITE_ARTICLE) and v.bare(k) not in state.known)  # فإنه أكد *رسمياً*، وجود
        end = k if starts_object or k >= v.n else noun_phrase(v, k, object_verb=cue.form.object, via=cue.form.via)
        if end > k and object_of_continuation(state, cue, k, end):
            end = k  # أكد الوزير أن …، كما اتهم نقابة الأطباء بـ…: the object; the subject goes on
        lemma = normalize(cue.form.lemma)
        if lemma in v.words("labeling_verbs") and end > k + 1 and v.norm(end - 1)[:1] == BEH:
            end -= 1  # ووصف الوزير وضع المصاب *بالحرج*: the label is no part of the phrase before it
        if lemma in v.words("labeling_verbs") and end > k + 1 and v.norm(k).startswith(DEFINITE_ARTICLE) \
                and v.head_in(k, "titles", "organization_heads", "anonymous_heads") and end < v.n and v.norm(end)[:1] == BEH:
            end = head_with_adjectives(v, k, end)  # the title and its adjectives, then what it labelled
        if lemma in v.words("listener_objects"):
            heads = ("organization_heads", "titles", "anonymous_heads", "media_heads")
            told = next((j for j in range(k + 1, end) if v.head_in(j, *heads) and not v.norm(j).startswith(DEFINITE_ARTICLE)
                         and (v.norm(j - 1).startswith(DEFINITE_ARTICLE) or (j - 1 == k and not v.head_in(k, *heads)))), None)
            end = told if told is not None else end  # وسيبلغ يلدز *لجنة* الصناعة أن: the one told
        if not (plural or pronoun or object_word or k >= v.n or k in v.cue_tokens
                or lemma in v.words("labeling_verbs") or lemma in v.words("listener_objects")):
            bounded = comma_bounded_subject(v, k, end, cue.form.via)
            if bounded is not None:
                end = bounded  # أكد مصدر أمني ليبي بارز، أن: all before the comma is the subject
        if cue.form.object and end == v.n and end > k + 1 and first_word.startswith(DEFINITE_ARTICLE) and v.head_in(
                k, "titles", "organization_heads", "anonymous_heads", "media_heads") and what_before(state, cue) is None:
            # واستغرب النائب تأخر الحكومة …: a transitive verb has an object, so a subject
            # running to the sentence end is the definite head and its adjectives
            end = head_with_adjectives(v, k)
        matched = lookup(v.norm(cue.first), v.p)
        clitic = bool(matched[0]) if matched else bool(strip_conjunction(v.norm(cue.first))[0])  # وصف: no و clitic
        opens = clitic  # or the cue heads its clause: tested below, only when it matters
        before = None if clitic or relative or pronoun or resumed or after_what else noun_phrase_before(v, cue.first)
        if before is not None:
            before = subject_before_occasion(state, before) or before
        if before is not None and not plural and not v.head_in(before[0], "titles", "organization_heads") \
                and not any(v.comma_before(t) for t in range(before[0] + 1, before[1])):  # (a name، its titles)
            # المحتجون يطالبون برحيل الحكومة *والنقابة* ترفض: a singular verb after a coordinated
            # phrase agrees with its last member, the subject of a new clause
            # (not وزير الخارجية *والمغتربين*, وزيرة الصحة *والسكان*: a title's or a body's genitive)
            joined = [t for t in range(before[0] + 1, before[1]) if v.bare(t) != v.norm(t) and v.head_in(
                t, "organization_heads", "anonymous_heads", "media_heads", "titles", "states") and not in_example_list(v, t)]
            if joined:
                before = (joined[-1], before[1])
        topic = fronted_topic(state, cue)
        if topic is not None:
            before, clitic = topic, False
        nested = state.holding(cue.start) is not None
        if nested and before is not None and not plural and not speaker_like(v, before[0], before[1], state.known):
            return None  # ... أن الهجمات الأخيرة تكشف عن: what attacks "reveal" is no report
        before_ok = before is not None and not has_possessive(v, before[0]) \
            and (before[0] - 1) not in state.frame_tokens and (  # وفقاً لما نشرته قناة س صرح X: the frame's own agent
            speaker_like(v, before[0], before[1], state.known, strict=nested and not (
                before[0] > 0 and strip_conjunction(v.norm(before[0] - 1))[1] in v.words("complementizers")))
            or plural  # أن الخاطفين طالبوا, وأن دولاً مثل تركيا أعربت
            or _headline_subject(v, cue, before))
        darija_occasion = v.norm(k).startswith("ف") and is_occasion(v, k)  # فتصريح = في تصريح
        # ووصفت تلك المزاعم بأنها …: one phrase, then the predicate: the phrase is what was labelled
        labelled = lemma in v.words("labeling_verbs") and end < v.n and not names_speaker(v, k, end, state.known) \
            and (object_follows(v, end, cue) or (not v.comma_before(end) and any(
                v.norm(j)[:1] == BEH for j in range(end, min(end + 3, v.n)))))  # (ووصف وضع مصاب واحد *بالحرج*)
        after_ok = end > k and not verbal_noun(v, k) and v.bare(k) not in v.words("pronoun_prepositions") and not darija_occasion \
            and not labelled and not (
            cue.form.object and end == v.n  # وهو ما نفاه X جملة وتفصيلاً: X is all there is
            and what_before(state, cue) is None) and (
            speaker_like(v, k, end, state.known) or _family_name_then_comma(v, k, end)
            or ((opens or heads_clause(v.s, v.text, cue.first, v.p))
                and (not cue.form.object or object_follows(v, end, cue) or two_phrases(v, k, end)
                     or content_after_adjuncts(state, end, cue))))
        if relative and end > k and v.norm(k).startswith(BEH):
            after_ok = False  # ما وصفه بسياسة الترقيع: the ب phrase is what was described
        if described is not None:
            draft.speaker, draft.explicit = described, True  # أصدر الحزب بياناً قال فيه: the party
            resumptives = v.words("occasion_resumptives")
            k += 1 if v.norm(k) in resumptives else 2 if v.norm(k + 1) in resumptives else 0  # (فيه, من خلاله)
        elif relative and not ((resumed or object_suffix(v.bare(cue.last), v.p) or _own_subject(v, cue, k, end, state.known))
                               and after_ok):
            relative_speaker(state, cue, draft, index)
        elif before_ok and before is not None and not (
                after_ok and not clitic and v.comma_before(cue.first) and speaker_like(v, k, end, state.known, strict=True)
                and not speaker_like(v, before[0], before[1], state.known, strict=True)):
            # (ميدانياً، أعلنت البلدية: a fronted adverb set off by a comma, the subject after the verb)
            start, stop = v.span(before[0], before[1])  # SVO: محامي المدان فنّد رواية ...
            if v.bare(before[0]) != v.norm(before[0]) and v.starts[before[0]] == start:
                start += clitic_length(v.texts[before[0]])  # والجيش يؤكد: the speaker without its و
            draft.speaker, draft.explicit = (start, stop), True
        elif after_ok:
            draft.speaker, draft.explicit = v.span(k, end), True  # VSO: وأقر المتهم بـ...
            k = end
        elif plural and (agreeing := plural_before_comma(state, cue)) is not None:
            draft.speaker, draft.explicit = agreeing, True  # والتقت عنب بلدي سيدتين من سكان الحي، أكدتا
            draft.source = outlet_before(state, agreeing[0])  # the outlet that met them
        elif pronoun and not state.drafts and not honorific:
            subject = sentence_subject(state, cue)
            if subject:
                draft.speaker, draft.explicit = subject, True
            else:
                resolve(state, draft, index)
        else:
            resolve(state, draft, index)
    reporter_source(state, draft)
    k = skip_adjuncts(state, k, draft)
    draft.occasion = draft.occasion or earlier_occasion(state, cue, k)  # وكان قد قال, قبل أسبوع: another occasion
    before_cue(state, cue, draft)
    antecedent = what_before(state, cue)
    draft.content = antecedent or find_content(state, cue, k, draft, index)
    if draft.speaker is None and not impersonal and cue.kind == "verb" and v.inside(cue.start):
        return None  # «… أمة ترفض الخضوع، *وتصر* على الثبات»: a third person no one in the quotation is
    if draft.content and copula(v, cue, draft, relative):
        return None  # ويُعتبر السد الأكبر, لاعبوه الذين يُعتبرون قدوة: "is considered", no report (R12)
    if relative and draft.direct and antecedent is None and object_suffix(v.bare(cue.last), v.p) \
            and not (after_what and normalize(cue.form.lemma) in v.words("labeling_verbs")):  # (ما وصفته "…": the label)
        # الحوادث التي سجلها المراقبون "محدودة": the quotation is the noun's predicate;
        # على ما ذكره الوزير، "…": what he said is ما, the quotation another's
        return None
    return draft


def _family_name_then_comma(v: SentenceView, k: int, end: int) -> bool:
    """ونفى الزموري، وجود …: a family name with ال (a nisba no rule knows) set off by a comma
    right after the verb is its subject; the object follows the comma."""
    word = v.bare(k)
    return end == k + 1 < v.n and v.comma_before(end) and word.startswith(DEFINITE_ARTICLE) and word.endswith(YEH) \
        and len(word) > 4 and word not in v.known_words and v.norm(end) not in v.words("complementizers")


def _own_subject(v: SentenceView, cue: CueMatch, k: int, end: int, known: set[str]) -> bool:
    """الميناء الذي تنفي الشركة وجود …: a relative clause whose verb disagrees in gender with its
    pronoun has a subject of its own after the verb, named there."""
    rel = strip_conjunction(v.norm(cue.first - 1))[1]
    word = v.bare(cue.first)
    if cue.form.tense == "perfect":
        gender = perfect_gender(word, cue.form.lemma)
    else:
        gender = {TEH: "f", YEH: "m"}.get(word[:1]) if cue.form.tense == "imperfect" else None
    feminine = rel in v.words("feminine_relatives")
    return gender is not None and (gender == "f") != feminine and end > k and speaker_like(v, k, end, known, strict=True)


HEADLINE_SUBJECT = 4  # words of a subject opening a headline before its verb (الصحة بغزة تنفي)


def _headline_subject(v: SentenceView, cue: CueMatch, before: tuple[int, int]) -> bool:
    """الصحة بغزة تنفي …: a short phrase opening the sentence right before a present-tense
    verb, the way headlines are written, is its subject whatever its words."""
    first, end = before
    return first == 0 and end == cue.first and end - first <= HEADLINE_SUBJECT and cue.form.tense == "imperfect" \
        and not any(v.comma_before(j) for j in range(first + 1, end + 1)) \
        and v.norm(first) not in v.p.times and v.norm(first) not in v.words("content_prepositions")
