"""The shell of the HTML pages the build writes beside the PDFs (the catalogue, the register).

Each page stands alone: its style inline, nothing fetched from outside, so it
opens from a shared drive with no internet.
"""

from __future__ import annotations

from html import escape


def page(title: str, style: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""
