"""Documents in every format the tests read, built in the test itself (no files shipped)."""

from __future__ import annotations

from fpdf import FPDF

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Army retakes Kidal | Sahel Wire</title>
<meta property="og:title" content="Army retakes Kidal">
<meta property="article:published_time" content="2023-11-14T09:30:00Z">
<meta name="author" content="Awa Traoré">
<meta property="og:site_name" content="Sahel Wire">
<script>var pageViews = 98765; document.write("4321 soldiers");</script>
<style>.banner { width: 728px; }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/2023">Archive 2023</a> <a href="/top">Top 55</a></nav>
<article>
<h1>Army retakes Kidal</h1>
<p>On Tuesday the Malian army said it had taken control of Kidal, the rebels&#39;
stronghold in the north, after several days of fighting.</p>
<p>About 3,000 people fled the town &amp; its surroundings, according to the United
Nations, which said aid convoys had been stopped near Anefis.</p>
<p>Colonel Assimi Go&iuml;ta, the transition president, congratulated the troops in a
televised address from Bamako on Tuesday evening.</p>
</article>
<footer>Copyright 2023 Sahel Wire. Call 7777 for subscriptions.</footer>
</body></html>
"""


class _Report(FPDF):
    """A report with a running header and page numbers, as real ones have."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, "Sahel Security Monitor - November 2024", align="C")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"Page {self.page_no()} of 3", align="C")


def report_pdf(places: tuple[str, ...] = ("Gao", "Kidal", "Mopti"), title: str = "") -> bytes:
    """Three pages: hard-wrapped paragraphs, a word hyphenated across lines, a footnote
    marker glued to a word and the footnote at the foot of the page."""
    pdf = _Report()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    for page, place in enumerate(places):
        pdf.add_page()
        for i in range(3):
            paragraph(f"The governor of {place} said that {300 + 10 * i} families had "
                      "returned to the town after the fighting in the region, and that the "
                      f"army had reopened the road to the south of {place} on Monday after "
                      "weeks of clashes with armed groups operating in the area. " * 2)
        pdf.multi_cell(0, 6, f"In {place}, observers described the negoti-",
                       new_x="LMARGIN", new_y="NEXT")
        paragraph(f"ations as difficult. At least {40 + page} civilians were "
                  f"killed{page + 1} near Menaka.")
        paragraph(f"{page + 1} Figure for {place} reported by the local authorities.")
    return bytes(pdf.output())


MARKDOWN = """---
title: Talks resume in Algiers
date: 2024-02-03
author: Moussa Keita
outlet: Bamako Review
---
# Talks resume in Algiers

**Analysis** of the peace process.

Mediators met in [Algiers](https://example.org/2019/06/1234-talks) on Monday with
delegates of the armed groups, the first meeting in 14 months.

- The CSP sent 12 delegates.
- The government sent 9.
"""
