"""A web page's main text and its metadata, through trafilatura.

trafilatura (with lxml) finds the article in a page and leaves out navigation, ads,
comments, scripts and styles; its metadata reader takes title, author, site name, URL
and publication date from the page's own tags (``og:``, ``article:published_time``,
JSON-LD). Imported only here, and only when a page is read, so the query path never
loads it. A page too small for trafilatura's article finder is read with lxml directly,
still without scripts, styles or navigation.
"""

from __future__ import annotations

import html as html_entities
import logging
import re
from typing import Any

from mali_facts.errors import DocumentError

#: Elements whose text is never document text.
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
            "form", "button", "select", "svg", "iframe", "object", "head")
_BLOCKS = frozenset(("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                     "article", "section", "blockquote", "pre", "table", "ul", "ol", "dd",
                     "dt", "figcaption", "main"))
#: An entity left in the text (a page that escaped its text twice: ``&amp;#39;``).
_LEFT_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: A tag left in the text (escaped markup shown as text): never document text.
_LEFT_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?>")
_SPACES = re.compile(r"\s+")
METADATA = ("title", "author", "sitename", "url", "date")


def clean_text(text: str) -> str:
    """Entities decoded once more and tags dropped, paragraphs one blank line apart."""
    for _ in range(2):  # "&amp;#39;" is two escapes deep
        if "&" not in text:
            break
        text = _LEFT_ENTITY.sub(lambda m: html_entities.unescape(m.group()), text)
    text = _LEFT_TAG.sub(" ", text)
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def _fallback_text(raw: bytes) -> str:
    """The text of a small page or fragment, block by block, without scripts or menus."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(raw)
    except (lxml.etree.ParserError, ValueError, TypeError):
        return ""
    dropped = list(root.iter(*_DROPPED, lxml.etree.Comment, lxml.etree.ProcessingInstruction))
    for element in dropped:
        if element.getparent() is not None:
            element.drop_tree()  # its tail, the text after it, stays in place
    pieces: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                pieces.append("\n")
            if element.text:
                pieces.append(_SPACES.sub(" ", element.text))
        else:
            if tag in _BLOCKS:
                pieces.append("\n")
            if element.tail:
                pieces.append(_SPACES.sub(" ", element.tail))
    return "".join(pieces)


def read_html(raw: bytes, name: str) -> tuple[str, dict[str, str]]:
    """(main text, metadata found in the page) of an HTML document."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        document: Any = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except (ValueError, TypeError, RecursionError, LookupError):
        document = None
    text = ""
    metadata: dict[str, str] = {}
    if document is not None:
        text = document.text or ""
        for field in METADATA:
            value = getattr(document, field, None)
            if isinstance(value, str) and value.strip():
                metadata[field] = " ".join(clean_text(value).split())
    if not text.strip():
        text = _fallback_text(raw)
    text = clean_text(text)
    if not text:
        raise DocumentError(f"{name}: no text found in this HTML page")
    return text, metadata
