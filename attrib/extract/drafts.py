"""A claim being built (Draft), and the state of one sentence's claims the rules share (SentenceClaims)."""

from __future__ import annotations

from itertools import pairwise

from attrib.arabic import ALEF, DEFINITE_ARTICLE
from attrib.extract.cues import CONJUNCTIONS, CueMatch
from attrib.extract.segment import Sentence
from attrib.extract.view import SentenceView

RECENT = 8  # the sentence's claims a nesting test looks back at


class Draft:
    """A claim being built; offsets are into the article text."""

    __slots__ = ("cue", "speaker", "content", "source", "explicit", "occasion", "direct", "nested", "last_words",
                 "canonical", "follows", "trailing")

    def __init__(self, cue: CueMatch) -> None:
        self.cue = cue
        self.speaker: tuple[int, int] | None = None
        self.content: tuple[int, int] | None = None
        self.source: tuple[int, int] | None = None
        self.explicit = False  # the speaker is named in this clause, not resolved from before
        self.occasion = False  # the clause names a new occasion (في بيان, خلال مؤتمر)
        self.direct = False  # the content is a quotation
        self.nested = False  # the cue stands inside another claim's content
        # the speaker mention's last words (pipeline._last_words), computed once when compared
        self.last_words: tuple[tuple[int, int], frozenset[str]] | None = None
        self.canonical: str | None = None  # the speaker's canonical name, once the article is read
        self.follows: Draft | None = None  # a claim quoted inside another that this one goes on with
        self.trailing = False  # a cue set off after the clause it reports (…، تقول صحيفة س: R1)

    def __repr__(self) -> str:
        return f"Draft({self.cue!r}, speaker={self.speaker}, content={self.content}, source={self.source})"

    @property
    def sentence(self) -> Sentence:
        return self.cue.sentence


COGNATE_REACH = 8  # words from a verb to its own verbal noun (ونفت الوزارة في بلاغ لها *نفياً* قاطعاً)


def _find_cognates(state: SentenceClaims) -> None:
    """ونفى المتحدث *نفياً قاطعاً* وجود …, رفضت النقابة *رفضاً تاماً* …: the verbal noun in the
    accusative after its own verb (مفعول مطلق) adds emphasis; read alike, it is the dual verb
    (نفيا "they both denied"), so the cue matched there reports nothing of its own. The
    indefinite accusative adjective after it (قاطعاً) goes with it."""
    v = state.v
    for before, cue in pairwise(state.cues):
        k = cue.first
        if cue.form.lemma != before.form.lemma or cue.kind != "verb" or not 0 < k - before.last <= COGNATE_REACH \
                or not v.bare(k).endswith(ALEF) or v.norm(k)[:1] in CONJUNCTIONS \
                or any(":" in v.gap(j) for j in range(before.last + 1, k + 1)):
            continue  # (في بلاغ لها، نفياً قاطعاً، ما …: commas may set it off)
        end = k + 1
        if end < v.n and v.bare(end).endswith(ALEF) and not v.bare(end).startswith(DEFINITE_ARTICLE) \
                and not v.is_cue(end) and not v.comma_before(end):
            end += 1
        state.absorbed.add(k)
        state.cognates[k] = end


def holding(drafts: list[Draft], offset: int, excluding: Draft | None = None) -> Draft | None:
    """The latest of `drafts` whose content holds `offset`: the claim one starting there is nested in."""
    for d in reversed(drafts):
        if d is not excluding and d.content and d.content[0] <= offset < d.content[1]:
            return d
    return None


class SentenceClaims:
    """The claims of one sentence being built, and what the rules read of the sentence: the
    state every rule of content.py, sources.py, speakers.py and frames.py takes."""

    def __init__(self, view: SentenceView, cues: list[CueMatch], history: list[Draft], known: set[str],
                 narrative: tuple[int, int] | None = None) -> None:
        self.v = view
        self.cues = cues
        self.history = history  # every claim of the article so far
        self.narrative = narrative  # the subject of the latest sentence opening with a verb, cue or not
        self.known = known  # normalized words of speakers named so far
        self.drafts: list[Draft] = []
        self.interviews: list[Draft] = []  # speakers speaking to an outlet, with no claim of their own
        self.absorbed: set[int] = set()  # first tokens of cues another claim's cue took in (نقل عن س *تأكيده*)
        self.cognates: dict[int, int] = {}  # a verb's own verbal noun after it, for emphasis: its end token
        _find_cognates(self)
        view.cue_tokens = {i for c in cues for i in range(c.first, c.last + 1)}
        self.frame_tokens = {i for c in cues if c.kind == "frame" for i in range(c.first, c.last + 1)}
        self.participle_starts = {c.first for c in cues if c.kind == "participle"}
        # Where reporting clauses and other clauses open, set by content.find_clauses.
        self.boundaries: list[tuple[int, int | None]] = []
        self.boundary_starts: list[int] = []
        self.switches: list[tuple[int, int]] = []
        self.switch_starts: list[int] = []

    def holding(self, offset: int, excluding: Draft | None = None) -> Draft | None:
        """The latest of the sentence's recent claims whose content holds `offset`."""
        return holding(self.drafts[-RECENT:], offset, excluding)
