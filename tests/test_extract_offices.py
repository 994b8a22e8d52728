"""Office, rank, status and time of officials: one rule per test, on sentences written here."""

from __future__ import annotations

import datetime as dt

from mali_facts.extract import extract
from mali_facts.extract.offices import Reading, choose, read_phrase
from mali_facts.fields import ROLE_STATUSES

AS_OF = dt.date(2023, 3, 14)


def official(text: str, name: str, as_of: dt.date | None = AS_OF) -> dict:
    found = {f.attrs["name"]: f.attrs for f in extract(text, as_of) if f.kind == "official"}
    return found[name]


def test_rank_before_an_office_title_is_split_off() -> None:
    r = read_phrase("Interim President Colonel")
    assert (r.office, r.rank, r.status) == ("President", "Colonel", "interim")


def test_hyphenated_and_compound_ranks() -> None:
    assert read_phrase("Colonel-Major").rank == "Colonel-Major"
    assert read_phrase("Lieutenant Colonel").rank == "Lieutenant Colonel"
    assert read_phrase("Colonel-Major").office is None


def test_director_general_is_an_office_not_a_rank() -> None:
    r = read_phrase("Director General")
    assert r.rank is None and r.office == "Director General"


def test_rank_and_former_office_in_one_apposition() -> None:
    r = read_phrase("a general and former army spokesman")
    assert (r.rank, r.office, r.status) == ("General", "army spokesman", "former")


def test_until_then_marks_an_office_left_since() -> None:
    r = read_phrase("until then the chief of staff")
    assert r.office == "chief of staff" and r.status == "former" and r.superseded


def test_apposition_after_title_gives_the_office_and_rank_apart() -> None:
    text = "Colonel Bakary Sanogo, the interior minister, visited Ségou on Sunday."
    found = official(text, "Bakary Sanogo")
    assert found["rank"] == "Colonel"
    assert found["role"] == "interior minister"
    assert found["status"] == "current"


def test_role_before_comma_then_rank_and_name() -> None:
    text = "The governor of the Kayes region, General Moussa Diakité, closed the market."
    found = official(text, "Moussa Diakité")
    assert (found["rank"], found["role"]) == ("General", "governor of the Kayes region")


def test_office_from_a_later_surname_mention() -> None:
    text = ("Captain Seydou Traoré inspected the camp. Traoré, who was appointed "
            "prefect of Bandiagara in June 2022, said the road was open.")
    found = official(text, "Seydou Traoré")
    assert found["role"] == "prefect of Bandiagara"
    assert found["status"] == "appointed"
    assert found["time"] == "2022-06"


def test_named_as_after_an_apposition() -> None:
    text = ("The junta named Oumar Sidibé, a retired magistrate, as minister of justice "
            "in April 2021.")
    found = official(text, "Oumar Sidibé")
    assert found["role"] == "minister of justice"
    assert (found["status"], found["time"]) == ("appointed", "2021-04")


def test_the_most_specific_office_wins_over_a_bare_noun() -> None:
    text = "The minister, Hawa Keïta, spoke first. Minister of Mines Hawa Keïta then left."
    assert official(text, "Hawa Keïta")["role"] == "Minister of Mines"


def test_toppled_before_the_title_is_ousted_with_the_sentence_date() -> None:
    text = "A mutiny toppled President Amadou Diarra in March 2012, the army said."
    found = official(text, "Amadou Diarra")
    assert (found["role"], found["status"], found["time"]) == ("President", "ousted", "2012-03")


def test_dismissed_before_the_title() -> None:
    text = "In January 2024 the president dismissed Prime Minister Issa Coulibaly."
    found = official(text, "Issa Coulibaly")
    assert (found["status"], found["time"]) == ("dismissed", "2024-01")


def test_passive_ousted_after_the_name() -> None:
    found = official("Defence minister Ali Dembélé was ousted on 3 May 2021.", "Ali Dembélé")
    assert (found["role"], found["status"], found["time"]) == ("Defence minister", "ousted",
                                                                "2021-05-03")


def test_resigned_after_the_name() -> None:
    found = official("Foreign minister Awa Sidibé resigned last week.", "Awa Sidibé")
    assert found["status"] == "resigned"


def test_a_later_verb_about_someone_else_is_not_this_persons_status() -> None:
    text = "Minister Karim Touré said that Colonel Lassana Koné was dismissed."
    assert official(text, "Karim Touré")["status"] == "current"
    assert official(text, "Lassana Koné")["status"] == "dismissed"


def test_former_prefix_gives_a_former_status_and_no_time() -> None:
    found = official("Former MINUSMA chief Jean Dupont warned the council.", "Jean Dupont")
    assert (found["role"], found["status"], found["time"]) == ("MINUSMA chief", "former", None)


def test_current_office_without_a_date_takes_the_documents_date() -> None:
    found = official("Prime Minister Issa Coulibaly opened the session.", "Issa Coulibaly")
    assert found["time"] == "2023-03-14"
    assert official("Prime Minister Issa Coulibaly opened the session.", "Issa Coulibaly",
                    as_of=None)["time"] is None


def test_coordinated_names_share_portfolios_in_order() -> None:
    text = ("Two ministers, Colonels Adama Keïta and Bourama Diallo, who held the defence "
            "and security portfolios, had been ousted the day before.")
    first, second = official(text, "Adama Keïta"), official(text, "Bourama Diallo")
    assert first["role"] == "defence minister" and second["role"] == "security minister"
    assert first["rank"] == second["rank"] == "Colonel"
    assert second["status"] == "ousted"
    assert second["time"] == "2023-03-13"


def test_american_spelling_of_the_office_is_respelt() -> None:
    found = official("Defense Minister Ali Dembélé spoke.", "Ali Dembélé")
    assert found["role"] == "Defence Minister"


def test_choose_carries_the_status_of_a_shorter_wording_of_the_same_office() -> None:
    chosen = choose([Reading("governor of the Mopti region", at=10),
                     Reading("governor", status="appointed", at=90)])
    assert (chosen.office, chosen.status, chosen.at) == ("governor of the Mopti region",
                                                         "appointed", 90)


def test_statuses_are_from_the_shared_vocabulary() -> None:
    text = ("President Amadou Diarra was toppled. Minister Awa Sidibé resigned. "
            "Interim President Bah Keïta spoke. Former minister Issa Coulibaly left.")
    for f in extract(text, AS_OF):
        if f.kind == "official":
            assert f.attrs["status"] in ROLE_STATUSES, f.attrs
