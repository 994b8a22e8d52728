"""A PDF's text as paragraphs, through pypdf.

A PDF holds positioned lines, not paragraphs. Read as it is, a report gives words cut
by hyphens at line ends ("negoti-" / "ation"), sentences broken by every line end,
page numbers and running headers between sentences, and footnote markers glued to
words ("killed12") that the figure rules would count. This module undoes each, page by
page, with rules about layout only (repetition across pages, line lengths, position),
never about one document's words. pypdf is imported only here.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import Any

from mali_facts.errors import DocumentError

_PAGE_NUMBER = re.compile(
    r"(?i)[-–—\s]*(?:page|p\.|seite)?\s*\d{1,4}(?:\s*(?:/|of|sur|de)\s*\d{1,4})?[-–—\s]*"
    r"|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})")
_DIGITS = re.compile(r"\d+")
#: a marker glued to the end of a word or after its punctuation: "killed12", "toll.3"
_GLUED_MARKER = re.compile(r"(?<=[a-zà-ÿ\)\]”’\"'])([.,;:]?)(\d{1,3})(?=[\s.,;:)]|$)")
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
#: Properties a word processor filled in, not a title or an author anyone wrote.
_JUNK_PROPERTY = re.compile(r"(?i)^\s*(?:microsoft\b|untitled\b|document\d*\s*$|user\s*$)"
                            r"|\.(?:docx?|pdf|odt|rtf|indd|pages|txt)\s*$")
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)»]\s*$")


def _lines_of(page_text: str) -> list[str]:
    return [" ".join(line.split()) for line in page_text.split("\n")]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that open or close at least half the pages (3 or more): running headers and
    footers. Digits are blanked first, so "Report, page 3" repeats too."""
    if len(pages) < 3:
        return set()
    lengths = sorted(len(line) for lines in pages for line in lines if len(line) > 20)
    usual = lengths[len(lengths) * 3 // 4] if lengths else 60
    counts: Counter[str] = Counter()
    for lines in pages:
        filled = [x for x in lines if x]
        # a body line fills the page's width; a header or footer is shorter
        edges = {_DIGITS.sub("#", line) for line in [*filled[:2], *filled[-2:]]
                 if len(line) < 0.85 * usual}
        counts.update(edges)
    return {line for line, n in counts.items() if n >= max(3, (len(pages) + 1) // 2)}


def _drop_furniture(lines: list[str], running: set[str]) -> list[str]:
    """The page without its running lines and the page number at its top or bottom."""
    kept = [line for line in lines if _DIGITS.sub("#", line) not in running]
    while kept and (not kept[-1] or _PAGE_NUMBER.fullmatch(kept[-1])):
        kept.pop()
    while kept and (not kept[0] or _PAGE_NUMBER.fullmatch(kept[0])):
        kept.pop(0)
    return kept


def _unmark(lines: list[str]) -> list[str]:
    """Footnote markers taken off the words they are glued to; the footnotes at the foot
    of the page lose their leading number (that number is a marker, not a figure)."""
    markers: set[str] = set()

    def take(match: re.Match[str]) -> str:
        markers.add(match.group(2))
        return match.group(1)

    body = [_GLUED_MARKER.sub(take, _SUPERSCRIPTS.sub("", line)) for line in lines]
    for i in range(len(body) - 1, -1, -1):
        head, _, rest = body[i].partition(" ")
        if head in markers and rest[:1].isupper():
            body[i] = "\n" + rest  # a footnote is a paragraph of its own
        elif i < len(body) - 8:
            break
    return body


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines joined into paragraphs; words hyphenated at a line end mended.

    A paragraph ends at a blank line, or after a line clearly shorter than the page's
    usual line (the last line of a paragraph, a heading) that ends a sentence or has
    no final punctuation at all.
    """
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    usual = lengths[len(lengths) * 3 // 4] if lengths else 60
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if line.startswith("\n"):  # a footnote
            if current:
                paragraphs.append(current)
            current, line = "", line[1:]
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif re.search(r"[^\W\d_]-$", current) and line[:1].islower():
            current = current[:-1] + line  # "negoti-" + "ation"
        else:
            current = current + " " + line
        short = len(line) < 0.7 * usual and not re.search(r"[^\W\d_]-$", line)
        if short and (_SENTENCE_END.search(line) or not re.search(r"[,\w-]$", line)
                      or len(line) < 0.4 * usual):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def read_pdf(raw: bytes, name: str) -> tuple[str, dict[str, str]]:
    """(text, metadata from the PDF's document information) of a PDF file."""
    import pypdf
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name}: the PDF is encrypted (remove the password first)")
        pages = [_lines_of(page.extract_text() or "") for page in reader.pages]
        info: Any = reader.metadata
    except DocumentError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError, NotImplementedError):
        raise DocumentError(f"{name}: not a readable PDF (damaged or unsupported)") from None
    running = _running_lines(pages)
    lines: list[str] = []
    for page in pages:
        lines.extend(_unmark(_drop_furniture(page, running)))
        lines.append("")  # a page break ends a paragraph only if the line says so
    if lines and lines[-1] == "":
        lines.pop()
    text = join_lines([line for i, line in enumerate(lines)
                       if line or not _continues(lines, i)])
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no text layer (a scan? run OCR first)")
    metadata: dict[str, str] = {}
    for field, key in (("title", "/Title"), ("author", "/Author")):
        value = info.get(key) if info else None
        if isinstance(value, str) and value.strip() and not _JUNK_PROPERTY.search(value):
            metadata[field] = " ".join(value.split())
    return text, metadata


def _continues(lines: list[str], i: int) -> bool:
    """A page break inside a sentence: the line before it does not end a sentence and
    the next page starts in lower case."""
    before = lines[i - 1] if i > 0 else ""
    after = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(before and after and not _SENTENCE_END.search(before)
                and after[:1].islower())
