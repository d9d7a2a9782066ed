"""How long the non-attribution check takes on a 10-page text against 100 participants.

Prints the time to compile the check (once per set of participants, then cached) and the time of
one check of the text (median of several runs). Target: a check under 50 ms.

    .venv/bin/python scripts/attribution_speed.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minutes.attribution import Checker, compiled, institution_name, person_name  # noqa: E402

GIVEN = "Luz Rosa Elena Marina Carlos Jorge Ana Lucía Miguel Javier Gloria Raúl Sofía Andrés Iván Patricia".split()
SURNAMES = (
    "Condori Mamani Salazar Rivas Flores Quispe Huamán Paredes Ríos Torres Vega Castillo Ortega Chávez Cano "
    "Mendoza Figueroa Delgado Restrepo Araya Morales Lanegra Ramos Campos Mora León Paz Cruz"
).split()
KINDS = ["company", "host_state_agency", "ngo", "academic", "international_organisation", "industry_association"]
EMBASSIES = ["Switzerland", "the Netherlands", "Canada", "Australia", "Norway", "the United States", "Colombia"]
WORDS = (
    "la seguridad privada y el uso de la fuerza en las operaciones mineras del sur andino los participantes "
    "discutieron el proyecto de ley sobre empresas de seguridad y la capacitación de la policía nacional en "
    "derechos humanos con las comunidades y el diálogo sobre conflictos sociales cerca de las minas se acordó "
    "preparar comentarios conjuntos un participante señaló que la cadena de subcontratación dificulta saber quién "
    "es responsable de la formación de los guardias y del registro de armas"
).split()


def participants(rng: random.Random) -> list:
    names = []
    for _ in range(60):
        given = " ".join(rng.sample(GIVEN, rng.choice([1, 2])))
        surname = " ".join(rng.sample(SURNAMES, 2))
        names.append(person_name(given=given, surname=surname, institution_kind=rng.choice(KINDS), pillar="companies"))
    for number in range(33):
        names.append(
            institution_name(
                name=f"Compañía Minera Número {number}-Andina{number}",
                acronym=f"CMN{number}",
                aliases=[f"Minera {number}", f"Grupo Andino {number}", f"MIN{number}A"],
                institution_kind=rng.choice(KINDS),
            )
        )
    for country in EMBASSIES:
        names.append(institution_name(name=f"Embassy of {country}", institution_kind="foreign_government"))
    return names


def text(rng: random.Random, pages: int = 10, words_per_page: int = 500) -> str:
    paragraphs = []
    for _ in range(pages * words_per_page // 60):
        sentences = []
        for _ in range(5):
            sentence = " ".join(rng.choice(WORDS) for _ in range(12))
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        paragraphs.append(" ".join(sentences))
    mentions = [
        "La Sra. Condori y la Embajada de Suiza pidieron el informe.",
        "El embajador neerlandés y Minera 7 apoyaron la propuesta.",
        "Según el Sr. Gómez, CMN12 revisará el protocolo.",
    ]
    for position in range(0, len(paragraphs), 3):  # a mention every three paragraphs, about 30 in all
        paragraphs[position] += " " + mentions[position % len(mentions)]
    return "\n\n".join(paragraphs)


def main() -> None:
    rng = random.Random(13)
    names = participants(rng)
    body = text(rng)
    started = time.perf_counter()
    checker = Checker(names, languages="es")
    compile_ms = (time.perf_counter() - started) * 1000
    index = compiled(tuple(names), ("es",))
    forms = len(index.folded) + len(index.exact)
    runs = []
    for _ in range(15):
        started = time.perf_counter()
        hits = checker.find(body)
        runs.append((time.perf_counter() - started) * 1000)
    median = statistics.median(runs)
    print(f"participants: {len(names)} ({forms} derived names and aliases searched)")
    print(f"text: {len(body.split())} words, {len(body)} characters (10 pages); hits: {len(hits)}")
    print(f"compile (once per participant list, cached): {compile_ms:.1f} ms")
    print(f"check: median {median:.1f} ms, best {min(runs):.1f} ms, worst {max(runs):.1f} ms (target < 50 ms)")
    print("target met" if median < 50 else "TARGET MISSED")


if __name__ == "__main__":
    main()
