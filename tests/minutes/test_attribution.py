import random
import time

from minutes.attribution import Checker, Name, find_attributions

NAMES = [
    Name("Lucía Ramírez Quispe", "attendee", "Ramírez Quispe"),
    Name("Li Wu", "attendee", "Wu"),
    Name("Instituto de Defensa Legal", "institution"),
    Name("IDL", "acronym"),
    Name("Asociación SER", "institution"),
    Name("SER", "acronym"),
    Name("Compañía Minera Antamina", "institution"),
    Name("Dr Elena Ruiz", "guest", "Ruiz"),
]

TEXT = """## Private security companies

Participants discussed the draft law. The idle capacity of the regulator was raised; one
participant said the RAMIREZ QUISPE proposal could ser useful, and the Instituto de
Defensa Legal offered data. A company representative (compania minera antamina) agreed.
IDL will circulate a note. Idl is not an acronym here. Serious concerns remain.
"""


def test_finds_names_regardless_of_accents_and_case_with_original_positions():
    hits = find_attributions(TEXT, NAMES, section="item-1", field="summary")
    found = {(h.term, h.matched) for h in hits}
    assert ("Lucía Ramírez Quispe", "RAMIREZ QUISPE") in found
    assert ("Compañía Minera Antamina", "compania minera antamina") in found
    assert ("Instituto de Defensa Legal", "Instituto de\nDefensa Legal") in found  # across a line break
    ramirez = next(h for h in hits if h.matched == "RAMIREZ QUISPE")
    assert (ramirez.line, ramirez.column) == (4, 22)
    assert TEXT[ramirez.start : ramirez.end] == "RAMIREZ QUISPE"
    assert "RAMIREZ QUISPE proposal" in ramirez.context
    assert ramirez.section == "item-1" and ramirez.field == "summary"


def test_acronyms_are_whole_case_sensitive_tokens():
    hits = find_attributions(TEXT, NAMES)
    acronyms = [h for h in hits if h.kind == "acronym"]
    assert [(h.matched, h.line) for h in acronyms] == [("IDL", 6)]  # not "idle", "Idl", "ser", "Serious"


def test_short_surnames_only_match_with_the_full_name_or_after_an_honorific():
    assert find_attributions("Wu spoke.", NAMES) == []
    assert [(h.matched, h.severity) for h in find_attributions("Mr Wu spoke.", NAMES)] == [("Mr Wu", "certain")]
    assert [h.term for h in find_attributions("Li Wu spoke.", NAMES)] == ["Li Wu"]
    assert [h.term for h in find_attributions("Ruiz presented.", NAMES)] == ["Dr Elena Ruiz"]


def test_occurrences_are_counted_per_term():
    hits = find_attributions("IDL, then IDL again.", NAMES)
    assert [h.occurrence for h in hits] == [1, 2]


def test_no_names_no_hits():
    assert find_attributions(TEXT, []) == []


def test_ten_pages_against_a_hundred_names_is_fast():
    """Loose bound (not a benchmark): a 10-page text and 100 names scan in well under a second."""
    rng = random.Random(5)
    names = [Name(f"Nombre{i} Apellído{i}", "attendee", f"Apellído{i}") for i in range(60)]
    names += [Name(f"Institución número {i}", "institution") for i in range(30)]
    names += [Name(f"AC{i}X", "acronym") for i in range(10)]
    words = "la seguridad privada y el uso de la fuerza en las operaciones mineras del sur andino".split()
    text = "\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(450)) + " Apellido7 "
    checker = Checker(names)
    started = time.perf_counter()
    hits = checker.find(text)
    assert time.perf_counter() - started < 1.0
    assert [h.term for h in hits] == ["Nombre7 Apellído7"]
