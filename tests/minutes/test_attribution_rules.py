"""One test per rule of the non-attribution check (minutes.attribution), Spanish first."""

import json
import unicodedata
from pathlib import Path

import pytest

from minutes.attribution import (
    Checker,
    Name,
    aliases_check,
    compiled,
    find_attributions,
    institution_name,
    person_name,
    strip_invisible,
)
from minutes.attribution.lexicon import country_name, country_names, demonym_forms, demonyms, resolve_country
from minutes.attribution.names import country_of

ROOT = Path(__file__).resolve().parents[2]

CONDORI = person_name(
    given="Luz Marina", surname="Condori Mamani", institution_kind="host_state_agency", pillar="government"
)
FLORES = person_name(given="Rosa Elena", surname="Flores", institution_kind="company", pillar="companies")
LEON_PAZ = person_name(given="José María", surname="León Paz", institution_kind="company", pillar="companies")
DUBOIS = person_name(given="Marie-Claire", surname="Dubois", institution_kind="foreign_government")
DSOUZA = person_name(given="Priya", surname="D'Souza", institution_kind="international_organisation")
DE_VRIES = person_name(given="Sanne", surname="de Vries", institution_kind="foreign_government")
SER = institution_name(
    name="SER", acronym="SER", aliases=["Asociación Servicios Educativos Rurales"], institution_kind="ngo"
)
MINEM = institution_name(name="Ministry of Energy and Mines", acronym="MINEM", institution_kind="host_state_agency")
RREE = institution_name(
    name="Ministry of Foreign Affairs",
    acronym="RREE",
    aliases=["Ministerio de Relaciones Exteriores", "Cancillería"],
    institution_kind="host_state_agency",
)
YANACOCHA = institution_name(name="Yanacocha-Newmont", institution_kind="company", pillar="companies")
KIVU = institution_name(name="Observatoire de la Gouvernance du Sud-Kivu", institution_kind="ngo")
NETHERLANDS = institution_name(name="Embassy of the Netherlands", institution_kind="foreign_government")
SWITZERLAND = institution_name(name="Embassy of Switzerland", institution_kind="foreign_government")
USA = institution_name(name="Embassy of the United States", institution_kind="foreign_government")
EU = institution_name(
    name="European Union", acronym="EU", aliases=["Unión Europea"], institution_kind="international_organisation"
)
EVERYONE = [CONDORI, FLORES, LEON_PAZ, DUBOIS, DSOUZA, DE_VRIES, SER, MINEM, RREE, YANACOCHA, KIVU]
EVERYONE += [NETHERLANDS, SWITZERLAND, USA, EU]


def found(text, names=EVERYONE, languages="es"):
    return [(hit.matched, hit.rule, hit.severity) for hit in find_attributions(text, names, languages=languages)]


# --- people ------------------------------------------------------------------------------------


def test_each_part_of_a_compound_surname_is_a_certain_hit():
    assert found("Condori pidió el informe; Mamani lo apoyó.") == [
        ("Condori", "surname", "certain"),
        ("Mamani", "surname", "certain"),
    ]
    assert found("Condori Mamani insistió.") == [("Condori Mamani", "surname", "certain")]


def test_surnames_match_with_and_without_accents_and_in_any_case():
    leon = person_name(given="Miguel", surname="Ríos Huamán")
    assert found("Lo dijo Rios, HUAMAN y huamán", [leon]) == [
        ("Rios", "surname", "certain"),
        ("HUAMAN", "surname", "certain"),
        ("huamán", "surname", "certain"),
    ]


def test_the_full_name_matches_in_any_order_of_given_names_and_surnames():
    for text in ("Luz Marina Condori Mamani", "Condori Mamani, Luz Marina", "Luz Condori", "Condori Mamani Luz Marina"):
        assert found(f"Lo dijo {text} ayer.") == [(text, "full_name", "certain")], text


def test_a_name_broken_across_lines_still_matches():
    assert found("preparado por Luz\nMarina Condori\ny el grupo") == [("Luz\nMarina Condori", "full_name", "certain")]


def test_given_names_including_compound_ones_are_possible_hits_only_when_capitalised():
    assert found("Rosa Elena pidió el informe.") == [("Rosa Elena", "given_name", "possible")]
    assert found("Marie-Claire agreed to circulate the study.", languages="en") == [
        ("Marie-Claire", "given_name", "possible")
    ]
    assert found("Luz Marina agradeció.") == [("Luz Marina", "given_name", "possible")]
    assert found("un informe color rosa y la marina de guerra") == []


def test_a_short_surname_is_found_only_after_an_honorific_or_in_the_full_name():
    assert found("la paz social y Paz a secas") == []
    assert found("El Sr. Paz señaló el acuerdo.") == [("Sr. Paz", "surname", "certain")]
    assert found("José María León Paz cerró.") == [("José María León Paz", "full_name", "certain")]


def test_a_surname_with_a_particle_keeps_it_after_an_honorific():
    assert found("The proposal by Ms de Vries was accepted.", languages="en") == [("Ms de Vries", "surname", "certain")]
    assert found("Vries y De Vries") == [("Vries", "surname", "certain"), ("De Vries", "surname", "certain")]


def test_an_honorific_before_a_participants_name_is_certain_and_before_anyone_else_possible():
    assert found("La Sra. Condori, Ms Condori y Mme Condori.") == [
        ("Sra. Condori", "surname", "certain"),
        ("Ms Condori", "surname", "certain"),
        ("Mme Condori", "surname", "certain"),
    ]
    assert found("El Sr. Gómez y Dña. Carmen expusieron; M. Dupont aussi.") == [
        ("Sr. Gómez", "honorific", "possible"),
        ("Dña. Carmen", "honorific", "possible"),
        ("M. Dupont", "honorific", "possible"),
    ]
    hit = find_attributions("El Sr. Gómez expuso.", EVERYONE)[0]
    assert hit.term == "Sr. Gómez" and hit.kind == "unlisted"


def test_an_honorific_needs_a_capitalised_word_of_two_letters():
    assert found("el sr. presidente y Mr X") == []


# --- ordinary words ----------------------------------------------------------------------------


def test_a_surname_that_is_an_ordinary_word_matches_only_capitalised_or_upper_case():
    assert found("las flores del jardín") == []
    assert found("Se agradeció a Flores y a FLORES.") == [
        ("Flores", "surname", "certain"),
        ("FLORES", "surname", "certain"),
    ]
    assert found("la luz y el león") == []


def test_an_ordinary_word_capitalised_at_a_sentence_start_is_only_possible():
    assert found("Flores presentó el informe.") == [("Flores", "surname", "possible")]
    assert found("La Sra. Flores presentó.") == [("Sra. Flores", "surname", "certain")]


def test_the_ordinary_words_are_those_of_the_groups_language():
    assert found("Flores presented the report.", languages="en") == [("Flores", "surname", "certain")]
    assert found("las flores", languages="en") == [("flores", "surname", "certain")]


def test_an_acronym_matches_as_written_so_the_verb_ser_is_no_mention_of_the_ngo_ser():
    assert found("Ser o no ser: SER propuso un taller; el servicio continúa.") == [("SER", "acronym", "certain")]


def test_a_long_acronym_is_also_found_written_as_a_word():
    assert found("Según el Minem y el MINEM; minem no.") == [
        ("Minem", "acronym", "certain"),
        ("MINEM", "acronym", "certain"),
    ]


def test_a_name_in_capitals_is_treated_as_an_acronym():
    idl = Name("IDL", "institution")
    assert found("IDL, Idl, idle", [idl]) == [("IDL", "acronym", "certain")]


# --- institutions ------------------------------------------------------------------------------


def test_aliases_are_certain_hits_and_an_ordinary_word_alias_needs_a_capital():
    assert found("La Cancillería y el Ministerio de Relaciones Exteriores.") == [
        ("Cancillería", "alias", "certain"),
        ("Ministerio de Relaciones Exteriores", "alias", "certain"),
    ]
    light = institution_name(name="Luz del Sur", aliases=["Luz"], institution_kind="company")
    assert found("la luz del día; Luz respondió.", [light]) == [("Luz", "alias", "certain")]


def test_the_parts_of_a_hyphenated_or_slashed_institution_name_are_found():
    assert found("Yanacocha informó; Newmont también; Yanacocha–Newmont y Yanacocha/Newmont.") == [
        ("Yanacocha", "institution_part", "certain"),
        ("Newmont", "institution_part", "certain"),
        ("Yanacocha–Newmont", "institution", "certain"),
        ("Yanacocha/Newmont", "institution", "certain"),
    ]


def test_a_hyphen_inside_a_place_name_makes_no_part():
    assert found("La province du Sud-Kivu connaît des tensions.", languages="fr") == []


# --- embassies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, matched",
    [
        ("La Embajada de los Países Bajos ofreció apoyo.", "Embajada de los Países Bajos"),
        ("El embajador neerlandés saludó.", "embajador neerlandés"),
        ("La embajada suiza apoyará.", "embajada suiza"),
        ("El embajador estadounidense asistió.", "embajador estadounidense"),
        ("La Embajada de EE. UU. compartió su guía.", "Embajada de EE. UU."),
        ("The Dutch Embassy will fund it.", "Dutch Embassy"),
        ("The Swiss Embassy offered.", "Swiss Embassy"),
        ("L'ambassade des Pays-Bas financera.", "ambassade des Pays-Bas"),
        ("L’ambassadeur suisse a ouvert la séance.", "ambassadeur suisse"),
        ("La delegación de la Unión Europea tomó nota.", "delegación de la Unión Europea"),
    ],
)
def test_an_embassy_is_found_by_its_country_or_demonym_next_to_an_embassy_word(text, matched):
    assert found(text) == [(matched, "embassy", "certain")]


def test_a_country_alone_is_a_possible_hit_and_a_demonym_alone_none():
    assert found("Suiza ofreció acoger el taller.") == [("Suiza", "country", "possible")]
    assert found("Las empresas suizas y canadienses.") == []


def test_only_the_participants_countries_count():
    assert found("La embajada de Francia y el Gobierno peruano.") == []


def test_an_institution_that_is_the_country_itself_is_certain():
    assert found("La Unión Europea financiará; la UE también.", [EU]) == [
        ("Unión Europea", "alias", "certain"),
        ("UE", "country", "certain"),
    ]


def test_the_country_comes_from_the_name_or_the_country_field():
    assert country_of(institution_name(name="British Embassy", institution_kind="foreign_government")) == "GB"
    assert country_of(institution_name(name="Royal Norwegian Embassy", institution_kind="foreign_government")) == "NO"
    assert country_of(Name("Embassy of the Netherlands in Kinshasa", "institution")) == "NL"  # no kind given
    assert (
        country_of(institution_name(name="Foreign Office", institution_kind="foreign_government", country="gb")) == "GB"
    )
    assert country_of(institution_name(name="European Bank", institution_kind="international_organisation")) == ""
    assert country_of(MINEM) == ""


# --- typography --------------------------------------------------------------------------------


def test_apostrophes_and_hyphens_are_normalised():
    for text in ("D’Souza", "D'Souza", "D‘Souza", "Dʼ Souza".replace(" ", "")):
        assert found(f"Habló {text}.") == [(text, "surname", "certain")], text
    assert found("Condori‐Mamani y Condori–Mamani") == [
        ("Condori‐Mamani", "surname", "certain"),
        ("Condori–Mamani", "surname", "certain"),
    ]


def test_invisible_and_bidi_characters_hide_no_name_and_the_hit_covers_them():
    text = "La Sra. Con\u200bdo\u2060ri y \u202eMamani\u202c."
    hits = find_attributions(text, EVERYONE)
    assert [(h.matched, h.rule) for h in hits] == [("Sra. Con\u200bdo\u2060ri", "surname"), ("Mamani", "surname")]


def test_strip_invisible_removes_and_counts_the_control_characters():
    controls = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2069\ufeff"
    assert strip_invisible(f"Con{controls}dori") == ("Condori", len(controls))
    assert strip_invisible("Condori Mamani") == ("Condori Mamani", 0)
    assert strip_invisible("") == ("", 0)


def test_offsets_stay_right_when_characters_fold_to_several_or_to_none():
    text = "\ufb01 e\u0301 Condori"  # a ligature (one to two) and a lone accent (one to none): same length
    hit = find_attributions(text, [CONDORI])[0]
    assert (hit.matched, text[hit.start : hit.end]) == ("Condori", "Condori")


def test_a_highlight_keeps_combining_accents_with_their_letters():
    text = unicodedata.normalize("NFD", "Lo dijo José María León Paz.")
    hit = find_attributions(text, [LEON_PAZ])[0]
    assert unicodedata.normalize("NFC", hit.matched) == "José María León Paz"


# --- what a hit carries ------------------------------------------------------------------------


def test_a_hit_carries_its_sentence_offsets_section_rule_kind_and_a_neutral_wording():
    text = "Primera frase. La Sra. Condori pidió el informe a la Embajada de Suiza.\n\nOtra."
    first, second = Checker(EVERYONE, languages="es").find(text, section="item-2", field="summary")
    assert first.sentence == "La Sra. Condori pidió el informe a la Embajada de Suiza."
    assert first.sentence[first.highlight_start : first.highlight_end] == "Sra. Condori"
    assert text[first.start : first.end] == "Sra. Condori"
    assert text[first.sentence_start : first.sentence_end] == first.sentence
    assert (first.section, first.field, first.rule, first.severity) == ("item-2", "summary", "surname", "certain")
    assert (first.institution_kind, first.pillar) == ("host_state_agency", "government")
    assert first.suggestion == "Un representante del Gobierno"  # replaces "La Sra. Condori", so capitalised
    assert text[first.replace_start : first.replace_end] == "La Sra. Condori"
    assert first.sentence_before == "La " and first.sentence_after.startswith(" pidió")
    assert (
        second.suggestion == "una embajada"
        and text[second.replace_start : second.replace_end] == "la Embajada de Suiza"
    )
    assert json.dumps(first.as_dict())


@pytest.mark.parametrize(
    "language, company, embassy, ambassador",
    [
        ("es", "un representante de una empresa", "una embajada", "un representante de una embajada"),
        ("en", "a company representative", "an embassy", "an embassy representative"),
        ("fr", "un représentant d'une entreprise", "une ambassade", "un représentant d'une ambassade"),
    ],
)
def test_the_suggested_wording_is_in_the_groups_language(language, company, embassy, ambassador):
    checker = Checker(EVERYONE, languages=language)
    assert checker.find("Se escuchó a Flores.")[0].suggestion == company
    assert checker.find("Se agradeció a la embajada suiza.")[0].suggestion == embassy
    assert checker.find("Se saludó al embajador suizo.")[0].suggestion == ambassador


def test_the_context_is_the_sentence_cut_at_word_boundaries_when_long():
    text = "Palabra " * 80 + "Condori habló " + "otra " * 80
    hit = find_attributions(text, [CONDORI])[0]
    assert "Condori habló" in hit.context and len(hit.context) < 320
    assert all(part in ("…", "Palabra", "otra", "Condori", "habló") for part in hit.context.replace("…", " … ").split())


def test_sentences_do_not_end_at_an_abbreviation():
    hit = find_attributions("Primero. El Sr. Condori, según el Dr. Pérez, habló.", [CONDORI])[0]
    assert hit.sentence == "El Sr. Condori, según el Dr. Pérez, habló."


def test_occurrences_count_per_participant_whatever_the_form():
    hits = find_attributions("Condori y luego la Sra. Mamani y Luz Marina Condori Mamani.", [CONDORI])
    assert [(h.term, h.occurrence) for h in hits] == [(CONDORI.term, 1), (CONDORI.term, 2), (CONDORI.term, 3)]


def test_the_compiled_check_is_cached_by_participants_and_languages():
    assert compiled(tuple(EVERYONE), ("es",)) is compiled(tuple(EVERYONE), ("es",))
    assert compiled(tuple(EVERYONE), ("es",)) is not compiled(tuple(EVERYONE), ("en",))
    listed = Name("X Y", "institution", aliases=["Alias uno"])
    assert listed.aliases == ("Alias uno",) and hash(listed)


# --- from the directory ------------------------------------------------------------------------


def test_names_come_from_directory_records_with_aliases_kind_and_pillar():
    from django.contrib.auth import get_user_model

    from members.models import Institution
    from minutes.attribution import from_institution, from_user

    embassy = Institution(
        name="Embassy of Norway", kind="foreign_government", country="Peru", aliases=["Embajada noruega"]
    )
    ministry = Institution(
        name="Ministry of Foreign Affairs", acronym="RREE", kind="host_state_agency", aliases=["Cancillería"]
    )
    office = Institution(name="Foreign Office", kind="foreign_government", country="United Kingdom")
    names = [
        from_institution(embassy, pillar="government", host_country="Peru"),
        from_institution(ministry, pillar="government", host_country="Peru"),
        from_institution(office, host_country="Peru"),
        from_user(get_user_model()(first_name="Luz Marina", last_name="Condori Mamani"), institution=ministry),
    ]
    assert names[0].country == "" and country_of(names[0]) == "NO"  # located in Peru, represents Norway
    assert names[2].country == "GB"
    assert names[3].institution_kind == "host_state_agency"
    assert found("La Cancillería, la embajada británica, el Perú y la Sra. Condori.", names) == [
        ("Cancillería", "alias", "certain"),
        ("embajada británica", "embassy", "certain"),
        ("Sra. Condori", "surname", "certain"),
    ]
    nameless = from_user(get_user_model()(email="focal@example.org"))
    assert found("Escribir a focal@example.org.", [nameless]) == [("focal@example.org", "full_name", "certain")]


# --- aliases -----------------------------------------------------------------------------------


def test_aliases_check_merges_refuses_and_warns_about_ordinary_words():
    aliases, warnings = aliases_check("Cancillería\n\ncancillería\nLuz\n", languages="es")
    assert aliases == ["Cancillería", "Luz"]
    assert len(warnings) == 1 and "Luz" in str(warnings[0])


# --- demonyms ----------------------------------------------------------------------------------


def _demo_embassies() -> list[str]:
    groups = json.loads((ROOT / "members" / "demo_data" / "groups.json").read_text(encoding="utf-8"))
    return [
        row["name"]
        for group in groups
        for row in group["institutions"]
        if row["kind"] in ("foreign_government", "international_organisation")
    ]


def test_every_country_of_the_demo_groups_embassies_has_demonyms():
    codes = set()
    for name in _demo_embassies():
        kind = "foreign_government" if "Embassy" in name else "international_organisation"
        code = country_of(institution_name(name=name, institution_kind=kind))
        if kind == "foreign_government":
            assert code, f"no country found for {name}"
        if code:
            codes.add(code)
    assert {"AU", "GB", "CA", "CO", "NL", "CH", "US", "EU"} <= codes
    for code in codes | {"NO", "CD"}:  # Norway and DR Congo: member and host countries of the reports
        assert demonym_forms(code), code


@pytest.mark.parametrize("code", sorted(demonyms()))
def test_each_demonym_entry_has_the_three_languages_and_forms_that_lead_back_to_its_country(code):
    entry = demonyms()[code]
    for language in ("en", "es", "fr"):
        assert set(entry[language]) == {"masc", "fem", "plural"}, (code, language)
        assert entry[language]["masc"] and entry[language]["plural"], (code, language)
        assert entry[language]["fem"] or language == "en", (code, language)  # English adjectives have no gender
    assert all(country_name(code, language) for language in ("en", "es", "fr")), code
    assert country_names(code)
    for form in demonym_forms(code):
        assert resolve_country(f"Embajada {form}") == code or form in ("Netherlands",), (code, form)
