"""Document control read from a Word file: its reference, version, review date and owner.

Trusts put these in the header or footer ("Ref: PIL-0423 Version 3 Review
date: 03/2027"), in the document's properties, or in a closing section such
as the web page's "About this leaflet". Each is read where it is found, said
in the report with where it came from, and checked as the validator will
check it; what is not found is left for the author, with a stand-in that says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(?:" + "|".join(m[:3] + f"(?:{m[3:]})?" if len(m) > 3 else m for m in _MONTHS) + r")\.?"
_DATE = rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}" \
        rf"|{_MONTH},? \d{{4}}|\d{{1,2}}[/.-]\d{{4}})"
_REFERENCE = re.compile(r"\b(?:ref(?:erence)?|leaflet (?:code|number|no))(?:\s*(?:no\.?|number|code))?\s*[:.#]?\s*"
                        r"(?=[A-Za-z0-9/-]*\d)([A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*)", re.IGNORECASE)
_VERSION = re.compile(r"\b(?:version|issue|v)\s*[:.]?\s*(\d{1,4}(?:\.\d{1,4})?)\b", re.IGNORECASE)
_REVIEW = re.compile(rf"\b(?:review(?:\s+date|\s+due(?:\s+by)?|\s+by)?|next review(?:\s+date)?)\s*[:.]?\s*(?:on\s+)?({_DATE})",
                     re.IGNORECASE)
_OWNER = re.compile(r"\b(?:written by|owner|produced by|author(?:ed)? by|department)\s*[:.]?\s*(.+)", re.IGNORECASE)
_PROPERTY_NAMES = {"reference": ("identifier", "reference", "ref", "document reference", "leaflet reference"),
                   "version": ("version", "document version"), "review_date": ("review date", "review", "next review")}


@dataclass
class Control:
    """The control facts found, each with where it was found."""

    reference: str | None = None
    version: str | None = None
    review_date: dt.date | None = None
    owner: str | None = None
    found: dict[str, str] = field(default_factory=dict)
    """For each fact, where it came from: "the footer", "the document properties", "paragraph 83"."""
    doubts: list[str] = field(default_factory=list)
    """Facts found but not usable as written, and why."""

    def read(self, text: str, where: str) -> None:
        """Take whatever facts ``text`` states that are not known yet."""
        if self.reference is None and (match := _REFERENCE.search(text)):
            self._reference(match[1], where)
        if self.version is None and (match := _VERSION.search(text)):
            number = match[1] if "." in match[1] else f"{match[1]}.0"
            self._set("version", number, where)
        if self.review_date is None and (match := _REVIEW.search(text)):
            day = parse_date(match[1])
            if day:
                self._set("review_date", day, where)
            else:
                self.doubts.append(f"review date '{match[1]}' in {where} gives no day of the month; write review_date in full")
        if self.owner is None and (match := _OWNER.match(text.strip())):
            self._set("owner", match[1].split(",")[0].strip(), where)

    def read_properties(self, properties: dict[str, str]) -> None:
        for fact, names in _PROPERTY_NAMES.items():
            value = next((properties[name] for name in names if properties.get(name)), None)
            if value and getattr(self, fact) is None:
                label = {"reference": "Reference", "version": "Version", "review_date": "Review date"}[fact]
                self.read(f"{label}: {value}", "the document properties")

    def _reference(self, raw: str, where: str) -> None:
        reference = re.sub(r"[/ _.]+", "-", raw.strip()).upper()
        if not re.fullmatch(r"[A-Z0-9]+(?:-[A-Z0-9]+)*", reference) or len(reference) > 20:
            self.doubts.append(f"reference '{raw}' in {where} is not one the build can use (capitals, digits and hyphens, "
                               "at most 20 characters)")
            return
        if reference != raw:
            self.doubts.append(f"reference '{raw}' in {where} written as {reference} (capitals, digits and hyphens)")
        self._set("reference", reference, where)

    def _set(self, fact: str, value, where: str) -> None:
        setattr(self, fact, value)
        self.found[fact] = where


def parse_date(text: str) -> dt.date | None:
    """A full date as UK documents write it (2027-03-01, 01/03/2027, 1 March 2027), or None."""
    text = text.strip().lower().replace(",", "")
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", text):
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return dt.date(year, int(match[2]), int(match[1]))  # day first, as the UK writes it
        if match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.? (\d{4})", text):
            month = next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(match[2][:3])), None)
            return dt.date(int(match[3]), month, int(match[1])) if month else None
    except ValueError:
        return None
    return None
