"""Relayed reports: نقلت X عن Y قوله إن …, علمت X من Y, ونُقل عن Y (ANNOTATION.md, source; R6).

One claim: the relayed speaker Y speaks, the relaying outlet X is the source.
"""

from __future__ import annotations

from attrib.extract.content import find_content
from attrib.extract.cues import CueMatch
from attrib.extract.drafts import Draft, SentenceClaims
from attrib.extract.outlets import is_occasion, outlet_end, outlet_like
from attrib.extract.phrases import noun_phrase, noun_phrase_before, speaker_like
from attrib.extract.sources import is_media, outlet_before
from attrib.extract.speakers import has_possessive, resolve
from attrib.extract.view import COMMA_OR_COLON, POSSESSIVES, SentenceView

RELAY_CHANNEL = 5  # words from a relay's outlet to عن past the channel it relays through


def relay_claim(state: SentenceClaims, cue: CueMatch, draft: Draft, impersonal: bool, index: int) -> Draft | None:
    """نقلت X عن Y (قوله) إن …: speaker Y, source X (the outlet before the verb, or the one
    relaying before); ونُقل عن Y: nobody relays by name. None when no relayed speaker is named."""
    v = state.v
    k = cue.last + 1
    k = past_times(v, k)  # وكان موقع س، نقل، *أمس*، عن مصدر: when, then whom
    relay = cue.form.relay_via
    taken_up = _relay_pronoun(v, k, cue.form.relay)  # نقلت *عنه* وكالة س قوله: the one named before
    if taken_up:
        k += 1
    if not impersonal and v.norm(k) != cue.form.relay and not _relay_pronoun(v, k, cue.form.relay):
        end = noun_phrase(v, k, via=relay)  # علمت "الأيام" *من* مصادرها: the relayed speaker's preposition ends it
        if end == k and outlet_like(v, k):
            end = outlet_end(v, k)  # وعلم اليوم 24 من مصادر: an outlet whose name starts with a time word
        end = next((j for j in range(k + 1, end) if _relay_pronoun(v, j, cue.form.relay)), end)  # وكالة س *عنه*
        if end == k:
            return None
        draft.source = v.span(k, end)
        k = past_times(v, end)  # ونقلت الصحيفة *أمس* عن
    elif not impersonal:
        before = noun_phrase_before(v, cue.first)  # وكانت صحيفة س قد نقلت عن: the outlet before the verb
        if before is not None and speaker_like(v, before[0], before[1], state.known):
            draft.source = v.span(before[0], before[1])
        else:  # وذكرت صحيفة س أن …، ونقلت عن مصادر: the outlet before goes on relaying
            draft.source = outlet_before(state, cue.start)
            if draft.source is None:
                subject = Draft(cue)
                resolve(state, subject, index)
                if subject.speaker is not None and is_media(v.text[subject.speaker[0]:subject.speaker[1]], v):
                    draft.source = subject.speaker
    if v.norm(k) in v.words("channel_prepositions") or (
            v.norm(k) in v.words("occasion_prepositions") and is_occasion(v, k + 1)):
        # نقلت الوزارة *عبر موقعها* عن المصدر, نقلت وكالة س *في تقرير لها* عن مسؤولين: its channel
        k = next((j for j in range(k + 1, min(k + RELAY_CHANNEL, v.n)) if v.norm(j) == cue.form.relay
                  and all(COMMA_OR_COLON.isdisjoint(v.gap(i)) for i in range(k + 1, j + 1))), k)
    if not taken_up and _relay_pronoun(v, k, cue.form.relay):
        taken_up, k = True, k + 1  # ونقلت وكالة س *عنه* قوله
    if taken_up:
        subject = Draft(cue)
        resolve(state, subject, index)
        draft.speaker = subject.speaker
    elif v.norm(k) != cue.form.relay:
        return None
    else:
        end = noun_phrase(v, k + 1)
        if end == k + 1:
            return None
        draft.speaker, draft.explicit = v.span(k + 1, end), True
        k = end
    if v.norm(k).startswith("قول"):  # قوله, قولها, قولهم
        k += 1
    else:
        said = next((c for c in state.cues if c.first == k and c.kind in ("noun", "verb")), None)
        if said is not None and (has_possessive(v, k) or (len(v.bare(k)) > 3 and v.bare(k).endswith(POSSESSIVES))):
            # نقلت X عن Y *تأكيده* أن, *نفيه* وجود …: Y's words as the relay carries them, one claim
            # whose content is what the verbal noun takes
            state.absorbed.add(k)
            draft.content = find_content(state, said, k + 1, draft, None)
            if said.stance != "neutral":
                draft.cue = said  # نقل عن مصدر *زعمه* أن: the word naming the act gives the stance (R3)
            return draft
    draft.content = find_content(state, cue, k, draft, None)
    return draft


def _relay_pronoun(v: SentenceView, k: int, relay: str | None) -> bool:
    """عنه, عنها, عنهم: the relay's preposition with the pronoun of one named before."""
    word = v.norm(k) if k < v.n else ""
    return relay is not None and word.startswith(relay) and word[len(relay):] in POSSESSIVES


def past_times(v: SentenceView, k: int) -> int:
    """The first token from k that is no time word (أمس, اليوم الأحد, العام الماضي), k itself
    when an outlet's name starts there (اليوم السابع)."""
    if k < v.n and outlet_like(v, k):
        return k
    while k < v.n and (v.bare(k) in v.p.times or v.norm(k) in v.words("time_nouns") or v.norm(k) in v.words("weekdays")
                       or (k > 0 and v.norm(k - 1) in v.words("time_nouns") and v.norm(k) in v.words("time_adjectives"))):
        k += 1
    return k
