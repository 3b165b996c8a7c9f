"""Arabic in the terminal: the `--bidi` modes of the report.

Rich lays text out left to right and knows nothing of bidirectional text, and
terminals differ: some run the Unicode Bidirectional Algorithm on each screen
line themselves (GNOME's VTE, Konsole, mlterm, macOS Terminal), most do not
(xterm, Windows Terminal, kitty, Alacritty, iTerm2). Hence the modes:

- `visual`: for terminals that do not reorder. Each cell is wrapped first, then
  each of its lines is reordered into screen order (python-bidi), mirrored
  brackets included.
- `terminal`: for terminals that reorder. The text stays in logical order and
  each cell line is isolated (FSI ... PDI), so that the terminal reorders
  inside the cell and the Arabic of two cells never swaps places.
- `off`: logical order, nothing added: for pipes and files.
- `auto`: one of the three, from the environment (`choose_mode`).

Right-to-left cells are aligned to the right in `visual` and `terminal`: the
start of an Arabic line is its right edge.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum

# python-bidi's pure-Python implementation of the Unicode Bidirectional
# Algorithm: unlike its Rust one, it mirrors brackets, and its steps let us
# follow each character (and so its style) to its place on screen. It predates
# the bracket-pair rule (N0), which only matters for a line of Arabic that
# starts with Latin words in brackets; tests/test_rtl.py pins what it gives.
from bidi import algorithm as uba
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

FSI = "\u2068"  # FIRST STRONG ISOLATE: direction from the first strong letter inside
LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
RLI = "\u2067"  # RIGHT-TO-LEFT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: closes any of the three

RTL_CLASSES = ("R", "AL")  # bidi classes of Hebrew and Arabic letters
LTR_CLASSES = ("L",)

# VTE (GNOME Terminal, Tilix, Terminator, xfce4-terminal...) reorders since 0.58.
VTE_BIDI_SINCE = 5800
# TERM_PROGRAM values of terminals that reorder by themselves.
BIDI_TERM_PROGRAMS = ("Apple_Terminal", "mintty")


class BidiMode(StrEnum):
    """How the report lays out right-to-left text (module docstring)."""

    auto = "auto"
    terminal = "terminal"
    visual = "visual"
    off = "off"


def choose_mode(environ: Mapping[str, str], is_terminal: bool) -> BidiMode:
    """What `auto` means here: `off` unless the output is a terminal, then `terminal` or `visual`.

    `terminal` for the emulators known to reorder: VTE 0.58 or later
    (`VTE_VERSION` >= 5800), Konsole (`KONSOLE_VERSION`), mlterm (`MLTERM`),
    and `TERM_PROGRAM` Apple_Terminal or mintty. `visual` otherwise: Windows
    Terminal (`WT_SESSION`), kitty, xterm, Alacritty, iTerm2 and any terminal
    not recognised, since most terminals do not reorder.
    """
    if not is_terminal:
        return BidiMode.off
    vte = environ.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= VTE_BIDI_SINCE:
        return BidiMode.terminal
    if environ.get("KONSOLE_VERSION") or environ.get("MLTERM"):
        return BidiMode.terminal
    if environ.get("TERM_PROGRAM") in BIDI_TERM_PROGRAMS:
        return BidiMode.terminal
    return BidiMode.visual


def resolve_mode(mode: BidiMode, console: Console, environ: Mapping[str, str]) -> BidiMode:
    """`mode` itself, or for `auto` the choice made from the environment and the console."""
    if mode is not BidiMode.auto:
        return mode
    return choose_mode(environ, console.is_terminal)


def first_strong(text: str) -> str | None:
    """`rtl` or `ltr`, from the first letter with a strong direction (UBA rule P2), or None."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return "rtl"
        if kind in LTR_CLASSES:
            return "ltr"
    return None


def is_rtl(text: str) -> bool:
    """Whether a paragraph is right-to-left: its first strong letter is Arabic or Hebrew."""
    return first_strong(text) == "rtl"


def visual_order(line: str, rtl: bool) -> list[tuple[int, str]]:
    """The characters of one screen line from left to right, each with its index in `line`.

    The base direction is given (the cell's, not the line's own). Brackets are
    mirrored; combining marks (harakat) are kept after their letter, where a
    terminal expects them, not before it as plain reversal would put them.
    Formatting characters the algorithm removes (ZWNJ, embeddings) are dropped.
    """
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(line, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index  # follows the character through the reordering
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return _marks_after_letters([(char["index"], char["ch"]) for char in storage["chars"]])


def visual(line: str, rtl: bool) -> str:
    """`line` in screen order (see `visual_order`)."""
    return "".join(char for _, char in visual_order(line, rtl))


def _marks_after_letters(chars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Put combining marks reversed before their letter back after it (UBA rule L3)."""
    placed: list[tuple[int, str]] = []
    marks: list[tuple[int, str]] = []
    for index, char in chars:
        if unicodedata.combining(char):
            marks.append((index, char))
            continue
        indices = sorted(i for i, _ in marks)
        if marks and indices == list(range(index + 1, index + 1 + len(marks))):  # this letter's own
            placed.append((index, char))
            placed += sorted(marks)
        else:
            placed += marks
            placed.append((index, char))
        marks = []
    return placed + marks


def isolate(line: str, rtl: bool) -> tuple[str, str]:
    """The isolate that opens and closes a cell line: FSI, unless the line's first strong letter
    would give it another direction than its cell's (an Arabic name wrapped after a Latin word)."""
    own = first_strong(line)
    if own is None or (own == "rtl") == rtl:
        return FSI, PDI
    return (RLI if rtl else LRI), PDI


class BidiText:
    """A rich `Text` laid out for a bidi mode: wrapped to its width first, then each line
    reordered (`visual`) or isolated (`terminal`), and right-aligned when right-to-left.

    The width of every line is unchanged: reordering only moves characters, and
    isolates take no cell. So a table holding BidiText cells keeps its columns.
    """

    def __init__(self, text: Text, mode: BidiMode) -> None:
        self.text = text
        self.mode = mode

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        rtl = is_rtl(self.text.plain)
        justify = options.justify or self.text.justify or "left"
        if rtl and justify in ("left", "default", "full"):
            justify = "right"  # the start of a right-to-left line is its right edge
        lines = self.text.wrap(
            console,
            width,
            justify="default",  # padding is added below, outside the reordering or the isolate
            overflow=options.overflow or self.text.overflow,
            no_wrap=options.no_wrap,
        )
        for line in lines:
            line.rstrip()
            yield from _pad(self._line(console, line, rtl), width - line.cell_len, justify)
            yield Segment.line()

    def _line(self, console: Console, line: Text, rtl: bool) -> list[Segment]:
        if self.mode is BidiMode.visual:
            styles = [line.get_style_at_offset(console, i) for i in range(len(line.plain))]
            return list(_runs((char, styles[index]) for index, char in visual_order(line.plain, rtl)))
        segments = list(line.render(console, end=""))
        if self.mode is BidiMode.terminal and line.plain:
            opening, closing = isolate(line.plain, rtl)
            segments = [Segment(opening), *segments, Segment(closing)]
        return segments


def _runs(chars: Iterable[tuple[str, Style]]) -> Iterator[Segment]:
    """Characters joined into segments of one style."""
    text, style = "", None
    for char, char_style in chars:
        if text and char_style != style:
            yield Segment(text, style)
            text = ""
        text, style = text + char, char_style
    if text:
        yield Segment(text, style)


def _pad(segments: list[Segment], space: int, justify: str) -> list[Segment]:
    """The line with the blanks that `justify` puts before it (none after: a table pads
    its cells itself, and a line printed alone needs no trailing blanks)."""
    if space > 0 and justify == "right":
        return [Segment(" " * space), *segments]
    if space > 1 and justify == "center":
        return [Segment(" " * (space // 2)), *segments]
    return segments
