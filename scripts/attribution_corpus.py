"""Recall and precision of the non-attribution check on the labelled corpus, per rule and language.

A hit counts as right when its text, rule and severity are all as labelled; any other hit is a false
alarm, any labelled hit not found a miss. Targets: recall 100 % for certain hits, precision >= 95 %.

    .venv/bin/python scripts/attribution_corpus.py [path/to/corpus.json]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutes.attribution import CERTAIN, RULES, Checker, institution_name, person_name  # noqa: E402

CORPUS = ROOT / "tests" / "minutes" / "attribution_corpus.json"
RECALL_CERTAIN_TARGET = 1.0
PRECISION_TARGET = 0.95


def participants(rows: list[dict]) -> list:
    """The corpus's participants as the check's names."""
    names = []
    for row in rows:
        extra = {"institution_kind": row.get("institution_kind", ""), "pillar": row.get("pillar", "")}
        if "person" in row:
            names.append(person_name(**row["person"], **extra))
        else:
            names.append(institution_name(**row["institution"], **extra))
    return names


def evaluate(path: Path = CORPUS) -> dict:
    """Counts per (language, rule) and overall, with the misses and false alarms."""
    corpus = json.loads(Path(path).read_text(encoding="utf-8"))
    names = participants(corpus["participants"])
    counts: dict = defaultdict(lambda: {"expected": 0, "found": 0, "right": 0})
    misses, false_alarms = [], []
    certain = {"expected": 0, "right": 0}
    for sentence in corpus["sentences"]:
        language = sentence["language"]
        expected = [(hit["text"], hit["rule"], hit["severity"]) for hit in sentence["hits"]]
        found = [
            (hit.matched, hit.rule, hit.severity) for hit in Checker(names, languages=language).find(sentence["text"])
        ]
        remaining = list(expected)
        for hit in found:
            counts[(language, hit[1])]["found"] += 1
            if hit in remaining:
                remaining.remove(hit)
                counts[(language, hit[1])]["right"] += 1
            else:
                false_alarms.append((sentence["id"], hit, sentence["text"]))
        for hit in expected:
            counts[(language, hit[1])]["expected"] += 1
            if hit[2] == CERTAIN:
                certain["expected"] += 1
                certain["right"] += hit not in remaining
        misses += [(sentence["id"], hit, sentence["text"]) for hit in remaining]
    total = {"expected": 0, "found": 0, "right": 0}
    for value in counts.values():
        for field in total:
            total[field] += value[field]
    return {
        "sentences": len(corpus["sentences"]),
        "by_language": {
            language: sum(1 for s in corpus["sentences"] if s["language"] == language)
            for language in ("es", "en", "fr")
        },
        "counts": dict(counts),
        "total": total,
        "recall": _ratio(total["right"], total["expected"]),
        "precision": _ratio(total["right"], total["found"]),
        "recall_certain": _ratio(certain["right"], certain["expected"]),
        "certain_expected": certain["expected"],
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _percent(value: float) -> str:
    return f"{value * 100:5.1f} %"


def main() -> int:
    result = evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    languages = ", ".join(f"{count} {language}" for language, count in result["by_language"].items())
    print(f"corpus: {result['sentences']} sentences ({languages})\n")
    print(f"{'language':<9}{'rule':<18}{'labelled':>9}{'found':>7}{'right':>7}{'recall':>10}{'precision':>11}")
    for language in ("es", "en", "fr"):
        for rule in RULES:
            value = result["counts"].get((language, rule))
            if not value:
                continue
            recall = _percent(_ratio(value["right"], value["expected"])) if value["expected"] else "    –  "
            precision = _percent(_ratio(value["right"], value["found"])) if value["found"] else "    –  "
            print(
                f"{language:<9}{rule:<18}{value['expected']:>9}{value['found']:>7}{value['right']:>7}"
                f"{recall:>10}{precision:>11}"
            )
    total = result["total"]
    print(
        f"\nall: {total['expected']} labelled hits, {total['found']} found, {total['right']} right; "
        f"recall {_percent(result['recall'])}, precision {_percent(result['precision'])}"
    )
    print(
        f"recall of certain hits: {_percent(result['recall_certain'])} of {result['certain_expected']} (target 100 %)"
    )
    for sentence_id, hit, text in result["misses"]:
        print(f"  missed      {sentence_id}: {hit} in {text!r}")
    for sentence_id, hit, text in result["false_alarms"]:
        print(f"  false alarm {sentence_id}: {hit} in {text!r}")
    met = result["recall_certain"] >= RECALL_CERTAIN_TARGET and result["precision"] >= PRECISION_TARGET
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
