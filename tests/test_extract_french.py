"""French extraction: the rules of ``resources/fr/`` read by the shared engines.

Short invented sentences, each checking a value a user sees (a date, a number, a
qualifier, a currency, a rank, a canonical entity), so a broken French word list fails.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mali_facts.evaluate import evaluate, gold_language
from mali_facts.extract import extract
from mali_facts.extract.offices import read_phrase
from mali_facts.extract.source import Source

FRIDAY = dt.date(2024, 12, 6)  # a Friday


def facts(text: str, kind: str, as_of: dt.date | None = FRIDAY, lang: str = "fr") -> list[dict]:
    return [{"text": f.text, **f.attrs} for f in extract(text, as_of, lang=lang)
            if f.kind == kind]


def only(text: str, kind: str, **kwargs) -> dict:
    found = facts(text, kind, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Le décret a été signé le 26 juillet 2024 à Bamako.", "26 juillet 2024", "2024-07-26"),
        ("Les élèves reprennent le 1er janvier 2025.", "1er janvier 2025", "2025-01-01"),
        ("Le texte est daté du 15/03/2024.", "15/03/2024", "2024-03-15"),
        ("L'armée française est arrivée en 2013.", "2013", "2013"),
        ("La crise a commencé en août 2020.", "août 2020", "2020-08"),
        ("Le conseil s'est réuni mardi dernier.", "mardi", "2024-12-03"),
        ("Le convoi a été attaqué samedi.", "samedi", "2024-11-30"),
        ("Le poste a été pris dimanche soir.", "dimanche soir", "2024-12-01TEV"),
        ("Le gouverneur est arrivé il y a une semaine.", "il y a une semaine", "2024-11-29"),
        ("Les pluies ont cessé début octobre.", "début octobre", "2024-10"),
        ("Les routes sont coupées depuis fin 2022.", "fin 2022", "2022"),
        ("Le marché a rouvert la semaine dernière.", "la semaine dernière", "2024-W48"),
        ("La taxe a été votée le mois dernier.", "le mois dernier", "2024-11"),
        ("La loi a été votée en juillet dernier.", "juillet dernier", "2024-07"),
        ("La grève a duré d'août à décembre 2022.", "août à décembre 2022",
         "2022-08/2022-12"),
        ("Les vivres ont été distribués entre le 3 et le 9 novembre.", "3 et le 9 novembre",
         "2024-11-03/2024-11-09"),
        ("Le ministre a parlé aujourd'hui.", "aujourd'hui", "2024-12-06"),
        ("Au cours des trois derniers mois, ils ont fui.", "des trois derniers mois",
         "2024-09/2024-12"),
        ("Le scrutin aura lieu le 3 juin prochain.", "3 juin prochain", "2025-06-03"),
        ("Le camp a ouvert il y a deux ans.", "il y a deux ans", "2022"),
    ],
)
def test_french_dates(text: str, surface: str, value: str) -> None:
    fact = only(text, "date")
    assert fact["text"] == surface
    assert fact["date"] == value


def test_part_of_month_keeps_its_mod() -> None:
    fact = only("Les pluies ont cessé fin avril.", "date")
    assert (fact["date"], fact["precision"], fact["mod"]) == ("2024-04", "part-of-month", "END")


def test_next_and_previous_day_lean_on_the_date_just_given() -> None:
    found = facts("Le ministre a été limogé le 20 novembre et remplacé dès le lendemain. "
                  "Les chauffeurs attendaient depuis la veille.", "date")
    assert [(f["text"], f["date"]) for f in found] == [
        ("20 novembre", "2024-11-20"), ("le lendemain", "2024-11-21"),
        ("la veille", "2024-11-20")]


def test_the_day_after_an_event_dates_its_own_clause() -> None:
    found = facts("Le président a nommé jeudi un chef, au lendemain du limogeage du premier.",
                  "date")
    assert [(f["text"], f["date"]) for f in found] == [
        ("jeudi", "2024-12-05"), ("au lendemain", "2024-12-05")]


def test_a_month_with_a_future_verb_is_the_next_one() -> None:
    fact = only("Si la frontière ferme après juillet, nous perdrons tout.", "date")
    assert fact["date"] == "2025-07"


def test_french_month_names_need_no_capital_but_english_ones_do() -> None:
    assert only("Il est parti en mai.", "date")["date"] == "2024-05"
    assert facts("They may leave soon.", "date", lang="en") == []


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("On compte 2 000 personnes.", "2 000", 2000),
        ("On compte 2\u00a0000 personnes.", "2\u00a0000", 2000),
        ("On compte 2\u202f000 personnes.", "2\u202f000", 2000),
        ("Le plan couvre 1,5 million de personnes.", "1,5 million", 1_500_000),
        ("Le budget atteint 2 557,4 milliards de FCFA.", "2 557,4 milliards", 2_557_400_000_000),
        ("Les pillards ont pris deux cents têtes de bétail.", "deux cents", 200),
        ("Trois villages ont été vidés.", "Trois", 3),
        ("Vingt et un soldats sont morts.", "Vingt et un", 21),
        ("Les prix ont augmenté de 6,2%.", "6,2", 6.2),
    ],
)
def test_french_numbers(text: str, surface: str, value: float) -> None:
    fact = only(text, "figure")
    assert fact["text"] == surface
    assert fact["value"] == value


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Environ 300 personnes ont fui.", "approx"),
        ("Près de 300 personnes ont fui.", "approx"),
        ("Moins de 300 personnes ont fui.", "approx"),
        ("Plus de 300 personnes ont fui.", "more_than"),
        ("Un peu plus de 300 personnes ont fui.", "more_than"),
        ("Au moins 300 personnes ont fui.", "at_least"),
        ("Ils sont 300 à avoir fui.", "exact"),
    ],
)
def test_french_qualifiers(text: str, qualifier: str) -> None:
    fact = only(text, "figure")
    assert fact["qualifier"] == qualifier
    assert fact["approx"] is (qualifier != "exact")


def test_approximate_number_nouns() -> None:
    fact = only("Une quinzaine de blessés ont été évacués.", "figure")
    assert (fact["text"], fact["value"], fact["qualifier"]) == ("quinzaine", 15, "approx")


def test_spelled_fraction() -> None:
    fact = only("Le remboursement absorbe près d'un quart des dépenses.", "figure")
    assert (fact["text"], fact["value"], fact["qualifier"]) == ("un quart", 0.25, "approx")


@pytest.mark.parametrize(
    ("text", "measure", "currency"),
    [
        ("L'État a versé 200 milliards de francs CFA.", "money", "XOF"),
        ("L'État a versé 200 milliards de FCFA.", "money", "XOF"),
        ("L'ONU demande 771,3 millions de dollars américains.", "money", "USD"),
        ("L'attaque a fait 70 morts.", "casualties", None),
        ("Le camp accueille 3 000 déplacés.", "people", None),
        ("Le camp accueille 3 000 personnes.", "people", None),
    ],
)
def test_french_units_and_measures(text: str, measure: str, currency: str | None) -> None:
    fact = only(text, "figure")
    assert (fact["measure"], fact["currency"]) == (measure, currency)


def test_idioms_and_articles_are_not_figures() -> None:
    assert facts("Message reçu cinq sur cinq, la gare est à deux pas.", "figure") == []
    assert facts("Un mandat a été voté par une assemblée.", "figure") == []


@pytest.mark.parametrize(
    ("phrase", "office", "rank", "status"),
    [
        ("le ministre de la Défense", "ministre de la Défense", None, None),
        ("Premier ministre", "Premier ministre", None, None),
        ("porte-parole du gouvernement", "porte-parole du gouvernement", None, None),
        ("président de la Transition, le général", "président de la Transition", "général",
         None),
        ("le colonel", None, "colonel", None),
        ("le général d’armée", None, "général d'armée", None),
        ("l'ancien Premier ministre", "Premier ministre", None, "former"),
        ("le nouveau Premier ministre", "Premier ministre", None, "appointed"),
    ],
)
def test_french_offices_keep_the_rank_apart(phrase: str, office: str | None, rank: str | None,
                                           status: str | None) -> None:
    reading = read_phrase(phrase, lang="fr")
    assert (reading.office, reading.rank, reading.status) == (office, rank, status)


@pytest.mark.parametrize(
    ("french", "english", "kind"),
    [
        ("La Cédéao a levé les sanctions.", "ECOWAS lifted the sanctions.", "org"),
        ("La CEDEAO a levé les sanctions.", "ECOWAS lifted the sanctions.", "org"),
        ("La Minusma est partie.", "MINUSMA has left.", "org"),
        ("L'OMS alerte sur le choléra.", "The World Health Organization warns of cholera.",
         "org"),
        ("Le gouverneur est rentré à Tombouctou.", "The governor returned to Timbuktu.",
         "place"),
        ("Des familles ont fui vers la Mauritanie.", "Families fled to Mauritania.", "place"),
    ],
)
def test_one_entity_in_both_languages(french: str, english: str, kind: str) -> None:
    fr = only(french, kind)
    en = only(english, kind, lang="en")
    assert fr["name"] == en["name"]


def test_acronym_that_is_a_word_is_not_matched_on_an_all_caps_heading() -> None:
    assert facts("WHO STAYS IN THE CABINET\nThe minister kept his post.", "org",
                 lang="en") == []
    assert only("Une équipe de l'OMS est arrivée.", "org")["name"] == "WHO"


def test_unknown_language_reads_as_english() -> None:
    assert Source("x", None, "day", "xx").lang == "en"
    assert only("Troops left on 3 June 2019.", "date", lang="de")["date"] == "2019-06-03"


def test_eval_passes_the_gold_language(tmp_path: Path) -> None:
    text = "Le convoi est parti mardi dernier."
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    start = text.index("mardi")
    gold = {"doc": "d", "lang": "fr", "file": "d.txt", "as_of": "2024-12-06", "facts": [
        {"id": "d-DAT-01", "kind": "DATE", "surface": "mardi dernier", "start": start,
         "end": start + 13, "value": "2024-12-03", "optional": False}]}
    (tmp_path / "d.json").write_text(json.dumps(gold), encoding="utf-8")
    assert gold_language(gold) == "fr"
    assert gold_language({"lang": 3}) == "en"
    scores = evaluate(tmp_path, tmp_path)
    assert (scores["date"].tp, scores["date"].value_ok) == (1, 1)


def test_a_language_file_missing_a_key_takes_the_english_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mali_facts.extract import resources

    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "x.json").write_text('{"a": [1], "b": [2]}', encoding="utf-8")
    (tmp_path / "fr" / "x.json").write_text('{"a": [3]}', encoding="utf-8")
    monkeypatch.setattr(resources, "RESOURCE_DIR", tmp_path)
    resources.load.cache_clear()
    try:
        assert resources.load("fr", "x") == {"a": [3], "b": [2]}
        assert resources.load("en", "x") == {"a": [1], "b": [2]}
    finally:
        resources.load.cache_clear()
