"""The cues of cues.toml compiled: every written form of a verb, frame, phrase and noun cue."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from attrib.arabic import normalize
from attrib.lexicon import inflect
from attrib.lexicon.schemas import CueEntries, NounEntry, VerbEntry

CueKind = Literal["verb", "participle", "impersonal", "frame", "noun"]


@dataclass(frozen=True, slots=True)
class CueForm:
    """What one normalized surface form of a cue means."""

    lemma: str
    stance: str
    kind: CueKind
    object: bool = False
    ambiguous: bool = False
    negated: str | None = None
    impersonal: bool = False  # may stand with no subject (يُعتقد أن): then nobody is named
    tense: str | None = None  # perfect, imperfect, future, or first (first person plural perfect), for verbs
    via: frozenset[str] = frozenset()  # prepositions that must introduce a bare object
    possessor_speaks: bool = True  # for nouns: an attached pronoun names the speaker (دعوته), not the target
    speech_follows: bool = False  # the words said follow with no colon, quotation or أن (بالقول)
    relay: str | None = None  # نقلت X عن Y: the preposition before the relayed speaker
    speech_only: bool = False  # a cue only with the words said right after it (وزاد: «…»)
    with_object: frozenset[str] = frozenset()  # one must follow for a verb form to report (حمّل … مسؤولية)

    @property
    def relay_via(self) -> frozenset[str]:
        """The relay's preposition as a `via` set, which ends the outlet's phrase (علمت س *من* …)."""
        return frozenset((self.relay,)) if self.relay else frozenset()


def _verb_forms(entry: VerbEntry) -> list[tuple[str, CueKind, str | None]]:
    forms: list[tuple[str, CueKind, str | None]] = []
    if entry.perfect:
        forms += [(f, "verb", "perfect") for f in inflect.perfect_forms(entry.perfect)]
        # «طالبنا بـ…»: the speakers' own earlier statement, a claim only inside their quotation
        forms += [(inflect.first_person_plural(entry.perfect), "verb", "first")]
    if entry.imperfect:
        imperfect = inflect.imperfect_forms(entry.imperfect)
        forms += [(f, "verb", "imperfect") for f in imperfect]
        forms += [(f, "verb", "future") for f in inflect.future(imperfect)]
    if entry.participle:
        forms += [(f, "participle", None) for f in inflect.participle_forms(entry.participle)]
    forms += [(f, "verb", "perfect") for f in entry.extra]
    forms += [(f, "impersonal", None) for f in entry.impersonal]
    skipped = {normalize(s) for s in entry.skip}
    return [(f, kind, tense) for f, kind, tense in forms
            if normalize(f) not in skipped and normalize(f).removeprefix("س") not in skipped]  # (سيرجع, and سمى itself)


def _is_bare(form: str, entry: VerbEntry) -> bool:
    """The bare perfect (بين, وصف, طالب), alone or with a pronoun: the letters a noun shares."""
    if not entry.perfect:
        return False
    stem = normalize(entry.perfect)
    return form == stem or (form.startswith(stem) and form[len(stem):] in inflect.OBJECT_PRONOUNS)


def compile_cues(cues: CueEntries, where: str, problems: list[str],
                  present_prefixes: tuple[str, ...] = ()) -> tuple[
        dict[str, CueForm], dict[str, str], list[tuple[tuple[str, ...], CueForm]]]:
    frames: dict[str, str]
    forms: dict[str, CueForm] = {}
    owner: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line, entry in cues.verb:
        if entry.lemma in seen:
            problems.append(f"{where}:{line}: [verb \"{entry.lemma}\"] duplicate cue (first at line {seen[entry.lemma]})")
            continue
        seen[entry.lemma] = line
        made = _verb_forms(entry)
        if not made:
            problems.append(f"{where}:{line}: [verb \"{entry.lemma}\"] no forms: give perfect, imperfect, participle, extra or impersonal")
        if present_prefixes:  # Maghrebi Arabic marks the present with ك/كا: كيقول, كتأكد
            made = made + [(prefix + text, kind, tense) for text, kind, tense in made
                           if tense == "imperfect" and text[:1] in "يتن" for prefix in present_prefixes]
        for text, kind, tense in made:
            key = normalize(text)
            if not key:
                problems.append(f"{where}:{line}: [verb \"{entry.lemma}\"] empty form")
                continue
            form = CueForm(entry.lemma, entry.stance, kind, entry.object,
                           entry.ambiguous and _is_bare(key, entry), entry.negated,
                           impersonal=kind == "impersonal", tense=tense,
                           via=frozenset(normalize(v) for v in entry.via),
                           relay=normalize(entry.relay) if entry.relay else None,
                           speech_only=entry.speech_only,
                           with_object=frozenset(normalize(w) for w in entry.with_object))
            previous = forms.get(key)
            if previous and previous.lemma == entry.lemma:
                if kind == "impersonal":  # the verb's own form, also used impersonally
                    forms[key] = dataclasses.replace(previous, impersonal=True)
                continue
            if previous and previous.stance != form.stance and kind != "impersonal":
                if any(p.endswith(f"form {text!r} is also a form of \"{owner[key]}\"", 0, p.find(" with")) for p in problems):
                    continue
                problems.append(
                    f"{where}:{line}: [verb \"{entry.lemma}\"] form {text!r} is also a form of "
                    f"\"{owner[key]}\" with another stance ({previous.stance})")
                continue
            if previous is None:
                forms[key] = form
                owner[key] = entry.lemma
    frames = {}
    for line, f in cues.frame:
        word = normalize(f.word)
        if word in frames:
            problems.append(f"{where}:{line}: [frame \"{f.word}\"] duplicate frame")
            continue
        frames[word] = str(f.stance)
    seen_phrases: set[str] = set()
    for line, ph in cues.phrase:
        text = " ".join(normalize(ph.text).split())
        if text in seen_phrases:
            problems.append(f"{where}:{line}: [phrase \"{ph.text}\"] duplicate phrase")
        seen_phrases.add(text)
    phrases = [
        (tuple(normalize(p.text).split()), CueForm(p.text, p.stance, p.kind, impersonal=p.kind == "impersonal",
                                                   speech_follows=p.speech_follows))
        for _, p in cues.phrase
    ]
    _check_nouns(cues.noun, where, problems)
    for key, form in noun_cue_forms(cues.noun).items():
        forms.setdefault(key, form)  # a form that is also a verb's stays the verb's (زعم)
    return forms, frames, phrases


# A noun cue is written with a preposition or conjunction before it and a possessive
# pronoun after it (بزعمه, واتهاماته): every such form. Definite forms (الاتهامات) mostly
# take up claims reported before, and the article makes others (الادعاء, the prosecution):
# they are no cue.
NOUN_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول")
NOUN_SUFFIXES = ("", "ه", "ها", "هم", "هما")


def _check_nouns(nouns: list[tuple[int, NounEntry]], where: str, problems: list[str]) -> None:
    seen: dict[str, int] = {}
    for line, entry in nouns:
        if entry.word in seen:
            problems.append(f"{where}:{line}: [noun \"{entry.word}\"] duplicate cue (first at line {seen[entry.word]})")
        seen.setdefault(entry.word, line)


def noun_cue_forms(nouns: list[tuple[int, NounEntry]]) -> dict[str, CueForm]:
    """The written forms of each noun cue, with و/ف/ب/ل, the article, a possessive pronoun."""
    forms: dict[str, CueForm] = {}
    for _, entry in nouns:
        form = CueForm(entry.word, entry.stance, "noun", object=True,
                       via=frozenset(normalize(v) for v in entry.via),
                       possessor_speaks=entry.possessor == "speaker")
        for base in filter(None, (entry.word, entry.plural)):
            stem = normalize(base)
            # a feminine ة is written ت before a pronoun: مطالبته
            before_pronoun = stem[:-1] + "ت" if stem.endswith("ة") else stem
            for prefix in NOUN_PREFIXES:
                for suffix in NOUN_SUFFIXES:
                    forms.setdefault(prefix + (before_pronoun if suffix else stem) + suffix, form)
    return forms

