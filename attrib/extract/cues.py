"""Finding reporting cues in a sentence: verbs, participles, frames and phrases.

A token is a cue when, with a leading و or ف (and the future س) split off, its
letters are a form of a cue in patterns/cues.toml. Then the context decides:
a negated cue reports nothing (لم يوضح), unless the cue says what its
negation means (لم يستبعد is a hedge); a withheld report is none
(رفض الكشف, طلب عدم الكشف); a cue whose letters are also a common noun (بين,
وصف) must head a clause; a participle (مؤكداً) must follow its clause.
"""

from __future__ import annotations

from typing import Final

from attrib.arabic import BEH, DEFINITE_ARTICLE, LAM, SHADDA, passive_marked
from attrib.extract.segment import PAIRED, STRAIGHT, Sentence
from attrib.lexicon.cue_forms import CueForm
from attrib.lexicon.inflect import OBJECT_PRONOUNS, damma_prefix_active
from attrib.lexicon.patterns import Patterns, memos_for

CONJUNCTIONS: Final = ("و", "ف")
CLAUSE_PUNCTUATION: Final = "،,؛;:(«\"“-–—"
CLAUSE_OPENERS_MARKS: Final = frozenset(CLAUSE_PUNCTUATION + ".!؟?")  # a clause starts after any of these
CLAUSE_ENDERS: Final = frozenset("،,؛;:")
COMMA_MARKS: Final = frozenset("،,؛;")
OPENING_MARKS: Final = frozenset(PAIRED) | {STRAIGHT}
NAME_WORDS: Final = 4  # a quotation this short after an outlet or programme word is its name
NAME_CHARS: Final = 120  # and no longer, in characters (a long quotation is never read whole here)


class CueMatch:
    """A cue found in a sentence: tokens first..last (inclusive), its offsets and what it means."""

    __slots__ = ("sentence", "first", "last", "form", "stance", "frame_verb", "start", "end", "kind")

    def __init__(self, sentence: Sentence, first: int, last: int, form: CueForm, stance: str,
                 frame_verb: CueForm | None = None) -> None:
        self.sentence = sentence
        self.first = first
        self.last = last
        self.form = form
        self.stance = stance
        self.frame_verb = frame_verb  # the verb inside a frame: بحسب ما *أفادت*
        self.start = sentence.starts[first]
        self.end = sentence.ends[last]
        self.kind = form.kind

    def __repr__(self) -> str:
        return f"CueMatch({self.form.lemma!r}, {self.start}, {self.end}, {self.stance!r})"


def strip_conjunction(norm: str) -> tuple[str, str]:
    """(clitic, rest): وقال → (و, قال). Only one conjunction is split."""
    if len(norm) > 2 and norm[0] in CONJUNCTIONS:
        return norm[0], norm[1:]
    return "", norm


def lookup(norm: str, patterns: Patterns) -> tuple[str, CueForm] | None:
    """The cue form of a token's letters, trying them whole and without و/ف."""
    form = patterns.forms.get(norm)
    if form:
        return "", form
    clitic, rest = strip_conjunction(norm)
    if clitic:
        form = patterns.forms.get(rest)
        if form:
            return clitic, form
    return None


def _gap_before(sentence: Sentence, text: str, i: int) -> str:
    """The characters between token i-1 and token i (or the sentence start)."""
    start = sentence.ends[i - 1] if i else sentence.start
    return sentence.gap(text, start, sentence.starts[i])


def heads_clause(sentence: Sentence, text: str, i: int, patterns: Patterns) -> bool:
    """True when token i opens a clause: first, after punctuation, or after an opener."""
    if i == 0 or not CLAUSE_OPENERS_MARKS.isdisjoint(_gap_before(sentence, text, i)):
        return True
    previous = sentence.norms[i - 1]
    # (و علق: a و written apart opens the clause too)
    return previous in CONJUNCTIONS or previous in patterns.grammar["clause_openers"] \
        or strip_conjunction(previous)[1] in patterns.grammar["clause_openers"]


def _negated(norms: list[str], i: int, patterns: Patterns) -> int | None:
    """Index of the negator right before token i (لم يوضح, ولم يستبعد), if any."""
    if i == 0:
        return None
    negators = patterns.grammar["negators"]
    previous = norms[i - 1]
    if previous in negators or strip_conjunction(previous)[1] in negators:
        return i - 1
    if i >= 2 and previous in patterns.grammar["negated_auxiliaries"]:
        before = norms[i - 2]
        if before in negators or strip_conjunction(before)[1] in negators:
            return i - 2  # لم تكن تتمنى: the negator, then كان
    return None


def _withheld(sentence: Sentence, text: str, i: int, patterns: Patterns) -> bool:
    """رفض الكشف عن, طلب عدم الكشف, دون أن يكشف, دون الإشارة إلى: a report held back."""
    grammar = patterns.grammar
    norms = sentence.norms
    objects = grammar["withheld_objects"]
    ahead: list[str] = []
    # Only a withheld object ahead (الكشف, ذكر) starts the careful reading below.
    window = range(i + 1, min(i + 12, len(norms))) if not objects.isdisjoint(norms[i + 1:i + 12]) else range(0)
    for k in window:
        if not CLAUSE_ENDERS.isdisjoint(_gap_before(sentence, text, k)):
            break  # the clause ends: what follows is another one's business
        ahead.append(norms[k])
    for k, word in enumerate(ahead):
        if word in objects and k > 0 and ahead[k - 1] == "عدم":
            return True  # (واصفةً نشر التقرير بأنه …: what was published, described)
        if word in objects and norms[i].lstrip("وف") in grammar["withholders"]:
            return True  # رفض مسؤول في الوزارة الكشف عن
        if word in grammar["complementizers"] or lookup(word, patterns) is not None:
            break
    for back in (1, 2):
        if i - back >= 0 and not any(CLAUSE_ENDERS & set(_gap_before(sentence, text, j)) for j in range(i - back + 1, i + 1)):
            word = strip_conjunction(norms[i - back])[1]  # (دون استثناء، داعياً: the comma ends it)
            if word in grammar["privatives"] or (back == 1 and word in grammar["withholders"]):
                return True
    return False


def _in_quoted_name(sentence: Sentence, text: str, i: int, patterns: Patterns) -> bool:
    """برنامج "رأي عام", صحيفة «الرأي»: a cue's letters in the short quoted name of a programme,
    an outlet or a statement are part of the name."""
    start = sentence.starts[i]
    around = sentence.quotes_around(start)
    if not around:
        return False
    a, b = around[0]
    if b - a > NAME_CHARS or len(text[a + 1:b].split()) > NAME_WORDS:
        return False
    if text[a + 1:start].strip() and ":" not in text[max(sentence.start, a - 3):a]:
        return True  # منتزه "سندباد بارك": a cue's letters inside a short quoted name, not its first word
    before = i - 1
    while before >= 0 and sentence.ends[before] > a:
        before -= 1
    if before < 0:
        return False
    word = sentence.norms[before]
    options = {word, word[1:] if word[:1] in "لبو" else word}
    options |= {w[2:] for w in list(options) if w.startswith(DEFINITE_ARTICLE)}
    return any(w in patterns.word_sets["media_heads"] or w in patterns.word_sets["programme_heads"]
               or w in patterns.word_sets["occasions"] for w in options | {DEFINITE_ARTICLE + w for w in options})


def _narration(norms: list[str], i: int, patterns: Patterns) -> bool:
    """يُذكر أن, يشار إلى أن: the journalist's own background, not a report."""
    for words in patterns.narration_by_first.get(strip_conjunction(norms[i])[1], ()):
        if tuple(norms[i + 1:i + len(words)]) == words[1:]:
            return True
    return False


NARRATION_REACH = 4  # words from the sentence start to a background formula (وكان يذكر أن)


def narrated_before(sentence: Sentence, i: int, patterns: Patterns) -> bool:
    """Does the journalist's background formula (يُذكر أن, يشار إلى أن) come before token i?"""
    return any(_narration(sentence.norms, j, patterns) for j in range(min(i, NARRATION_REACH)))


def _outlet_frame(sentence: Sentence, i: int, verb_at: int, form: CueForm, stance: str,
                  patterns: Patterns) -> CueMatch | None:
    """حسب ما توصلت إليه الجريدة, وفق ما اطلعت عليه هسبريس: a frame over what an outlet found,
    any verb and its pronoun, then the outlet (its own reporting, the speaker); None when no
    outlet follows (حسب ما + something else is no frame over a report)."""
    norms = sentence.norms
    j = verb_at + 1
    if j < len(norms) and norms[j] in patterns.grammar["pronoun_prepositions"]:
        j += 1
    if verb_at >= len(norms) or j >= len(norms):
        return None
    head = norms[j]
    media = patterns.speakers["media_heads"]
    if head in media or head.removeprefix(DEFINITE_ARTICLE) in media or head in patterns.outlets_by_first:
        return CueMatch(sentence, i, j - 1, form, stance)
    return None


def _match_phrase(norms: list[str], i: int, patterns: Patterns) -> tuple[int, CueForm] | None:
    first = norms[i]
    candidates = patterns.phrases_by_first.get(first) or patterns.phrases_by_first.get(
        strip_conjunction(first)[1]) or []
    for words, form in candidates:
        n = len(words)
        window = norms[i:i + n]
        if len(window) < n:
            continue
        first = window[0]
        last = window[-1]
        if form.kind == "frame" and n > 1 and last != words[-1] and last.startswith(words[-1]) \
                and last[len(words[-1]):] in OBJECT_PRONOUNS:
            last = words[-1]  # على حد *قوله*: the frame's noun with the pronoun of its speaker
        if window[1:-1] == list(words[1:-1]) and last == words[-1] and (
                first == words[0] or strip_conjunction(first)[1] == words[0]):
            return i + n - 1, form
    return None


def _match_frame(sentence: Sentence, i: int, patterns: Patterns) -> CueMatch | None:
    """بحسب / وفق / حسبما / وفقاً لـ / نقلاً عن, with ما and a verb when they follow."""
    norms = sentence.norms
    norm = norms[i]
    word = norm if norm in patterns.frames else strip_conjunction(norm)[1]
    if word not in patterns.frames:
        return None
    stance = patterns.frames[word]
    form = CueForm(lemma=word, stance=stance, kind="frame")
    last = i
    nxt = norms[i + 1] if i + 1 < len(norms) else ""
    if word == "نقلا":
        return CueMatch(sentence, i, i + 1, form, stance) if nxt == "عن" else None
    if nxt in patterns.grammar["frame_relatives"] or nxt == LAM or (word.endswith("ما") and word != "ما"):
        verb_at = i + 1 if word.endswith("ما") else i + 2
        if nxt in (LAM,) and not word.endswith("ما"):
            last = i + 1
        found = lookup(norms[verb_at], patterns) if verb_at < len(norms) else None
        if found and found[1].kind in ("verb", "impersonal"):
            return CueMatch(sentence, i, verb_at, form, stance, frame_verb=found[1])
        what = nxt == "ما"
        if what or verb_at == i + 1:  # حسب ما توصلت إليه الجريدة, حسبما اطلعت عليه هسبريس
            outlet = _outlet_frame(sentence, i, verb_at, form, stance, patterns)
            if outlet is not None or what:
                return outlet
    elif nxt.startswith(patterns.endings("saying_nouns")):  # حسب قولهم, وفق تعبيره, حسب وصفه
        last = i + 1
    return CueMatch(sentence, i, last, form, stance)


VERB_FRAME_REACH = 8  # words from a verb frame's verb, past its subject, to the end of its clause


def _verb_frame(sentence: Sentence, text: str, i: int, patterns: Patterns) -> CueMatch | None:
    """…، على ما أفاد تجار; …، كما نقلت عنها وكالة س: a frame over the clause before, when the verb's
    clause says nothing itself (كما أكد أن: "also"); كما after a comma, with a pronoun (عنها, أوردته)."""
    norms, grammar, word = sentence.norms, patterns.grammar, strip_conjunction(sentence.norms[i])[1]
    if word not in grammar["verb_frames"] or not heads_clause(sentence, text, i, patterns):
        return None
    fused = any(word.endswith(what) for what in grammar["frame_relatives"])  # كما = كـ + ما
    verb_at = i + 1 if fused else i + 2
    if verb_at + 1 >= len(norms) or (not fused and norms[i + 1] not in grammar["frame_relatives"]):
        return None
    found = lookup(norms[verb_at], patterns)
    if found is None or found[1].kind != "verb":
        return None
    after, pronoun = verb_at + 1, norms[verb_at].endswith(OBJECT_PRONOUNS)
    if norms[after] in grammar["pronoun_prepositions"]:
        pronoun, after = True, after + 1
    if fused and not (pronoun and COMMA_MARKS & set(_gap_before(sentence, text, i))):
        return None
    if after >= len(norms) or not CLAUSE_ENDERS.isdisjoint(_gap_before(sentence, text, after)):
        return None  # (كما نقلت عنه، فإن: no subject named)
    for j in range(after + 1, min(len(norms), after + VERB_FRAME_REACH) + 1):
        if j == len(norms):
            break  # the sentence ends: the clause with it
        gap = _gap_before(sentence, text, j)
        if ":" in gap or not OPENING_MARKS.isdisjoint(gap) or norms[j] in grammar["complementizers"] \
                or norms[j] in grammar["content_prepositions"]:
            return None
        if not CLAUSE_ENDERS.isdisjoint(gap):
            break
    else:
        return None
    form = CueForm(lemma=word, stance=found[1].stance if found[1].stance != "assert" else "neutral", kind="frame")
    return CueMatch(sentence, i, verb_at, form, form.stance, frame_verb=found[1])


SPEECH_REACH = 8  # words from a speech_only verb, past its subject, to what opens the words said


def _speech_follows(sentence: Sentence, text: str, i: int, patterns: Patterns) -> bool:
    """وزاد: «…», وعدّت النقابة أن …: a colon, a quotation mark or أن after the verb and its
    subject (not one opening an adverbial clause: بعد أن, قبل أن)."""
    norms = sentence.norms
    comps = patterns.grammar["complementizers"]
    stops = patterns.grammar["speaker_stops"]
    for j in range(i + 1, min(i + 1 + SPEECH_REACH, len(norms))):
        gap = text[sentence.ends[j - 1]:sentence.starts[j]]
        if ":" in gap or not OPENING_MARKS.isdisjoint(gap):
            return True
        if any(mark in gap for mark in ".،,؛"):
            return False
        if norms[j] in comps:
            return j == i + 1 or norms[j - 1] not in stops
    return False


WITH_OBJECT_REACH = 6  # words from a verb to the object that makes it a report (حمّل … مسؤولية)


def find_cues(sentence: Sentence, text: str, patterns: Patterns) -> list[CueMatch]:
    """The cues of one sentence, in order, each token in at most one cue."""
    norms = sentence.norms
    found: list[CueMatch] = []
    starters = patterns.cue_starters
    i = 0
    while i < len(norms):
        match = _match_at(sentence, text, i, patterns) if norms[i] in starters else None  # (one set look-up
        if match is None and norms[i][:1] in CONJUNCTIONS:                               # for most words)
            match = _misspelt_at(sentence, text, i, patterns)
        if match is None and norms[i].startswith(DEFINITE_ARTICLE) and norms[i][2:] in patterns.noun_forms:
            match = _definite_act(sentence, i, patterns)
        if match is None:
            i += 1
            continue
        found.append(match)
        i = match.last + 1
    return found


def _definite_act(sentence: Sentence, i: int, patterns: Patterns) -> CueMatch | None:
    """جدد الرئيس *التأكيد* على أن: a reporting act named with ال, then what was said (a
    complementizer, or a preposition and one); elsewhere a definite noun is no cue (الاتهامات)."""
    norms, form, comps = sentence.norms, patterns.noun_forms[sentence.norms[i][2:]], patterns.grammar["complementizers"]
    nxt, then = (norms[i + 1:i + 3] + ["", ""])[:2]
    said = nxt in comps or ((nxt in form.via or nxt in patterns.grammar["content_prepositions"]) and then in comps)
    return CueMatch(sentence, i, i, form, form.stance) if said else None


MISSPELT_SUBJECT = 4  # words of the subject between a misspelt verb and what opens the words said


def _misspelt_at(sentence: Sentence, text: str, i: int, patterns: Patterns) -> CueMatch | None:
    """وأودت الصحيفة أن, وفادت مصادر أن, واصاف الوزير: «…»: a past-tense cue misspelt by one
    letter (ANNOTATION.md R1), read as the cue only where a report's shape is plain: joined by
    و/ف, then a short subject with no preposition, then أن/إن or a colon or a quotation."""
    norms = sentence.norms
    clitic, word = strip_conjunction(norms[i])
    if not clitic or word.startswith(DEFINITE_ARTICLE):
        return None  # (a noun: المحامي, والغاز)
    form = memos_for(patterns).misspelt(word)
    if form is None:
        return None
    grammar = patterns.grammar
    for k in range(i + 1, min(len(norms), i + 2 + MISSPELT_SUBJECT)):
        gap = _gap_before(sentence, text, k)
        if ":" in gap or not OPENING_MARKS.isdisjoint(gap) or norms[k] in grammar["complementizers"]:
            return CueMatch(sentence, i, i, form, form.stance)
        if not CLAUSE_ENDERS.isdisjoint(gap) or norms[k] in grammar["speaker_stops"] \
                or norms[k] in grammar["content_prepositions"] or lookup(norms[k], patterns) is not None:
            return None  # (وأضحت الحكومة عاجزة *بعد* أن: another verb, and a clause of time)
    return None


def _match_at(sentence: Sentence, text: str, i: int, patterns: Patterns) -> CueMatch | None:
    norms = sentence.norms
    phrase = _match_phrase(norms, i, patterns)
    if phrase:
        last, form = phrase
        return CueMatch(sentence, i, last, form, form.stance)
    frame = _match_frame(sentence, i, patterns) or _verb_frame(sentence, text, i, patterns)
    if frame:
        return frame
    found = lookup(norms[i], patterns)
    if found is None:
        return None
    clitic, form = found
    if form.kind == "verb" and i and not clitic and norms[i - 1] in patterns.grammar["noun_prepositions"]:
        noun = patterns.noun_forms.get(norms[i])  # بعد *نفي* الوزارة: after a preposition, the noun
        return CueMatch(sentence, i, i, noun, noun.stance) if noun is not None else None
    if _narration(norms, i, patterns) or _withheld(sentence, text, i, patterns):
        return None
    if sentence.quotes and _in_quoted_name(sentence, text, i, patterns):
        return None
    negator = _negated(norms, i, patterns)
    if negator is not None:
        if form.negated is None:
            return None
        return CueMatch(sentence, negator, i, form, form.negated)
    if passive_marked(sentence.texts[i]) and not form.impersonal and form.kind != "participle" \
            and not (form.tense in ("imperfect", "future") and damma_prefix_active(form.lemma)
                     and not norms[i].endswith(OBJECT_PRONOUNS)
                     and (clitic or i == 0 or not COMMA_MARKS.isdisjoint(_gap_before(sentence, text, i)))):
        # ويُعلن الوزير أن: active, heading its clause; النتائج ستُعلن خلال أيام: the passive;
        # وتُطالبها بـ: with an object, whose subject is named before (left out)
        return None  # ستُعلن النتائج, ونُقلت جواً: a passive with no one reporting
    if form.kind == "participle":
        gap = _gap_before(sentence, text, i)
        after_cue = i > 0 and lookup(norms[i - 1], patterns) is not None
        complementizers, nxt = patterns.grammar["complementizers"], (norms[i + 1] if i + 1 < len(norms) else "")
        after = sentence.gap(text, sentence.ends[i], sentence.starts[i + 1]) if i + 1 < len(norms) else ""
        colon_after = ":" in after or not OPENING_MARKS.isdisjoint(after)  # قائلاً: «…», قائلاً «…»
        # مشيرا إلى أن: a preposition of the verb's, then its clause, with or without a comma before
        via_clause = nxt in patterns.grammar["content_prepositions"] and i + 2 < len(norms) \
            and norms[i + 2] in complementizers
        if not (i == 0 or after_cue or not COMMA_MARKS.isdisjoint(gap) or colon_after
                or nxt in complementizers or via_clause):
            noun = patterns.noun_forms.get(norms[i])  # بشأن *مطالبة* المدرب بـ: the noun, not "demanding"
            return CueMatch(sentence, i, i, noun, noun.stance) if noun is not None else None
    elif form.ambiguous and not clitic and not heads_clause(sentence, text, i, patterns) and SHADDA not in sentence.texts[i] \
            and not (i and norms[i - 1] in patterns.grammar["suffixed_whats"] and norms[i].endswith(OBJECT_PRONOUNS)) \
            and not (i + 1 < len(norms) and norms[i + 1] in patterns.grammar["complementizers"]
                     and norms[i - 1].startswith(DEFINITE_ARTICLE) and not CLAUSE_ENDERS & set(_gap_before(sentence, text, i))):
        return None  # (الوالي أبرز أن: a verb, the words said right after it)
    if i > 0 and (norms[i - 1] in patterns.speakers["name_particles"] or (
            not clitic and form.tense == "perfect" and norms[i - 1][:1] == BEH and len(norms[i - 1]) > 3
            and norms[i - 1] not in patterns.known_words and not _gap_before(sentence, text, i).strip())):
        return None  # فيصل بن *طالب*: a name after بن; بصدر *رحب*: an adjective after a noun with بـ
    # (وعبّر, وعبر: written as the verb, or joined as one: its object may come after adjuncts)
    reach = WITH_OBJECT_REACH * 2 if SHADDA in sentence.texts[i] or clitic else WITH_OBJECT_REACH
    if form.with_object and form.kind == "verb" and form.with_object.isdisjoint(norms[i + 1:i + 1 + reach]):
        return None  # حمل الحقيبة: "carried"; وحمّل الوزير الشركات مسؤولية …: "blamed"
    if form.speech_only and not _speech_follows(sentence, text, i, patterns):
        return None  # زاد عدد الزوار, ختم الجلسة: not a report
    return CueMatch(sentence, i, i, form, form.stance)
