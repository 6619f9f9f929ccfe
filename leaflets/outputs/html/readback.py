"""Reading a web page back as a browser and a screen reader would meet it.

The text a reader gets (not the style, not what is hidden from assistive
technology, an image by its alt text), the headings in order, the language,
and anything the page would fetch from outside. The build refuses a page
that loses a word, skips a heading level or reaches out of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

HIDDEN = {"head", "style", "script", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FETCHING = {"src", "srcset", "poster", "data"}
BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "div", "header", "main", "footer"}


@dataclass
class Reading:
    """What a page gives a reader."""

    text: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    language: str | None = None
    outside: list[str] = field(default_factory=list)
    """Addresses the page would fetch (not links a reader may follow)."""
    images_without_alt: int = 0
    about: dict[str, str] = field(default_factory=dict)
    """What the page says of itself, out of sight: its title and each named meta element's content."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reading = Reading()
        self.hidden: list[str] = []  # open elements whose content a reader does not get
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.reading.language = values.get("lang")
        if tag == "meta" and values.get("name"):
            self.reading.about[values["name"] or ""] = values.get("content") or ""
        self.in_title = tag == "title"
        for name in FETCHING & values.keys():
            if not (values[name] or "").startswith("data:"):
                self.reading.outside.append(values[name] or "")
        if tag == "link" and values.get("href"):
            self.reading.outside.append(values["href"] or "")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and not self.hidden:
            self.reading.headings.append(int(tag[1]))
        if tag == "img" and not self.hidden:
            alt = (values.get("alt") or "").strip()
            self.reading.images_without_alt += not alt
            self.reading.text.append(f" {alt} ")
        if tag in BLOCKS or tag == "br":
            self.reading.text.append("\n")
        if tag not in VOID and (tag in HIDDEN or values.get("aria-hidden") == "true" or self.hidden):
            self.hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()
        if tag in BLOCKS:
            self.reading.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.reading.about["title"] = self.reading.about.get("title", "") + data
        if not self.hidden:
            self.reading.text.append(data)


def read(page: str) -> Reading:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.reading


def text_of(reading: Reading) -> str:
    """The page's words as lines, no-break spaces as spaces."""
    return "\n".join(" ".join(line.split()) for line in "".join(reading.text).replace("\u00a0", " ").split("\n")
                     if line.strip())
