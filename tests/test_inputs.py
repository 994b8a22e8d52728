"""Readers: format by content, HTML and PDF text, Markdown, and the metadata a document
states about itself."""

from __future__ import annotations

import datetime as dt

import pytest

from mali_facts.errors import DocumentError
from mali_facts.extract import extract
from mali_facts.inputs import read_bytes
from mali_facts.inputs.detect import sniff, text_format
from mali_facts.inputs.metadata import byline, dateline, detect, front_matter, published_line
from tests.fixtures_inputs import MARKDOWN, PAGE, report_pdf

LIMIT = 10 * 1024 * 1024


def read(raw: bytes | str, name: str = "doc"):
    return read_bytes(raw.encode() if isinstance(raw, str) else raw, name, LIMIT,
                      file_name=name)


# -- format by content -------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    (PAGE.encode(), "html"),
    (b"\xef\xbb\xbf  <html><body><p>x</p></body></html>", "html"),
    (b"<p>Soldiers entered Gao.</p>\n<p>Two died.</p>", "html"),
    (b"Plain words about Gao and <3 emoji", "text"),
    (b"Some text then <!DOCTYPE html> later", "html"),
    (b"%PDF-1.7\n...", "pdf"),
    (MARKDOWN.encode(), "text"),  # sniffing leaves Markdown to text_format
])
def test_the_format_is_decided_by_content(raw, expected):
    assert sniff(raw, "x") == expected


def test_markdown_is_recognised_by_its_syntax_or_its_name():
    assert text_format(MARKDOWN) == "markdown"
    assert text_format("A plain article.\n\nIt has two paragraphs - and a dash.") == "text"
    assert text_format("A plain article.", "notes.md") == "markdown"


@pytest.mark.parametrize(("raw", "words"), [
    (b"PK\x03\x04rest-of-a-zip", "ZIP"), (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"{\\rtf1\\ansi hello}", "RTF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office"),
])
def test_unreadable_formats_are_named(raw, words):
    with pytest.raises(DocumentError, match=words):
        read(raw, "file.txt")


def test_a_damaged_pdf_is_refused_in_one_line():
    with pytest.raises(DocumentError, match="not a readable PDF") as error:
        read(b"%PDF-1.4\n1 0 obj <<>> garbage", "broken.pdf")
    assert "\n" not in str(error.value)


# -- HTML ----------------------------------------------------------------------------------

def test_html_gives_the_article_without_menus_scripts_styles_or_entities():
    got = read(PAGE, "page.txt")
    assert got.format == "html" and not got.exact
    for leaked in ("98765", "4321", "728px", "pageViews", "Archive", "Top 55", "7777",
                   "<", ">", "&#39;", "&amp;", "&iuml;"):
        assert leaked not in got.text, leaked
    assert "rebels' stronghold" in got.text and "town & its" in got.text
    assert "Assimi Goïta" in got.text
    assert got.text.startswith("Army retakes Kidal\n\n")


def test_html_metadata_comes_from_the_page_tags():
    got = read(PAGE)
    assert got.metadata["title"] == "Army retakes Kidal"
    assert got.metadata["published"] == "2023-11-14"
    assert got.metadata["author"] == "Awa Traoré"
    assert got.metadata["outlet"] == "Sahel Wire"
    assert {got.meta_source[k] for k in ("title", "published", "author", "outlet")} == \
        {"html"}


@pytest.mark.parametrize("page", [
    "<html><body><p>The rebels&#39; base fell &#8212; officials said the "
    "town&amp;#39;s market reopened.</p></body></html>",
    "<p>The town&amp;#39;s market reopened.</p>",  # a fragment, read without trafilatura
])
def test_entities_never_become_figures(page):
    got = read(page)
    facts = extract(got.text, dt.date(2024, 1, 1))
    assert not [f for f in facts if f.kind == "figure"], got.text
    assert "&" not in got.text and "39" not in got.text and "town's market" in got.text


def test_a_fragment_too_small_for_the_article_finder_still_gives_its_text():
    got = read("<div><p>Soldiers entered Gao.</p><script>var x = 99;</script></div>")
    assert got.text == "Soldiers entered Gao."


def test_a_page_without_text_is_refused():
    with pytest.raises(DocumentError, match="no text"):
        read("<html><head><script>var a = 1;</script></head><body></body></html>")


# -- PDF -------------------------------------------------------------------------------------

def test_pdf_text_is_paragraphs_without_page_furniture():
    got = read(report_pdf(), "report")
    assert got.format == "pdf" and not got.exact
    assert "Page" not in got.text and "Monitor" not in got.text  # numbers, running header
    assert "negotiations as difficult" in got.text  # hyphenation undone
    assert "negoti-" not in got.text
    paragraphs = got.text.split("\n\n")
    assert all("\n" not in p for p in paragraphs)  # hard wraps joined
    assert any(p.startswith("The governor of Kidal said") and p.endswith("area.")
               for p in paragraphs)
    assert "Figure for Gao reported by the local authorities." in paragraphs


def test_pdf_footnote_markers_are_not_figures():
    got = read(report_pdf())
    assert "killed1 " not in got.text and "killed near Menaka" in got.text
    figures = [f for f in extract(got.text, dt.date(2024, 11, 30)) if f.kind == "figure"]
    values = {f.attrs.get("value") for f in figures}
    assert {40, 41, 42} <= values
    assert not values & {1, 2, 3}, values  # neither the markers nor the footnote numbers


def test_pdf_title_from_its_properties():
    got = read(report_pdf(title="Monitor 11"))
    assert got.metadata["title"] == "Monitor 11" and got.meta_source["title"] == "pdf"


# -- Markdown --------------------------------------------------------------------------------

def test_markdown_front_matter_and_link_targets_are_metadata_not_text():
    got = read(MARKDOWN, "talks.md")
    assert got.format == "markdown" and not got.exact
    assert got.text.startswith("# Talks resume in Algiers")
    assert "example.org" not in got.text and "1234" not in got.text
    assert "met in Algiers on Monday" in got.text
    assert got.metadata == {"title": "Talks resume in Algiers", "published": "2024-02-03",
                            "author": "Moussa Keita", "outlet": "Bamako Review"}
    assert set(got.meta_source.values()) == {"front-matter"}


def test_plain_text_is_kept_exactly():
    text = "Gao, 3 May 2022\n\nSoldiers entered Gao.\r\n"
    got = read(text, "a.txt")
    assert got.exact and got.format == "text" and got.text == text.replace("\r\n", "\n")


# -- metadata the text states ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "day", "agency"), [
    ("BAMAKO, 22 November 2024 (Reuters) - The army said...", "2024-11-22", "Reuters"),
    ("Bamako, Mali, Nov. 22, 2024 (AP) — Soldiers...", "2024-11-22", "AP"),
    ("BAMAKO, 22 novembre 2024 (AFP) - L'armée a annoncé...", "2024-11-22", "AFP"),
    ("GAO, 3 March 2023 – Residents said...", "2023-03-03", None),
    ("Headline\n\nKIDAL, 14 Nov 2023 (Reuters) - Text", "2023-11-14", "Reuters"),
])
def test_datelines(text, day, agency):
    found = dateline(text)
    assert found is not None and found[0].isoformat() == day and found[1] == agency


@pytest.mark.parametrize("text", [
    "Bamako, the capital, was calm - residents said.",
    "In Gao, 300 people (officials) - fled.",
    "BAMAKO, 31 February 2024 (Reuters) - impossible day",
])
def test_no_dateline_where_there_is_none(text):
    assert dateline(text) is None


@pytest.mark.parametrize(("text", "day"), [
    ("Title\nPublished: 22 November 2024 10:05 GMT\n\nBody.", "2024-11-22"),
    ("Title\nPosted on May 5, 2023 at 9:30 am\n\nBody.", "2023-05-05"),
    ("Titre\nPublié le 3 mars 2024 à 14h30\n\nCorps.", "2024-03-03"),
    ("Title\nPublished 2024-01-02T10:00:00Z\n", "2024-01-02"),
])
def test_published_lines(text, day):
    assert published_line(text).isoformat() == day


def test_bylines_name_people_not_days():
    assert byline("Title\nBy Jane Doe, Reuters\n\nText.") == "Jane Doe"
    assert byline("Titre\nPar Aminata Diallo\n\nTexte.") == "Aminata Diallo"
    assert byline("Title\nBy Monday, the army had left Kidal.\n") is None
    assert byline("Title\nBy Friday Malian troops had left\n") is None


def test_detected_metadata_says_which_rule_found_it():
    fields, sources = detect("Army enters Kidal\nBy Jane Doe\n\nKIDAL, 14 Nov 2023 "
                             "(Reuters) - The army entered the town.\n")
    assert fields == {"published": "2023-11-14", "outlet": "Reuters", "author": "Jane Doe",
                      "title": "Army enters Kidal"}
    assert sources == {"published": "dateline", "outlet": "dateline", "author": "byline",
                       "title": "first-line"}


def test_front_matter_needs_known_keys():
    assert front_matter("---\nnot: metadata\n---\nText") == ({}, 0)
    fields, end = front_matter("---\ntitle: 'T'\ndate: 2024-05-06T10:00:00\n---\nBody")
    assert fields == {"title": "T", "published": "2024-05-06"} and end > 0


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PREFIXES = st.sampled_from([b"", b"<html><body>", b"<p>", b"%PDF-1.4\n", b"---\ntitle: x\n",
                             b"<!doctype html><title>", b"\xef\xbb\xbf<div>"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, body=st.one_of(st.binary(max_size=600),
                                        st.text(max_size=600).map(str.encode)))
def test_any_bytes_are_read_or_refused_in_one_line(prefix, body):
    try:
        got = read(prefix + body)
    except DocumentError as error:
        assert "\n" not in str(error)
        return
    assert got.format in ("text", "markdown", "html", "pdf")
    assert "\r" not in got.text and "\x00" not in got.text
    if got.format == "html":
        assert "<body" not in got.text.lower() and "<p>" not in got.text


@pytest.mark.parametrize("junk", ["Microsoft Word - report.docx", "report.pdf", "Untitled"])
def test_word_processor_filler_is_no_pdf_title(junk):
    got = read(report_pdf(title=junk))
    assert got.meta_source["title"] == "first-line"


def test_an_html_page_in_its_declared_encoding_is_decoded():
    page = ('<html><head><meta charset="windows-1252"><title>Goïta à Gao</title></head>'
            "<body><article><p>Le colonel Assimi Goïta est arrivé à Gao lundi, selon la "
            "présidence.</p></article></body></html>").encode("cp1252")
    got = read(page)
    assert "Assimi Goïta est arrivé à Gao" in got.text and got.metadata["title"] == \
        "Goïta à Gao"


def test_a_sentence_across_a_pdf_page_break_is_one_paragraph():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for words in ("The convoy left Gao on Monday and reached the", "town of Ansongo late at "
                  "night, officials said."):
        pdf.add_page()
        pdf.multi_cell(0, 6, words)
    got = read(bytes(pdf.output()))
    assert got.text == ("The convoy left Gao on Monday and reached the town of Ansongo late "
                        "at night, officials said.")
