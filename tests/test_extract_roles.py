"""Role phrases around a name that news copy uses: one test per rule, on sentences written
for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from mali_facts.extract import extract

AS_OF = dt.date(2024, 6, 4)


def official(text: str, name: str) -> dict:
    fact = next(f for f in extract(text, AS_OF) if f.kind == "official" and f.text == name)
    return fact.attrs


@pytest.mark.parametrize(("text", "name", "role", "rank"), [
    # a long role before the comma, then a rank before the name
    ("The director of communication and public relations of the gendarmerie, Colonel "
     "Bréhima Dao, denied the report.", "Bréhima Dao",
     "director of communication and public relations of the gendarmerie", "Colonel"),
    ("The prefect of Ansongo, Lieutenant-Colonel Moussa Togo, closed the market.",
     "Moussa Togo", "prefect of Ansongo", "Lieutenant-Colonel"),
    # an age between the name and its apposition
    ('"Prices doubled," said Awa Kéita, 52, president of the Gao traders\' union.',
     "Awa Kéita", "president of the Gao traders' union", None),
    # an occupation in an apposition
    ("Sekou Dara, 45, a herder from Dioura, lost his cattle.", "Sekou Dara",
     "herder from Dioura", None),
])
def test_role_is_the_office_and_the_rank_is_apart(text, name, role, rank) -> None:
    attrs = official(text, name)
    assert (attrs.get("role"), attrs.get("rank")) == (role, rank)


def test_appointed_apposition_gives_the_office_without_its_time() -> None:
    attrs = official("The assembly elected Fatou Sow, who succeeds Ali Cissé, appointed "
                     "ambassador to Niger last month.", "Ali Cissé")
    assert (attrs.get("role"), attrs.get("status")) == ("ambassador to Niger", "appointed")


def test_ousted_before_a_role_is_its_status() -> None:
    attrs = official("The ousted defence minister, Colonel Issa Kanouté, left on Monday.",
                     "Issa Kanouté")
    assert (attrs.get("role"), attrs.get("rank"), attrs.get("status")) == (
        "defence minister", "Colonel", "ousted")


def test_a_plain_reporting_comma_is_no_role() -> None:
    attrs = official("The minister said the rebels, Ali Dicko among them, had fled.",
                     "Ali Dicko")
    assert not attrs.get("role")


def french(text: str, name: str) -> dict:
    fact = next(f for f in extract(text, AS_OF, lang="fr")
                if f.kind == "official" and f.text == name)
    return fact.attrs


@pytest.mark.parametrize(("text", "name", "role", "rank"), [
    # "Le ROLE, le RANG NOM": the French role before the comma, its rank and article apart
    ("Le ministre de la Sécurité, le général Daouda Koné, est arrivé à Gao.", "Daouda Koné",
     "ministre de la Sécurité", "général"),
    ("Le préfet de Bourem, le colonel Ali Maïga, a fermé le marché.", "Ali Maïga",
     "préfet de Bourem", "colonel"),
    # a courtesy title is no rank; "par intérim au Mali" stays inside the role
    ("La représentante spéciale par intérim au Mali, Mme Awa Cissé, a parlé.", "Awa Cissé",
     "représentante spéciale par intérim au Mali", None),
])
def test_french_roles_are_read_from_french_words(text, name, role, rank) -> None:
    attrs = french(text, name)
    assert (attrs.get("role"), attrs.get("rank")) == (role, rank)


def test_a_rank_of_several_words_between_the_role_and_the_name() -> None:
    attrs = french("Le Premier ministre, le Général de division Issa Koné, a parlé.", "Issa Koné")
    assert attrs.get("role") == "Premier ministre"


def test_the_french_verb_a_is_no_article() -> None:
    attrs = french("Le président Ali Touré a reçu le ministre.", "Ali Touré")
    assert attrs.get("role") == "président"
