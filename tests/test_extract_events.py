"""What happened at a date: one test per rule, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from mali_facts.extract.dates import extract_dates
from mali_facts.extract.source import Source

AS_OF = dt.date(2024, 6, 4)  # a Tuesday


def event_of(text: str, surface: str) -> tuple[str | None, str | None]:
    facts = extract_dates(Source(text, AS_OF))
    fact = next(f for f in facts if f.text == surface)
    return fact.attrs["event"], fact.attrs["date_role"]


@pytest.mark.parametrize(("text", "surface", "event"), [
    # a fronted time phrase gives its main clause
    ("On Sunday, soldiers of the Malian army entered the town of Ber.", "Sunday",
     "soldiers of the Malian army entered the town of Ber"),
    ("Last week, the transport union called a three-day strike after talks failed.",
     "Last week", "transport union called a three-day strike"),
    # a trailing date: its own clause, with the subject of a coordinated verb
    ("The convoy left Gao on 2 May and reached Anefis on 9 May.", "9 May",
     "convoy reached Anefis"),
    ("The rebels, backed by local militias, seized Bourem on 12 March.", "12 March",
     "rebels seized Bourem"),
    # "it has been N since ...": the since-clause is the event
    ("It has been two weeks since the junta dissolved the electoral commission.",
     "two weeks", "junta dissolved the electoral commission"),
    # a relative clause gets its antecedent
    ("The talks ended with a deal that froze fuel prices in January 2024.", "January 2024",
     "deal froze fuel prices"),
    # a date modifying a noun with a relative clause
    ("Few forget the 2012 rebellion that drove the army out of the north.", "2012",
     "rebellion that drove the army out of the north"),
    # "..., when X": the when-clause says what happened then
    ("Tensions go back to 2019, when herders and farmers clashed near Mopti.", "2019",
     "herders and farmers clashed near Mopti"),
    ("Aid stopped in Ogossagou, in March, where 30 herders were killed.", "March",
     "30 herders were killed"),
    # a date before an event noun dates that event
    ("The toll of the May 3 attack on the Bourem convoy rose again.", "May 3",
     "attack on the Bourem convoy"),
    # a reporting verb keeps what was reported
    ("The minister told reporters on Monday that the border would reopen.", "Monday",
     "minister told reporters that the border would reopen"),
    # parentheses and paired dashes are asides; a named expansion becomes its acronym
    ("On 3 April, the Coordination of Azawad Movements (CMA) left the talks.", "3 April",
     "CMA left the talks"),
    ("The mayor – a former teacher – resigned on 8 May.", "8 May", "mayor resigned"),
    # a subject, its asides (a participle with its agent, a relative clause), then the verb
    ("On 2 March, the gendarmes, helped by local hunters who know the bush, freed two "
     "hostages.", "2 March", "gendarmes freed two hostages"),
    ("The raid, in August 2022, destroyed the bridge at Tessit.", "August 2022",
     "raid destroyed the bridge at Tessit"),
    ("The curfew, which covers the whole of Gao town, was lifted on 9 July.", "9 July",
     "curfew was lifted"),
    ("Violence spread in 2012, when the MNLA, a Tuareg movement led by Bilal Ag Acherif, "
     "seized Kidal.", "2012", "MNLA seized Kidal"),
    # an apposition with a participle is no host for a trailing date
    ("Mali left the Liptako authority, a body created by three states, in March 2023.",
     "March 2023", "Mali left the Liptako authority"),
    # a fronted participle is an adverbial: the main clause is the event
    ("Questioned by reporters on 4 May, the governor said that the road was safe.", "4 May",
     "governor said that the road was safe"),
    # a report at the end of the sentence: what was said
    ('"The convoy arrived safely," the spokesman said on Tuesday.', "Tuesday",
     "spokesman said: The convoy arrived safely"),
    ("The army will open a new base in Léré, the ministry said on Friday.", "Friday",
     "ministry said: The army will open a new base in Léré"),
    ("The union said in a letter on 3 May that its members would stop work.", "3 May",
     "union said in a letter that its members would stop work"),
    # a short clause and what its colon announces
    ("The answer came on 6 June: the council dissolved the commission.", "6 June",
     "answer came: the council dissolved the commission"),
    # a when-clause with its outcome, when the two fit in an event
    ("Three drivers died when a bus overturned near Kati on 12 May.", "12 May",
     "Three drivers died when a bus overturned near Kati"),
    # after a semicolon, a time phrase opens a new sentence of its own
    ("The market reopened in January; in March, traders returned to Douentza.", "March",
     "traders returned to Douentza"),
    # "May" in a date is never the verb "may"; a compound adjective is never a verb
    ("A year later, in May 2021, the colonels removed the president.", "A year later",
     "colonels removed the president"),
    ("The fee, which two- and four-wheeled vehicles pay, rose on 1 July.", "1 July",
     "fee rose"),
    # a coordinated clause with its own subject keeps it
    ("We planted in June and we harvested in October.", "October", "we harvested"),
    # a relative clause's verb after "which": the antecedent and what it does
    ("Opening the annual report, which covers 1 January to 30 June 2024, the director spoke.",
     "1 January", "annual report covers"),
    # a trailing date, then a subject relative: the antecedent and what it did
    ("The vote followed the cabinet meeting of 2 May, which approved a new mining code.",
     "2 May", "cabinet meeting approved a new mining code"),
    # a participle hanging on a place name
    ("In Ménaka, recaptured by the army on 3 March, the market reopened.", "3 March",
     "Ménaka recaptured by the army"),
    # the sentence's subject through an apposition that begins with a determiner
    ("Ali Touré, the veteran officer named governor in 2021, was arrested on 6 May.", "6 May",
     "Ali Touré was arrested"),
    # a fronted time phrase belongs to the main clause, not to an "after" clause
    ("In March, after the talks collapsed, the rebels attacked Léré.", "March",
     "rebels attacked Léré"),
])
def test_event_is_the_clause_of_the_date(text: str, surface: str, event: str) -> None:
    assert event_of(text, surface) == (event, "event")


@pytest.mark.parametrize(("text", "surface", "lang", "event"), [
    ("The survey took place between 3 May and 17 June 2024.", "3 May", "en",
     "survey took place"),
    ("L'enquête a été menée entre le 3 mai et le 17 juin 2024.", "3 mai", "fr",
     "L'enquête a été menée"),
])
def test_the_other_end_of_a_range_is_no_part_of_the_event(text, surface, lang, event) -> None:
    from mali_facts.extract import extract

    fact = next(f for f in extract(text, AS_OF, lang=lang)
                if f.kind == "date" and f.text == surface)
    assert fact.attrs["event"] == event


@pytest.mark.parametrize(("text", "surface", "lang", "event"), [
    # a statement released on a date: what the sentence reports is the event
    ("In a statement released on Friday, the ministry said the road had reopened.", "Friday",
     "en", "ministry said the road had reopened"),
    ("Dans un communiqué publié vendredi, le ministère annonce la réouverture de la route.",
     "vendredi", "fr", "ministère annonce la réouverture de la route"),
    # a place captured on a date is no statement: its own participle is the event
    ("In the town captured in 2012, the rebels set up a court.", "2012", "en", "town captured"),
])
def test_a_fronted_statement_gives_what_it_reports(text, surface, lang, event) -> None:
    from mali_facts.extract import extract

    fact = next(f for f in extract(text, AS_OF, lang=lang)
                if f.kind == "date" and f.text == surface)
    assert fact.attrs["event"] == event


def test_it_is_the_previous_sentences_subject() -> None:
    text = "The census of herders was delayed by the rains. It finally began on 4 March."
    assert event_of(text, "4 March")[0] == "census of herders finally began"
    # a person is never "it"; an "it" with nothing to stand for stays
    assert event_of("Goïta spoke. It rained on Monday.", "Monday")[0] == "It rained"
    # a pronoun inside the sentence stands for that sentence's own subject
    inside = "The fair was quiet. The talks resumed on 8 May, a year after they stopped."
    assert event_of(inside, "a year after")[0] == "they stopped"


def test_two_dates_joined_by_and_are_two_events() -> None:
    event, _ = event_of("Fees rose in 2014 and 2019 for traders.", "2014")
    assert "2019" in event


def test_a_date_inside_brackets_keeps_its_clause() -> None:
    event, role = event_of("[Editor's note: the law adopted in 2019 is still in force.]", "2019")
    assert role == "event" and event and event.startswith("law adopted")


def test_long_event_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = ("On 5 May the regional governor of the northern region announced a long list of "
            "new measures for the markets and the roads and the schools of the whole region.")
    event, _ = event_of(text, "5 May")
    assert event.endswith("…") and len(event[:-1].split()) <= 15
    assert event.split()[-1].rstrip("…") not in ("of", "the", "on", "and")


def test_dateline_is_the_publication_date() -> None:
    text = "GAO, 4 June 2024 (Sahel Wire) - Aid trucks reached Ansongo on Monday."
    assert event_of(text, "4 June 2024") == ("publication date", "publication")
    assert event_of(text, "Monday")[1] == "event"


def test_date_line_alone_at_the_top_is_the_publication_date() -> None:
    text = "Tuesday 4 June 2024\n\nThe council met in Bamako on Monday."
    assert event_of(text, "Tuesday 4 June 2024")[1] == "publication"


def test_date_in_a_name_keeps_the_name() -> None:
    text = "Members of the March 26 Movement marched in Bamako on Friday."
    assert event_of(text, "March 26") == ("March 26 Movement", "name")


def test_no_date_no_crash_on_punctuation_only_clause() -> None:
    facts = extract_dates(Source("— 2020 —", AS_OF))
    assert [f.attrs["date_role"] for f in facts] == ["publication"]
