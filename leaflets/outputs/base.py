"""The one interface every format implements.

A format turns an :class:`~leaflets.governance.edition.Edition` into files,
in each of its variants (a PDF has one per print layout; most formats have
one), verifies them by reading back what a reader of that format gets, and
returns them as bytes. It writes nothing: planning, incremental builds,
atomic writes, the archive, the register and the catalogue treat every format
alike, by its name, the variant names and the extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Sequence

from ..document.words import missing_word, words
from ..errors import VerificationError

if TYPE_CHECKING:
    from ..governance.edition import Edition
    from ..settings import Settings


PRINT_SUFFIX = "-print"
"""Added to a variant's name for its companion print file: ``<id>-v<version>-a5-booklet-print.pdf``."""
PRINT_LABEL = " print file"
"""Added to a variant's label for that print file: "A5 booklet print file"."""


@dataclass(frozen=True)
class Variant:
    """One way a format renders every leaflet, e.g. the A4 clear-print layout."""

    name: str
    """Names its files: ``<id>-v<version>-<name>[-DRAFT]<extension>``."""
    files: tuple[str, ...]
    """The name of each file it makes, its own first (an A5 booklet adds its print file)."""
    label: str
    """What staff call its copy, as they ask for it: "A4 clear print", "Large print 24 pt", "Web page".

    The catalogue, the register and the build's own lines name the file by
    it; the file name keeps ``name``.
    """
    spec: Any = None
    """Everything that shapes its bytes beyond the edition (a print layout…), as data: digested for incremental builds."""
    bilingual: bool = False
    """Sets a translation beside its original (``Edition.original``): made only of such an edition, and remade when either changes."""
    easy_read: bool | None = None
    """Made only of Easy Read editions (True: an Easy Read layout), only of other leaflets (False: a layout that sets
    no rows), or of both (None: a format that is not laid out on pages)."""


@dataclass(frozen=True)
class Rendition:
    """One verified file, not yet written."""

    name: str
    """One of its variant's ``files``."""
    data: bytes
    pages: int
    """Pages, or the format's own unit a reader moves through (sections, chapters)."""
    smallest_size: float
    """The smallest text drawn, in points; 0 where the reader chooses the size."""
    words: tuple[str, ...]
    """What a reader of the format gets back, word by word, as verification read it."""
    label: str
    """What staff call the file: its variant's label, or one made from it ("A5 booklet print file",
    "Bilingual A4 clear print – Welsh and English")."""
    extent: str
    """How long it is, as staff would say it: "6 pages", "4 sides to print", "7 min 30 s"."""


class Output:
    """A format: subclasses set ``name``, ``extension`` and ``label`` and write :meth:`make`."""

    name: ClassVar[str]
    """The format's name in settings, the register and the catalogue: ``pdf``."""
    extension: ClassVar[str]
    """The files' extension, dot included: ``.pdf``."""
    label: ClassVar[str]
    """What staff call a copy in this format, for a format with one variant: "Web page", "Braille (BRF)"."""
    easy_read: ClassVar[bool] = True
    """Whether the format makes Easy Read editions: the Accessible Information Standard asks for them on paper,
    as a web page, as plain text and as audio; a format that reads without their pictures says so."""

    @classmethod
    def configure(cls, settings: Settings) -> Output:
        """The format set up from its part of ``settings``."""
        return cls()

    def variants(self) -> tuple[list[Variant], list[str]]:
        """The variants to make, and the problem of each asked for that cannot be (a broken layout file)."""
        return [Variant(self.name, (self.name,), self.label)], []

    def make(self, edition: Edition, variant: Variant) -> list[Rendition]:
        """Render and verify ``edition`` in ``variant``, one rendition per name in ``variant.files``.

        Raises a :class:`~leaflets.errors.LeafletError` when the result fails verification.
        """
        raise NotImplementedError

    def preload(self, work: Sequence[tuple[Edition, Variant]]) -> None:
        """Load what :meth:`make` will need for ``work`` (modules, fonts, figures) once, before worker processes
        fork and inherit it; a failure here is left for :meth:`make` to report."""

    def unavailable(self, edition: Edition) -> str | None:
        """Why this format cannot be made of ``edition`` (its language has no braille table), or None."""
        if edition.leaflet.easy_read and not self.easy_read:
            return f"{edition.leaflet.id}: no {self.name} copy of an Easy Read edition, whose rows rest on their pictures"
        return None

    def applies(self, edition: Edition, variant: Variant) -> bool:
        """Whether ``variant`` is made of ``edition`` at all; one that is not is skipped without a note.

        A bilingual copy is made only of a translation with its original, and
        an Easy Read layout only of an Easy Read edition (which no other layout
        sets): asking for it of another leaflet is no fault worth a word.
        """
        rows = variant.easy_read is None or variant.easy_read == edition.leaflet.easy_read
        return rows and (not variant.bilingual or edition.original is not None)

    def recheck(self, output_dir: Path, ids: tuple[str, ...]) -> list[str]:
        """Problems with this format's files already published in ``output_dir`` (``--check``)."""
        return []


def check_words(edition: Edition, found: list[str], medium: str, read_as: Mapping[str, frozenset[str]] | None = None) -> None:
    """Raise unless a reader of ``medium`` gets every word of the leaflet in order, its stamp, and its status before its
    title, and no approval date it does not have.

    ``found`` is what verification read back from the file, word by word;
    ``read_as`` as for :func:`~leaflets.document.words.missing_word`.
    """
    gap = missing_word(edition.document.words, found, read_as)
    if gap:
        raise VerificationError(f"the word '{gap[1]}' (word {gap[0] + 1} of the content) is missing from the {medium}, "
                                "or out of order")
    heard = " ".join(found)
    facts = edition.stamp[:-1] if edition.notice else edition.stamp  # the status word is said in its sentence
    for item in (*((edition.notice.sentence,) if edition.notice else ()), *facts):
        if " ".join(words(item)) not in heard:
            raise VerificationError(f"the {medium} lacks '{item}'")
    if edition.notice and heard.index(" ".join(words(edition.notice.sentence))) > heard.index(" ".join(words(edition.leaflet.title))):
        raise VerificationError(f"the {medium} does not say '{edition.notice.sentence}' before the title")
    edition.check_dates(found, medium)
