"""Which kind of document a file is, decided by its bytes, not its name.

A ``.txt`` that holds a web page is read as HTML; a PDF without an extension is read
as a PDF. The extension only decides between plain text and Markdown when the content
does not, and a format the tool cannot read is named in the refusal.
"""

from __future__ import annotations

import re
import unicodedata

from mali_facts.errors import DocumentError

FORMATS = ("text", "markdown", "html", "pdf")

#: Leading bytes of formats that are not readable text, for a refusal that says what it is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .epub is one; save it as PDF, HTML "
                    "or text)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (save it as PDF or text)"),
    (b"{\\rtf", "an RTF document (save it as text or PDF)"),
    (b"\x1f\x8b", "gzip-compressed (decompress it first)"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"BZh", "bzip2-compressed (decompress it first)"),
    (b"\x7fELF", "a program, not a document"),
)
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
    rb"article|main|section|div|p|h[1-6]|table|ul|span|a|br|header|nav|script|style)\b",
    re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_CLOSING_TAG = re.compile(rb"</[a-z][a-z0-9]*\s*>", re.I)
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6} \S", re.M),  # ATX heading
    re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),  # strong emphasis
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),  # inline link
    re.compile(r"^(?:[*+-]|\d+\.) \S", re.M),  # list item
    re.compile(r"^```", re.M),  # fenced code
    re.compile(r"^> \S", re.M),  # block quote
    re.compile(r"^\[[^\]\n]+\]: \S", re.M),  # link reference definition
)


def sniff(raw: bytes, name: str = "") -> str:
    """The format of *raw*: ``pdf``, ``html``, ``markdown`` or ``text``.

    Raises :class:`DocumentError` for a known binary format (an image, an archive, an
    Office file) with what it is; other bytes are left to the text decoder to refuse.
    """
    head = raw[:4096]
    if b"%PDF-" in raw[:1024]:  # the PDF header may follow a few bytes of junk
        return "pdf"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise DocumentError(f"{name}: {what}; mali-facts reads text, Markdown, HTML "
                                "and PDF")
    body = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(body) and (_CLOSING_TAG.search(raw[:65536])
                                    or _HTML_ANYWHERE.search(body)):
        return "html"
    if _HTML_ANYWHERE.search(body):
        return "html"
    return "text"


def text_format(text: str, name: str = "") -> str:
    """``markdown`` when the text uses Markdown syntax (or is named ``.md``), else ``text``."""
    lowered = name.lower()
    if lowered.endswith((".md", ".markdown", ".mdown")):
        return "markdown"
    sample = text[:20000]
    signs = sum(1 for pattern in _MARKDOWN_SIGNS if pattern.search(sample))
    front = sample.startswith("---\n") and "\n---" in sample[4:3000]
    return "markdown" if signs >= 2 or front else "text"


def decode_document(raw: bytes, name: str, max_bytes: int) -> str:
    """UTF-8 text, or a one-line :class:`DocumentError` saying why not."""
    if len(raw) > max_bytes:
        raise DocumentError(
            f"{name}: {len(raw):,} bytes is over the {max_bytes:,}-byte limit "
            "(set MALI_FACTS_MAX_BYTES to raise it)")
    if b"\x00" in raw[:65536] or b"\x00" in raw:
        raise DocumentError(f"{name}: not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{name}: not UTF-8 text (invalid byte at offset {error.start}); "
            "convert it first, e.g. with iconv") from None
    return normalise(text, name)


def normalise(text: str, name: str) -> str:
    """``\\n`` line ends and NFC characters, the form every offset indexes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # one spelling per character: "Goïta" typed with a combining diaeresis (as macOS
    # files often are) must match "Goïta" precomposed; offsets index this NFC text
    text = unicodedata.normalize("NFC", text)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\t\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise DocumentError(f"{name}: not a text file (too many control characters)")
    return text
