"""Map a Word document's pieces onto a leaflet's blocks, noting every choice made and everything left over.

Word's own structure is taken first (title and heading styles, list
numbering, pictures); where an author made structure by hand, the common
habits are read too: a short bold line followed by text is a heading, a shaded
or bordered box, a text box or a table of one cell is a callout, a bold
"Important:" opens one, a line typed with a bullet is a list item. The closing
sections a leaflet carries anyway (sources, feedback, other formats, document
control) are taken into the leaflet's own keys rather than its blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..source import markup, model
from ..source.phrases import Phrases
from .control import Control
from .model import Finding, Picture, Piece

_HEADING_STYLE = re.compile(r"heading (\d)", re.IGNORECASE)
_TYPED_BULLET = re.compile(r"^(?:[•·▪‣◦●○■□\-–—*]\s+|[\uf0b7\uf0a7\uf0d8\uf0fc]\s*)")
"""A bullet typed by hand, or pasted from Word's Symbol and Wingdings fonts (private-use characters no other font has)."""
_TYPED_NUMBER = re.compile(r"^\(?(\d{1,2})[.)]\s+")
_FAKED_HEADING_WORDS = 12
URGENT_WORDS = ("999", "urgent", "seek help", "emergency", "a&e", "straight away", "immediately", "at once")
IMPORTANT_WORDS = ("important", "warning", "caution", "do not", "don't", "must", "never", "stop taking")
_SECTIONS = {
    "sources": ("sources", "references", "sources of information", "evidence", "where this information comes from"),
    "feedback": ("feedback", "your feedback", "comments and feedback", "tell us what you think"),
    "formats": ("other formats", "alternative formats", "accessible formats", "other formats and languages",
                "this leaflet in other formats", "this information in other formats"),
    "control": ("about this leaflet", "document control", "leaflet information", "document information"),
}
_PHRASE_KEYS = {"sources": "back_matter.sources_heading", "feedback": "back_matter.feedback_heading",
                "formats": "back_matter.other_formats_heading", "control": "back_matter.about_heading"}


@dataclass
class Block:
    """One leaflet block as it will be written: its key, its value, and the paragraph it came from."""

    key: str
    value: Any
    at: int


@dataclass
class Mapping:
    title: str | None = None
    subtitle: str | None = None
    blocks: list[Block] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    feedback: str | None = None
    pictures: list[tuple[Picture, int]] = field(default_factory=list)
    """Each figure block's picture, in the order of the figures."""
    notes: list[Finding] = field(default_factory=list)
    """Choices the importer made that the author should check."""
    left: list[Finding] = field(default_factory=list)
    """What did not map as it was."""


def section_headings(phrases: Phrases) -> dict[str, set[str]]:
    """The headings of the closing sections, as people write them and as this project's own pages print them."""
    return {kind: {*names, _key(phrases.say(_PHRASE_KEYS[kind]))} for kind, names in _SECTIONS.items()}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w&' ]", " ", markup.plain(text).lower()).split())


def _an(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def callout_kind(text: str) -> tuple[model.CalloutKind, str | None]:
    """The kind a callout's words ask for, and the word that decided it (None: nothing urgent or important)."""
    words = f" {markup.plain(text).lower()} "
    for kind, cues in ((model.CalloutKind.URGENT, URGENT_WORDS), (model.CalloutKind.IMPORTANT, IMPORTANT_WORDS)):
        for cue in cues:
            if re.search(rf"(?<![\w&]){re.escape(cue)}(?![\w&])", words):
                return kind, cue
    return model.CalloutKind.INFO, None


class Mapper:
    def __init__(self, pieces: list[Piece], phrases: Phrases, site: model.Site | None, control: Control,
                 fallback_title: str) -> None:
        self.pieces = [p for p in pieces if p.text or p.pictures or p.rows]
        self.phrases = phrases
        self.site = site
        self.control = control
        self.fallback_title = fallback_title
        self.out = Mapping()
        self.sections = section_headings(phrases)
        self.labels = {_key(phrases.say(f"callouts.{kind.value}")): kind for kind in model.CalloutKind}
        self.labels.update({"warning": model.CalloutKind.IMPORTANT, "note": model.CalloutKind.INFO,
                            "emergency": model.CalloutKind.URGENT})
        levels = [self.level(p) for p in self.pieces]
        self.shift = 0
        self.styled_headings = any(level for level in levels if level)
        firsts = [i for i, level in enumerate(levels) if level == 1]
        if 0 not in levels and len(firsts) == 1 and all(not (level and level > 1) for level in levels[: firsts[0]]):
            self.shift = 1  # one Heading 1 above all the rest: the title, as a web page saved from a browser has it

    @staticmethod
    def level(piece: Piece) -> int | None:
        """0 for the title, 1, 2 … for headings, None for anything else."""
        style = piece.style.lower()
        if style == "title":
            return 0
        match = _HEADING_STYLE.fullmatch(style)
        return int(match[1]) if match else None

    def run(self) -> Mapping:
        i = 0
        while i < len(self.pieces):
            i = self.step(i)
        if not self.out.title:
            self.out.title = self.fallback_title
            self.out.notes.append(Finding(1, f"no title style or single Heading 1 found; the title is '{self.fallback_title}'"))
        return self.out

    def step(self, i: int) -> int:
        """Map the piece at ``i`` (and any that belong with it); the index of the next piece to map."""
        piece = self.pieces[i]
        text = piece.text
        level = self.level(piece)
        if level is not None:  # before boxes: Word's Title style draws a rule under the title
            return self.heading(i, level)
        if piece.box:
            return self.box(i)
        if "subtitle" in piece.style.lower() and not self.out.blocks and self.out.title and not self.out.subtitle:
            self.out.subtitle = markup.plain(text)
            return i + 1
        if self.masthead(piece):
            self.out.notes.append(Finding(piece.at, f"'{markup.plain(text)}' names the organisation, which the build "
                                                    "prints from the site file: left out"))
            return i + 1
        if piece.rows is not None:
            return self.table(i)
        if piece.pictures:
            return self.figures(i)
        contacts = self.contacts(i)
        if contacts:
            return contacts
        if piece.style.lower() == "list heading":
            return self.questions(i)
        if piece.bold and (label := self.label(text)):
            return self.labelled(i, *label)
        if self.list_item(piece):
            return self.items(i)
        if self.faked_heading(i):
            key = "subheading" if self.under_heading() else "heading"
            self.add(key, markup.plain(text), piece.at)
            self.out.notes.append(Finding(piece.at, f"the bold line '{markup.plain(text)}' read as a {key}"))
            return i + 1
        self.add("paragraph", text, piece.at)
        return i + 1

    def add(self, key: str, value: Any, at: int) -> None:
        self.out.blocks.append(Block(key, value, at))

    def under_heading(self) -> bool:
        return any(block.key == "heading" for block in self.out.blocks) and self.styled_headings

    def heading(self, i: int, level: int) -> int:
        piece = self.pieces[i]
        text = markup.plain(piece.text)
        if level == 0 or (self.shift and level == 1 and not self.out.title):
            if self.out.title:
                self.add("heading", text, piece.at)
                self.out.notes.append(Finding(piece.at, f"a second title '{text}' read as a heading"))
            else:
                self.out.title = text
            return i + 1
        depth = max(1, level - self.shift)
        kind = self.section_kind(text)
        if kind:
            return self.section(i, kind, level)
        first = not any(block.key == "heading" for block in self.out.blocks)
        self.add("heading" if depth == 1 or first else "subheading", text, piece.at)
        style = piece.style.capitalize()
        if depth > 1 and first:
            self.out.notes.append(Finding(piece.at, f"'{text}' ({style}) made a heading: it is the first, and a "
                                                    "subheading belongs inside a section"))
        elif depth > 2:
            self.out.notes.append(Finding(piece.at, f"'{text}' ({style}) made a subheading: a leaflet has two levels"))
        return i + 1

    def section_kind(self, text: str) -> str | None:
        key = _key(text)
        return next((kind for kind, names in self.sections.items() if key in names), None)

    def section(self, i: int, kind: str, level: int) -> int:
        """A closing section: its words go to the leaflet's own keys (sources, feedback) or are read for document control."""
        heading = self.pieces[i]
        end = i + 1
        while end < len(self.pieces):
            other = self.level(self.pieces[end])
            if other is not None and other <= level:
                break
            end += 1
        inside = [p for p in self.pieces[i + 1 : end] if p.text]
        name = markup.plain(heading.text)
        texts = [_TYPED_BULLET.sub("", p.text) for p in inside]
        if kind == "sources":
            self.out.sources.extend(texts)
            entries = f"{len(texts)} {'entry' if len(texts) == 1 else 'entries'}"
            self.out.notes.append(Finding(heading.at, f"'{name}': {entries} taken as the leaflet's sources"))
        elif kind == "feedback":
            self.out.feedback = " ".join(texts) or None
            self.out.notes.append(Finding(heading.at, f"'{name}' taken as the leaflet's feedback wording"))
        elif kind == "formats":
            self.out.notes.append(Finding(heading.at, f"'{name}' left out: the build writes this section itself, with the "
                                                      "contact in the site file; check it says the same"))
        else:
            for piece in inside:
                self.control.read(markup.plain(piece.text), f"paragraph {piece.at}")
            self.out.notes.append(Finding(heading.at, f"'{name}' read for the reference, version, owner and review date, "
                                                      "and left out: the build writes it from the leaflet's keys"))
        return end

    def masthead(self, piece: Piece) -> bool:
        if self.site is None or any(b.key in ("heading", "paragraph") for b in self.out.blocks):
            return False
        words = set(re.findall(r"\w+", markup.plain(piece.text).lower()))
        known = set(re.findall(r"\w+", f"{self.site.organisation} {self.site.department}".lower()))
        return bool(words) and words <= known and self.site.organisation.lower() in markup.plain(piece.text).lower()

    def contacts(self, i: int) -> int | None:
        """The site's own contact details, as the build prints them: the contacts block, which prints them from the site file."""
        site = self.site
        if site is None or markup.plain(self.pieces[i].text) != site.department:
            return None
        end = i + 1
        while end < len(self.pieces) and end <= i + len(site.phones) + 3 and site.web not in self.pieces[end - 1].text:
            end += 1
        said = " ".join(markup.plain(p.text) for p in self.pieces[i:end])
        if site.web not in said or not all(phone.number in said for phone in site.phones):
            return None
        self.add("contacts", None, self.pieces[i].at)
        self.out.notes.append(Finding(self.pieces[i].at, "the site's contact details read as the contacts block, which "
                                                         "prints them from the site file"))
        return end

    def label(self, text: str) -> tuple[model.CalloutKind, str | None] | None:
        match = re.match(r"\s*(?:\*\*)?([A-Za-z ]{3,20}?)\s*[:–-]\s*(.*?)(?:\*\*)?\s*$", text)
        head = _key(match[1]) if match else _key(text)
        if head in self.labels:
            rest = markup.plain(match[2]).strip() if match else ""
            return self.labels[head], rest or None
        return None

    def labelled(self, i: int, kind: model.CalloutKind, title: str | None) -> int:
        """A bold "Important: …" line, the paragraph after it, and the list that paragraph introduces."""
        piece = self.pieces[i]
        end, text, items = i + 1, None, []
        if end < len(self.pieces) and self.plain_paragraph(self.pieces[end]):
            text = self.pieces[end].text
            end += 1
        if end < len(self.pieces) and (text is None or text.rstrip().endswith(":")):
            while end < len(self.pieces) and self.list_item(self.pieces[end]):
                items.append(self.item_text(self.pieces[end]))
                end += 1
        if text is None and not items:
            text, title = title or markup.plain(piece.text), None
        self.callout(kind, title, text, items, piece.at)
        self.out.notes.append(Finding(piece.at, f"'{markup.plain(piece.text)}' read as {_an(kind.value)} callout (its label "
                                                f"says so) with what follows up to paragraph {self.pieces[end - 1].at}; "
                                                "check where it ends"))
        return end

    def plain_paragraph(self, piece: Piece) -> bool:
        return (not piece.box and self.level(piece) is None and not piece.pictures and piece.rows is None
                and not self.list_item(piece) and not piece.bold)

    def callout(self, kind: model.CalloutKind, title: str | None, text: str | None, items: list[str], at: int) -> None:
        value = {"kind": kind.value, **({"title": title} if title else {}), **({"text": text} if text else {}),
                 **({"bullets": items} if items else {})}
        self.add("callout", value, at)

    def box(self, i: int) -> int:
        """Paragraphs in one shaded or bordered box, text box or one-cell table: a callout of the kind its words ask for."""
        box = self.pieces[i].box
        end = i
        while end < len(self.pieces) and self.pieces[end].box == box:
            end += 1
        if not any(piece.text for piece in self.pieces[i:end]):  # a frame round a picture: the picture is the point
            for piece in self.pieces[i:end]:
                self.add_figures(piece, None)
            return end
        inside = self.pieces[i:end]
        title, label_kind = None, None
        first = inside[0]
        if first.bold and len(inside) > 1:
            label = self.label(first.text)
            label_kind, title = label if label else (None, markup.plain(first.text))
            inside = inside[1:]
        texts = [p.text for p in inside if not self.list_item(p) and p.text]
        items = [self.item_text(p) for p in inside if self.list_item(p)]
        if not texts and not items:
            texts, title = [title or ""], None
        words = " ".join(filter(None, (title, *texts, *items)))
        kind, cue = (label_kind, None) if label_kind else callout_kind(words)
        self.callout(kind, title, " ".join(texts) or None, items, first.at)
        why = "its label says so" if label_kind else f"it says '{cue}'" if cue else "nothing urgent or important in its words"
        name = re.sub(r" at paragraph \d+$", "", box or "")  # the paragraph is said at the start of the line
        self.out.notes.append(Finding(first.at, f"a {name} read as {_an(kind.value)} callout ({why})"))
        pictured = [p.at for p in self.pieces[i:end] if p.pictures]
        if pictured:
            self.out.left.append(Finding(pictured[0], "a picture inside a box not imported: put it before or after the "
                                                      "box in Word and import again"))
        return end

    def list_item(self, piece: Piece) -> bool:
        if self.level(piece) is not None:
            return False  # headings numbered by their outline are headings still
        return piece.numbering is not None or bool(_TYPED_BULLET.match(piece.text) or _TYPED_NUMBER.match(piece.text))

    @staticmethod
    def item_text(piece: Piece) -> str:
        return _TYPED_NUMBER.sub("", _TYPED_BULLET.sub("", piece.text), count=1)

    def numbered(self, piece: Piece) -> bool:
        return piece.numbering[1] if piece.numbering else bool(_TYPED_NUMBER.match(piece.text))

    def items(self, i: int) -> int:
        ordered = self.numbered(self.pieces[i])
        end, items, nested = i, [], []
        while (end < len(self.pieces) and self.list_item(self.pieces[end]) and not self.pieces[end].box
               and self.numbered(self.pieces[end]) == ordered and not self.pieces[end].pictures):
            piece = self.pieces[end]
            if piece.numbering and piece.numbering[0] > 0:
                nested.append(piece.at)
            items.append(self.item_text(piece))
            end += 1
        self.add("steps" if ordered else "bullets", items, self.pieces[i].at)
        if nested:
            self.out.notes.append(Finding(nested[0], f"a list inside a list (paragraphs {', '.join(map(str, nested))}) "
                                                     "made part of the list around it"))
        return end

    def faked_heading(self, i: int) -> bool:
        piece = self.pieces[i]
        words = markup.plain(piece.text).split()
        if not piece.bold or len(words) > _FAKED_HEADING_WORDS or piece.text.rstrip("*").endswith((".", ":", ",")):
            return False
        following = self.pieces[i + 1] if i + 1 < len(self.pieces) else None
        return following is not None and self.level(following) is None and not following.bold

    def questions(self, i: int) -> int:
        pairs, end = [], i
        while (end + 1 < len(self.pieces) and self.pieces[end].style.lower() == "list heading"
               and self.pieces[end + 1].style.lower() == "list contents"):
            pairs.append({"question": markup.plain(self.pieces[end].text), "answer": self.pieces[end + 1].text})
            end += 2
        if not pairs:
            self.add("paragraph", self.pieces[i].text, self.pieces[i].at)
            return i + 1
        self.add("questions", pairs, self.pieces[i].at)
        return end

    def figures(self, i: int) -> int:
        piece = self.pieces[i]
        caption = markup.plain(piece.text) or None
        end = i + 1
        if caption is None and end < len(self.pieces) and self.pieces[end].style.lower() == "caption":
            caption = markup.plain(self.pieces[end].text) or None
            end += 1
        self.add_figures(piece, caption)
        return end

    def add_figures(self, piece: Piece, caption: str | None) -> None:
        """A figure block for each picture of ``piece``, the first with ``caption``."""
        for picture in piece.pictures:
            value = {"alt": picture.alt or "", **({"caption": caption} if caption else {})}
            self.add("figure", value, piece.at)
            self.out.pictures.append((picture, piece.at))
            caption = None

    def table(self, i: int) -> int:
        piece = self.pieces[i]
        rows = [" – ".join(cell for cell in row if cell) for row in piece.rows or []]
        rows = [row for row in rows if row]
        if rows:
            self.add("bullets", rows, piece.at)
        columns = max((len(row) for row in piece.rows or [[]]), default=0)
        self.out.left.append(Finding(piece.at, f"a table of {len(piece.rows or [])} rows and {columns} columns kept as a "
                                               "list, one item per row: a leaflet has no tables; rewrite it as sentences "
                                               "or a list"))
        if piece.pictures:
            self.out.left.append(Finding(piece.at, f"{len(piece.pictures)} picture(s) inside the table not imported: "
                                                   "put them outside the table in Word and import again"))
        return i + 1
