"""Institution.aliases: the other names the non-attribution check looks for, stored clean."""

import pytest
from django.core.exceptions import ValidationError

from members.models import Institution, normalise_aliases


def test_empty_lines_are_ignored_and_duplicates_merged():
    aliases, warnings = normalise_aliases("Cancillería\n\n  cancillería \nMinisterio de  Relaciones Exteriores\n")
    assert aliases == ["Cancillería", "Ministerio de Relaciones Exteriores"]
    assert warnings == []


def test_a_list_is_accepted_as_well_as_a_text():
    assert normalise_aliases(["CICR", "", "CICR"])[0] == ["CICR"]
    assert normalise_aliases(None) == ([], [])


def test_a_one_letter_alias_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        normalise_aliases("Minem\nM")
    assert "too short" in str(error.value)


def test_an_alias_that_is_an_ordinary_word_is_warned_about():
    aliases, warnings = normalise_aliases("Luz\nSER", is_ordinary_word=lambda alias: alias.lower() in {"luz"})
    assert aliases == ["Luz", "SER"]
    assert len(warnings) == 1 and "Luz" in str(warnings[0])


def test_the_field_validator_refuses_a_list_that_is_not_clean():
    institution = Institution(name="SER", kind=Institution.Kind.NGO, aliases=["Asociación SER", "asociación ser"])
    with pytest.raises(ValidationError):
        institution.full_clean(exclude=["country", "website"])
    institution.aliases = ["Asociación SER"]
    institution.full_clean(exclude=["country", "website"])


def test_the_field_validator_refuses_what_is_not_a_list_of_strings():
    institution = Institution(name="SER", kind=Institution.Kind.NGO, aliases={"a": 1})
    with pytest.raises(ValidationError):
        institution.full_clean(exclude=["country", "website"])
