"""The Braille format: a Braille-ready file (BRF) for an embosser or a braille display.

Unified English Braille, grade 2 (contracted), as UK readers learn it,
translated by liblouis (``en-ueb-g2.ctb``). The page is an embosser's: 40
cells by 25 lines, a form feed between pages. Every page opens with a running
line, the reference and version at the left and the braille page number at
the right. Page 1 is the title page: the status first when the copy is not
current, then the title, who the leaflet is from, the reference, version,
approval and review dates. Headings are centred (a subheading starts in cell
5) with a blank line before them and never end a page; paragraphs start in
cell 3; list items in cell 1 with runovers in cell 3. A line breaks only
between words or after a hyphen; a word longer than a line (a web address)
runs on with the continuation indicator. The file holds upper-case braille
ASCII, the usual form of BRF.

Verification reads the file as a braille reader does: liblouis translates it
back, and every word of the leaflet must be there in order, with the stamps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Iterator

from ..document.words import callout_label, figure_said, plural, words
from ..errors import RenderError, VerificationError
from ..governance.edition import Edition
from ..source import markup, model
from ..source.phrases import Phrases
from .base import Output, Rendition, Variant, check_words

"""Unified English Braille, grade 2."""
TRANSLATOR = "lou_translate"
INSTALL = "apt-get install liblouis-bin (it is in tests/debian-packages.txt, which the README's test command installs)"
CELLS, LINES = 40, 25
"""An embosser's page: 40 cells a line, 25 lines."""
PARAGRAPH, RUNOVER, SUBHEADING = 2, 2, 4
"""Blank cells before a paragraph's first line, a list item's runover lines and a subheading."""
CONTINUES = '"'
"""UEB's continuation indicator (dot 5), ending a line whose word goes on below."""
UNDEFINED = re.compile(r"^'\\.*'$|^$")
"""What liblouis makes of a character it has no braille for: an escaped code, or nothing."""
TO_BRF = str.maketrans("abcdefghijklmnopqrstuvwxyz`{|}~", "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[\\]^")
FROM_BRF = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[\\]^", "abcdefghijklmnopqrstuvwxyz`{|}~")
PRINT_FORMS = str.maketrans({"\u2019": "'", "\u2018": "'"})
"""Typographic apostrophes as the apostrophe UEB writes (liblouis reads ’ as a closing quote)."""


@dataclass(frozen=True)
class Piece:
    """One paragraph-like piece of the leaflet before translation: its words and how its lines sit."""

    text: str
    first: int = 0
    rest: int = 0
    centred: bool = False
    heading: bool = False
    origin: model.Origin | None = None
    """Where its words come from; the title page's come from the leaflet's first line."""


PAGE_BREAK = Piece("")
"""Ends the title page."""


def liblouis(args: list[str], lines: list[str], table: str) -> list[str]:
    """``lou_translate`` with ``table`` over ``lines``, one line out for each line in."""
    tool = shutil.which(TRANSLATOR)
    if tool is None:
        raise RenderError(f"braille needs liblouis, which is not installed: {INSTALL}")
    result = subprocess.run([tool, *args, table], input="\n".join(lines) + "\n", capture_output=True,
                            text=True, encoding="utf-8", check=False)
    out = result.stdout.split("\n")[:len(lines)]
    if result.returncode != 0 or len(out) != len(lines):
        raise RenderError(f"liblouis could not translate the leaflet: {result.stderr.strip() or 'no output'}")
    return out


def pieces(edition: Edition) -> Iterator[Piece]:
    """The leaflet as pieces in reading order, the title page first."""
    document, leaflet, site = edition.document, edition.leaflet, edition.document.site
    if edition.notice:
        yield Piece(edition.notice.sentence, centred=True)
    yield Piece(leaflet.title, centred=True, heading=True)
    if leaflet.subtitle:
        yield Piece(leaflet.subtitle, centred=True)
    yield Piece(f"{site.organisation} \u2013 {site.department}", centred=True)
    yield from (Piece(item) for item in edition.stamp)
    yield PAGE_BREAK
    for block in document.blocks:
        yield from block_pieces(block, site, document.phrases)


def items(entries: tuple[str, ...], numbered: bool, origin: model.Origin) -> Iterator[Piece]:
    for number, entry in enumerate(entries, start=1):
        yield Piece(f"{number}. {entry}" if numbered else entry, 0, RUNOVER, origin=origin)


def block_pieces(block: model.Block, site: model.Site, phrases: Phrases) -> Iterator[Piece]:
    origin = block.origin
    if isinstance(block, model.Heading):
        if block.level == 1:
            yield Piece(block.text, centred=True, heading=True, origin=origin)
        else:
            yield Piece(block.text, SUBHEADING, SUBHEADING, heading=True, origin=origin)
    elif isinstance(block, model.Paragraph):
        yield Piece(block.text, PARAGRAPH, origin=origin)
    elif isinstance(block, (model.BulletList, model.Steps)):
        yield from items(block.items, isinstance(block, model.Steps), origin)
    elif isinstance(block, model.Callout):
        label = callout_label(block, phrases)
        yield Piece(f"{label}: {block.title}" if block.title else label, PARAGRAPH, origin=origin)
        if block.text:
            yield Piece(block.text, PARAGRAPH, origin=origin)
        yield from items(block.items, False, origin)
    elif isinstance(block, model.Figure):
        yield from (Piece(said, PARAGRAPH, origin=origin) for said in figure_said(block, phrases))
    elif isinstance(block, model.Contacts):
        yield Piece(site.department, origin=origin)
        for phone in site.phones:
            yield Piece(f"{phone.label}: {phone.number}" + (f" ({phone.hours})" if phone.hours else ""), 0, RUNOVER,
                        origin=origin)
        yield Piece(", ".join(site.address), 0, RUNOVER, origin=origin)
        yield Piece(phrases.say("website", address=site.web), 0, RUNOVER, origin=origin)
    elif isinstance(block, model.OnlineCopy):
        yield Piece(phrases.say("back_matter.online", address=block.address), PARAGRAPH, origin=origin)
    elif isinstance(block, model.WriteIn):
        yield Piece(block.label, PARAGRAPH, origin=origin)
    elif isinstance(block, model.Questions):
        for pair in block.pairs:
            yield Piece(pair.question, PARAGRAPH, origin=origin)
            yield Piece(pair.answer, PARAGRAPH, origin=origin)


def print_text(piece: Piece) -> str:
    """The piece's words as liblouis takes them: links written out, one line, apostrophes as UEB writes them."""
    return " ".join(markup.written_out(piece.text).split()).translate(PRINT_FORMS)


def refuse_undefined(found: list[Piece], first_line: model.Origin, table: str) -> None:
    """Refuse a character UEB has no sign for (an emoji), naming the file and line it is first on."""
    chars = sorted({char for piece in found for char in print_text(piece) if not char.isascii() or char == "\\"})
    if not chars:
        return
    for char, braille in zip(chars, liblouis(["--forward"], chars, table)):
        if UNDEFINED.match(braille):
            origin = next(piece.origin or first_line for piece in found if char in print_text(piece))
            raise RenderError(f"the character '{char}' (U+{ord(char):04X}) has no sign in braille; "
                              "write it in words, or leave it out of a leaflet made in Braille", str(origin))


def wrap(braille: str, first: int, rest: int) -> list[str]:
    """Braille cut into lines of :data:`CELLS`: between words or after a hyphen, a longer word carried on."""
    lines: list[str] = []
    line = " " * first
    parts = [(part, " " if n == 0 else "") for word in braille.split() for n, part in enumerate(re.findall(r"[^-]*-|[^-]+", word))]
    for word, joint in parts:
        joint = "" if not line.strip() else joint
        if len(line) + len(joint) + len(word) <= CELLS:
            line += joint + word
            continue
        if line.strip():
            lines.append(line)
            line = " " * rest
        while len(line) + len(word) > CELLS:  # longer than a line: carried on with the continuation indicator
            cut = CELLS - len(line) - len(CONTINUES)
            lines.append(line + word[:cut] + CONTINUES)
            line, word = " " * rest, word[cut:]
        line += word
    return lines + [line] if line.strip() else lines


def centre(line: str) -> str:
    return " " * ((CELLS - len(line.strip())) // 2) + line.strip()


def lay_out(found: list[Piece], braille: list[str]) -> list[list[str]]:
    """The pieces' braille on pages of :data:`LINES` lines, the first line of each left for its running line."""
    pages: list[list[str]] = [[""]]
    for piece, text in zip(found, braille):
        at_top = len(pages[-1]) == 1
        if piece is PAGE_BREAK:
            pages.extend([] if at_top else [[""]])
            continue
        lines = wrap(text, piece.first, piece.rest)
        if piece.centred:
            lines = [centre(line) for line in lines]
        before = 1 if piece.heading and not at_top else 0
        need = before + len(lines) + (1 if piece.heading else 0)  # a heading keeps a line of what follows
        if need > LINES - len(pages[-1]) and not at_top:
            pages.append([""])
            before = 0
        pages[-1].extend([""] * before)
        for line in lines:
            if len(pages[-1]) == LINES:
                pages.append([""])
            pages[-1].append(line)
    return pages


def brf(edition: Edition, found: list[Piece]) -> tuple[str, int]:
    """The leaflet (its ``pieces``) as a BRF, and its number of braille pages."""
    table = edition.document.phrases.braille_table
    refuse_undefined(found, model.Origin(edition.leaflet.path, 1), table)
    leaflet = edition.leaflet
    heads = [f"{leaflet.id} v{leaflet.version}" + (f" {edition.notice.word}" if edition.notice else ""), leaflet.id]
    translated = liblouis(["--forward"], [print_text(piece) for piece in found] + heads, table)
    pages = lay_out(found, translated[:len(found)])
    numbers = liblouis(["--forward"], [str(n) for n in range(1, len(pages) + 1)], table)
    widest = max(map(len, numbers))
    running = next((head for head in translated[len(found):] if len(head) + 1 + widest <= CELLS), "")
    for page, number in zip(pages, numbers):
        page[0] = running + " " * (CELLS - len(running) - len(number)) + number
    text = "\f".join("\n".join(line.rstrip() for line in page) + "\n" for page in pages)
    return text.translate(TO_BRF), len(pages)


def read_back(data: bytes, table: str) -> str:
    """What a braille reader gets from the file, in print: liblouis translates it back.

    The lines are read as a reader reads them, one after another: a line that
    ends in a hyphen or the continuation indicator runs straight on into the
    next, any other into the next with a space. The running line at the top of
    each page is read on its own, and each page's text in one piece (liblouis
    reads a line of at most a few thousand cells).
    """
    running: list[str] = []
    pages: list[str] = []
    carried = ""
    for page in data.decode("ascii").translate(FROM_BRF).split("\f"):
        head, *lines = page.rstrip("\n").split("\n")
        running.append(head.strip())
        text = carried
        for line in filter(None, map(str.strip, lines)):
            if text.endswith(CONTINUES):
                text = text[:-len(CONTINUES)] + line
            else:
                text += ("" if not text or text.endswith("-") else " ") + line
        run_on = text.endswith((CONTINUES, "-"))
        cut = text.rfind(" ") + 1 if run_on else len(text)  # a word that runs over the page is read whole
        pages.append(text[:cut])
        carried = text[cut:]
    pages.append(carried)
    return "\n".join(liblouis(["--backward"], [*running, *pages], table))


def misreadings(found: list[Piece], table: str) -> dict[str, frozenset[str]]:
    """Words liblouis reads back as another word from their own braille, alone or in their address.

    Back-translation cannot always tell what a sign stands for: the wordsign
    ``5`` comes back as "en", not "enough", and the colon in ``https3`` as
    "cc". The braille is right and a reader reads it right; the check then
    accepts those readings, and only those, for those words.
    """
    texts = [print_text(piece) for piece in found]
    addresses = sorted({token for text in texts for token in text.split() if "://" in token or "@" in token})
    alone = sorted({word for text in texts for word in words(text)})
    pairs: dict[str, set[str]] = {}
    queries = alone + addresses
    for text, read in zip(queries, liblouis(["--backward"], liblouis(["--forward"], queries, table), table)):
        said, heard = words(text), words(read)
        if len(said) == len(heard):
            for word, reading in zip(said, heard):
                if word != reading:
                    pairs.setdefault(word, set()).add(reading)
    return {word: frozenset(readings) for word, readings in pairs.items()}


def check_geometry(data: bytes) -> None:
    text = data.decode("ascii")
    for number, page in enumerate(text.split("\f"), start=1):
        lines = page.rstrip("\n").split("\n")
        if len(lines) > LINES:
            raise VerificationError(f"braille page {number} has {len(lines)} lines; an embosser's page holds {LINES}")
        wide = next((line for line in lines if len(line) > CELLS), None)
        if wide is not None:
            raise VerificationError(f"a line on braille page {number} is {len(wide)} cells; the page is {CELLS} wide")
        if not all(" " <= char <= "_" for line in lines for char in line):
            raise VerificationError(f"braille page {number} holds a character outside braille ASCII")


class BrailleOutput(Output):
    name = "braille"
    extension = ".brf"
    label = "Braille (BRF)"

    def variants(self) -> tuple[list[Variant], list[str]]:
        if shutil.which(TRANSLATOR) is None:
            return [], [f"braille: liblouis is not installed, so no Braille copies were made: {INSTALL}"]
        return super().variants()

    easy_read = False

    def unavailable(self, edition: Edition) -> str | None:
        phrases = edition.document.phrases
        if phrases.braille_table is None:
            return (f"{edition.leaflet.id}: no {self.name} copy, as {phrases.english_name} has no braille table "
                    f"that reads back reliably (braille_table: in {phrases.path.name})")
        return super().unavailable(edition)

    def make(self, edition: Edition, variant: Variant) -> list[Rendition]:
        found_pieces = list(pieces(edition))
        text, pages = brf(edition, found_pieces)
        data = text.encode("ascii")
        check_geometry(data)
        table = edition.document.phrases.braille_table
        said = read_back(data, table)
        found = words(said)
        check_words(edition, found, "braille as liblouis reads it back", misreadings(found_pieces, table))
        return [Rendition(variant.name, data, pages, 0.0, tuple(found), variant.label, plural(pages, "braille page"))]
