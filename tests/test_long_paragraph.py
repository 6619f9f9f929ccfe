"""Bad input stays cheap: a paragraph running over many pages has its lines broken once, not once a page."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from benchmarks.content import LONG_ID, long_paragraph_library
from conftest import CONTENT, TODAY, pdftotext, pdfs, run


def test_a_long_paragraph_is_broken_into_lines_about_once(tmp_path, monkeypatch):
    content = long_paragraph_library(CONTENT, tmp_path / "content", 40)
    paragraph = (content / "leaflets" / "long-paragraph.yaml").read_text(encoding="utf-8").split("paragraph: ")[-1]
    broken: list[int] = []
    break_lines = Paragraph.breakLines

    def counted(self, widths):
        # a paragraph split by ReportLab holds its words as a list rather than as text
        broken.append(sum(len(getattr(frag, "text", None) or " ".join(getattr(frag, "words", ()))) for frag in self.frags))
        return break_lines(self, widths)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    assert run("--content", str(content), "--output", str(tmp_path / "out"), "--today", TODAY, "--jobs", "1",
               "--layout", "a4", "--format", "pdf", LONG_ID) == 0
    [pdf] = pdfs(tmp_path / "out")
    pages = pdftotext(pdf).count("\f")
    assert pages >= 12, "the paragraph runs over many pages"
    # ReportLab alone breaks the rest of the paragraph again on every page: about pages / 2 times its length.
    assert sum(broken) < 2.5 * len(paragraph), (sum(broken), len(paragraph), pages)
