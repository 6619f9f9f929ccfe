"""Tagged PDF (PDF/UA-1) for ReportLab output.

ReportLab writes untagged PDFs. Here flowables report what they draw into a
StructureTree *while* they draw, so the marked content in the page streams and
the structure tree come from the same calls and cannot drift apart. finish()
then adds the tree, the parent tree, the catalog entries and the XMP packet to
ReportLab's own document objects, so ReportLab still writes the file (and
invariant mode stays byte-identical).

A renderer sets ``canvas.structure = tree`` and a flowable's draw() does::

    with canvas.structure.content(canvas, "P"):
        ...draw...

Pages are identified by ``canvas.getPageNumber()`` when content is drawn and
resolved to ReportLab's page objects only in finish(), which is what makes a
canvas that defers page output (replaying pages in save()) work.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    XMP,
    Destination,
    LinkAnnotation,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "LEAFLET_NS",
    "LEAFLET_PREFIX",
    "StructElement",
    "StructureTree",
    "Tag",
]

LEAFLET_NS = "https://leaflets.example/ns/1.0/"
"""XMP namespace of the project's own properties (reference, version, ...)."""
LEAFLET_PREFIX = "leaflet"

# Standard structure types of ISO 32000-1 14.8.4: using only these means no
# /RoleMap is needed.
_STANDARD_ROLES = frozenset(
    """Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
    Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody
    TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP
    Warichu WT WP Figure Formula Form""".split()
)
_ARTIFACT_TYPES = frozenset({"Pagination", "Layout", "Page", "Background"})
_ARTIFACT_SUBTYPES = frozenset({"Header", "Footer", "Watermark"})
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# PDF/UA-1 is built on ISO 32000-1 (PDF 1.7); /Tabs alone needs 1.5.
_PDF_VERSION = (1, 7)


@dataclass(frozen=True)
class _MarkedContent:
    page: int  # canvas page number, 1-based
    mcid: int


@dataclass(frozen=True)
class _ObjectRef:
    page: int
    annotation: PDFDictionary | LinkAnnotation


class StructElement:
    """A structure element.

    Create one up front when a flowable may draw in several parts (a split
    paragraph, list or table) and pass it to every part's content()/group():
    the parts then stay one element whose content lists every page it is on.
    An element is placed in the tree where it is first drawn.
    """

    def __init__(self, role: str, *, alt: str | None = None, lang: str | None = None, **table_attrs: str | int) -> None:
        """``table_attrs`` become Table-owned attributes (/A), e.g. ``Scope="Column"``
        on a TH or ``ColSpan=2``, which screen readers need to relate cells; ``lang``
        (/Lang) an element in another language than the document's."""
        if role not in _STANDARD_ROLES:
            raise ValueError(f"{role!r} is not a standard structure type")
        if role == "Figure" and not alt:
            raise ValueError("a Figure needs alt text")
        self.role = role
        self.alt = alt
        self.lang = lang
        self.table_attrs = table_attrs
        self.parent: StructElement | None = None
        self.kids: list[StructElement | _MarkedContent | _ObjectRef] = []

    def __repr__(self) -> str:
        return f"StructElement({self.role!r})"


class Tag(Protocol):
    """A declarative description of what a flowable draws, for renderers that
    prefer keys to element objects: the same ``key`` on several draws (the parts
    of a split paragraph) means the same element; ``parents`` are the enclosing
    group elements as (role, key), outermost first. A tag may also give ``lang``,
    the language of an element in another than the document's, and a TH its
    ``scope`` ("Column" or "Row")."""

    @property
    def role(self) -> str: ...
    @property
    def key(self) -> Hashable: ...
    @property
    def parents(self) -> Sequence[tuple[str, Hashable]]: ...
    @property
    def alt(self) -> str | None: ...


class StructureTree:
    """Collects the structure of one document while it is drawn."""

    def __init__(self, *, lang: str, title: str, xmp_properties: dict[str, str] | None = None) -> None:
        """``xmp_properties`` are written as ``leaflet:<name>`` in XMP; values are
        taken as given (no dates are generated here, so output is reproducible)."""
        properties = dict(sorted((xmp_properties or {}).items()))
        for name in properties:
            if not _XML_NAME.fullmatch(name):
                raise ValueError(f"{name!r} is not a usable XMP property name")
        self.lang = lang
        self.title = title
        self.xmp_properties = properties
        self.root = StructElement("Document")
        self._stack = [self.root]
        self._owners: dict[int, list[StructElement]] = {}  # page -> owner of each MCID
        self._links: list[tuple[_ObjectRef, StructElement]] = []
        self._bookmarks: list[tuple[Destination, int]] = []
        self._keyed: dict[Hashable, StructElement] = {}
        self._marking = False
        self._finished = False

    @contextmanager
    def group(
        self, role: str | StructElement, *, alt: str | None = None, **table_attrs: str | int
    ) -> Iterator[StructElement]:
        """An element without content of its own (L, LI, Table, TR, ...): elements
        drawn inside become its children. Pass the same element again to continue
        it on a later page."""
        element = self._element(role, alt, table_attrs)
        self._stack.append(element)
        try:
            yield element
        finally:
            self._stack.pop()

    @contextmanager
    def content(
        self,
        canvas: Canvas,
        role: str | StructElement,
        *,
        alt: str | None = None,
        **table_attrs: str | int,
    ) -> Iterator[StructElement]:
        """Wrap what is drawn inside in ``/Role <</MCID n>> BDC ... EMC`` and record
        it as content of the element. Pass an existing element to continue it
        (e.g. the second half of a split paragraph).

        Link annotations made inside (canvas.linkURL/linkRect, or Paragraph
        ``<a href>``) are tagged too: attached to the element if it is a Link,
        otherwise to a new Link child, with alt (or the link target) as /Contents.
        """
        self._check_open()
        element = self._element(role, alt, table_attrs)
        page = canvas.getPageNumber()
        annotations_before = len(canvas._annotationrefs)
        with self._marked(canvas, self._begin(element, page)):
            yield element
        for ref in canvas._annotationrefs[annotations_before:]:
            self._tag_link(element, page, canvas._doc.idToObject[ref.name])

    @contextmanager
    def linked_content(self, canvas: Canvas, element: StructElement) -> Iterator[LinkedMarks]:
        """content() for one text object that holds links: the text object marks
        its own stretches (see LinkedMarks), so each link's words sit in its Link
        element beside the link annotation, and a screen reader reads them as
        the link rather than an empty one."""
        self._check_open()
        self._element(element, None, {})
        page = canvas.getPageNumber()
        annotations_before = len(canvas._annotationrefs)
        marks = LinkedMarks(self, element, page)
        self._marking = True
        try:
            yield marks
        finally:
            self._marking = False
        annotations = [canvas._doc.idToObject[ref.name] for ref in canvas._annotationrefs[annotations_before:]]
        for link, annotation in zip(marks.links_drawn(len(annotations)), annotations, strict=True):
            self._tag_link(link, page, annotation)

    def _begin(self, element: StructElement, page: int) -> str:
        """The operator that starts a new piece of ``element``'s content on ``page``."""
        owners = self._owners.setdefault(page, [])
        owners.append(element)
        element.kids.append(_MarkedContent(page, len(owners) - 1))
        return f"/{element.role} <</MCID {len(owners) - 1}>> BDC"

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str = "Pagination", subtype: str | None = None) -> Iterator[None]:
        """Mark page furniture so assistive technology skips it: kind Pagination
        for running headers/footers/page numbers (subtype Header/Footer/Watermark),
        Layout for rules and decoration."""
        self._check_open()
        if kind not in _ARTIFACT_TYPES:
            raise ValueError(f"unknown artifact type {kind!r}")
        properties = f"/Type /{kind}"
        if subtype is not None:
            if subtype not in _ARTIFACT_SUBTYPES:
                raise ValueError(f"unknown artifact subtype {subtype!r}")
            properties += f" /Subtype /{subtype}"
        with self._marked(canvas, f"/Artifact <<{properties}>> BDC"):
            yield

    @contextmanager
    def mark(self, canvas: Canvas, tag: Tag | None, *, linked: bool = False) -> Iterator[LinkedMarks | None]:
        """content() for a declarative Tag: enters the tag's parent groups and its
        element, found by key so later parts continue them. ``None`` marks
        decoration (a Layout artifact). ``linked`` text is marked by its text
        object instead (linked_content), and gets the marks to do it with."""
        if tag is None:
            with self.artifact(canvas, "Layout"):
                yield None
            return
        with ExitStack() as groups:
            for role, key in tag.parents:
                groups.enter_context(self.group(self._by_key(key, role, None)))
            element = self._by_key(tag.key, tag.role, tag.alt, getattr(tag, "lang", None),  # a tag may leave its language out
                                   getattr(tag, "scope", None))  # and a header cell's scope
            if linked:
                with self.linked_content(canvas, element) as marks:
                    yield marks
            else:
                with self.content(canvas, element):
                    yield None

    def bookmark(self, canvas: Canvas, title: str, *, level: int, y: float) -> None:
        """Add an outline entry (level 0 for H1, 1 for H2) pointing at height ``y``
        of the current drawing coordinates.

        canvas.bookmarkPage binds the destination to ReportLab's current *output*
        page, which a deferring canvas has not made yet; finish() rebinds it to
        the page actually drawn on.
        """
        key = f"heading-{len(self._bookmarks) + 1}"
        _, top = canvas.absolutePosition(0, y)
        destination = canvas.bookmarkPage(key, fit="XYZ", top=top)
        canvas.addOutlineEntry(title, key, level=level)
        self._bookmarks.append((destination, canvas.getPageNumber()))

    def finish(self, canvas: Canvas) -> None:
        """Write everything into the document; call once, after the last page
        object exists and before Canvas.save(). With a deferring canvas that is
        after the replay loop (the page objects only exist then)."""
        if self._finished:
            raise RuntimeError("finish() was already called")
        if self._marking or len(self._stack) > 1:
            raise RuntimeError("finish() called inside content(), artifact() or group()")
        doc = canvas._doc
        pages = doc.Pages.pages
        used = [*self._owners, *(ref.page for ref, _ in self._links), *(page for _, page in self._bookmarks)]
        if canvas.getPageNumber() != len(pages) + 1 or max(used, default=0) > len(pages):
            raise RuntimeError("finish() must run after every page has been emitted (after a deferred replay)")
        self._finished = True

        def page_ref(page: int) -> PDFObjectReference:
            return doc.Reference(pages[page - 1])

        # Register in tree order so object numbers never depend on anything else.
        tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_root_ref = doc.Reference(tree_root)
        refs: dict[StructElement, PDFObjectReference] = {}

        def add(element: StructElement, parent: PDFObjectReference) -> PDFObjectReference:
            entry = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": parent})
            ref = refs[element] = doc.Reference(entry)
            if element.alt:
                entry["Alt"] = PDFString(element.alt)
            if element.lang:
                entry["Lang"] = PDFString(element.lang)
            if element.table_attrs:
                entry["A"] = PDFDictionary(
                    {"O": PDFName("Table")}
                    | {k: PDFName(v) if isinstance(v, str) else v for k, v in element.table_attrs.items()}
                )
            kids: list[object] = []
            for kid in element.kids:
                if isinstance(kid, StructElement):
                    kids.append(add(kid, ref))
                elif isinstance(kid, _MarkedContent):
                    kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": page_ref(kid.page), "MCID": kid.mcid}))
                else:
                    kids.append(
                        PDFDictionary(
                            {"Type": PDFName("OBJR"), "Pg": page_ref(kid.page), "Obj": doc.Reference(kid.annotation)}
                        )
                    )
            entry["K"] = PDFArray(kids)
            return ref

        tree_root["K"] = add(self.root, tree_root_ref)

        # Parent tree: one key per page with marked content (array indexed by
        # MCID), then one per link annotation (its Link element).
        nums: list[object] = []
        for page in sorted(self._owners):
            pages[page - 1].StructParents = len(nums) // 2
            nums += [len(nums) // 2, PDFArray([refs[owner] for owner in self._owners[page]])]
        for ref, element in self._links:
            _set_struct_parent(ref.annotation, len(nums) // 2)
            nums += [len(nums) // 2, refs[element]]
        tree_root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
        tree_root["ParentTreeNextKey"] = len(nums) // 2

        for page in pages:
            # PDFPage writes only the keys listed in __NoDefault__.
            page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
            page.Tabs = PDFName("S")
        for destination, page in self._bookmarks:
            destination.setPage(page_ref(page))
        if self._bookmarks:
            canvas.showOutline()

        catalog = doc.Catalog
        catalog.StructTreeRoot = tree_root_ref
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Lang = PDFString(self.lang)
        catalog.Metadata = XMP(creator=lambda _doc: self.xmp())
        canvas.setViewerPreference("DisplayDocTitle", "true")
        canvas.setTitle(self.title)
        doc._pdfVersion = max(doc._pdfVersion, _PDF_VERSION)

    def xmp(self) -> bytes:
        """The XMP packet: PDF/UA identification, title, language and the caller's
        ``leaflet:`` properties. Deterministic: nothing here reads the clock."""
        custom = "".join(
            f"\n   <{LEAFLET_PREFIX}:{name}>{escape(value)}</{LEAFLET_PREFIX}:{name}>"
            for name, value in self.xmp_properties.items()
        )
        packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:{LEAFLET_PREFIX}="{LEAFLET_NS}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(self.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{escape(self.lang)}</rdf:li></rdf:Bag></dc:language>
   <pdfuaid:part>1</pdfuaid:part>{custom}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""
        return packet.encode("utf-8")

    def _check_open(self) -> None:
        # Structure content sequences must not nest (ISO 32000-1 14.7.4.2), and
        # nothing can be added once the tree has been written.
        if self._finished:
            raise RuntimeError("the structure tree is already finished")
        if self._marking:
            raise RuntimeError("content() and artifact() cannot nest")

    def _element(self, role: str | StructElement, alt: str | None, table_attrs: dict[str, str | int]) -> StructElement:
        if isinstance(role, StructElement):
            if alt is not None or table_attrs:
                raise TypeError("give alt/attributes when creating the StructElement")
            element = role
        else:
            element = StructElement(role, alt=alt, **table_attrs)
        if element.parent is None and element is not self.root:
            element.parent = self._stack[-1]
            element.parent.kids.append(element)
        return element

    def _by_key(self, key: Hashable, role: str, alt: str | None, lang: str | None = None,
                scope: str | None = None) -> StructElement:
        element = self._keyed.get(key)
        if element is None:
            element = self._keyed[key] = StructElement(role, alt=alt, lang=lang, **({"Scope": scope} if scope else {}))
        elif element.role != role:
            raise ValueError(f"key {key!r} is a {element.role}, not a {role}")
        return element

    @contextmanager
    def _marked(self, canvas: Canvas, begin: str) -> Iterator[None]:
        page = canvas.getPageNumber()
        canvas.addLiteral(begin)
        self._marking = True
        try:
            yield
        finally:
            self._marking = False
        if canvas.getPageNumber() != page:
            raise RuntimeError("marked content cannot continue across a page break")
        canvas.addLiteral("EMC")

    def _tag_link(self, element: StructElement, page: int, annotation: object) -> None:
        # PDF/UA-1 7.18.5: a link annotation sits in a Link element and has /Contents;
        # it is printed like the text it covers (flag 3, Print).
        if isinstance(annotation, LinkAnnotation):
            annotation.Contents = element.alt or annotation.Contents or annotation.Destination.name
            annotation.otherkw["F"] = PRINT_FLAG
        elif isinstance(annotation, PDFDictionary) and annotation.dict.get("Subtype") == PDFName("Link"):
            annotation["F"] = PRINT_FLAG
            if element.alt:
                annotation["Contents"] = PDFString(element.alt)
            elif "Contents" not in annotation:
                action = annotation["A"]
                annotation["Contents"] = action["URI"] if "URI" in action else action["F"]
        else:
            raise TypeError("only link annotations can be drawn inside tagged content")
        link = element
        if element.role != "Link":
            link = StructElement("Link")
            link.parent = element
            element.kids.append(link)
        ref = _ObjectRef(page, annotation)
        link.kids.append(ref)
        self._links.append((ref, link))


@dataclass(frozen=True)
class Switch:
    """A place in a text object's code where the content passes to ``element``."""

    element: StructElement


TEXT_SHOWING = re.compile(r"\bT[jJ]\b")


class LinkedMarks:
    """The marking of one text object that holds links, switching between its
    element and a Link child for each link's words.

    The text object puts a Switch where a link starts and ends; resolve()
    turns them into marked-content operators when the object is written,
    inside BT ... ET, since one sequence may not start outside a text object
    and end inside it. Operators that show no text (a move to the next line)
    join the stretch before them, so no element gets an empty piece. The
    words after a link go in a Span: the element's kids then read in the
    order they are painted even to a checker that takes each element's
    content as one run.
    """

    def __init__(self, tree: StructureTree, element: StructElement, page: int) -> None:
        self.tree, self.element, self.page = tree, element, page
        self._links: dict[Hashable, StructElement] = {}
        self._started: list[StructElement] = []
        self._after = element

    def link(self, key: Hashable) -> StructElement:
        """The Link element of the link ReportLab knows as ``key``: one per link, on however many lines."""
        return self._links.setdefault(key, StructElement("Link"))

    def start(self, key: Hashable) -> Switch:
        self._started.append(self.link(key))
        self._after = StructElement("Span")
        return Switch(self.link(key))

    def end(self) -> Switch:
        return Switch(self._after)

    def links_drawn(self, count: int) -> list[StructElement]:
        """The Link element of each of the ``count`` annotations drawn, in order: one per link per line.

        A text object drawn in one piece (a paragraph that is all one link)
        records no starts: its annotations all belong to that link.
        """
        return self._started or [self.link(None) for _ in range(count)]

    def resolve(self, code: list[str | Switch], whole_link: bool) -> list[str]:
        """``code`` (BT first) with each stretch marked as its element's content; all of it one link if ``whole_link``."""
        begin, *rest = code
        stretches: list[tuple[StructElement, list[str]]] = []
        waiting: list[str] = []  # shows no text, before the first stretch that does
        entries: list[str] = []
        current = self.link(None) if whole_link else self.element
        for entry in [*rest, None]:
            if isinstance(entry, str):
                entries.append(entry)
                continue
            if any(TEXT_SHOWING.search(text) for text in entries):
                if stretches and stretches[-1][0] is current:
                    stretches[-1][1].extend(entries)
                else:
                    stretches.append((current, waiting + entries))
                    waiting = []
            elif stretches:
                stretches[-1][1].extend(entries)
            else:
                waiting.extend(entries)
            entries = []
            if entry is not None:
                current = entry.element
        out = [begin]
        for element, stretch in stretches or [(self.element, waiting)]:
            if element.parent is None:
                element.parent = self.element
                self.element.kids.append(element)
            out += [self.tree._begin(element, self.page), *stretch, "EMC"]
        return out


PRINT_FLAG = 4
"""An annotation's /F bit 3: printed."""


def _set_struct_parent(annotation: PDFDictionary | LinkAnnotation, key: int) -> None:
    if isinstance(annotation, LinkAnnotation):
        # Annotation.Dict() rejects keys outside ``permitted``.
        annotation.permitted = (*LinkAnnotation.permitted, "StructParent")
        annotation.otherkw["StructParent"] = key
    else:
        annotation["StructParent"] = key
