"""What the decision machinery needs from the apps, registered in their `AppConfig.ready()`.

members decides about things that live in apps above it (work plans, annual reports) and shows
entries they keep (a plenary's agreements for the next one), and it may not import them; so each app
tells it here:

- `register_subject(DecisionSubject(...))`: how a kind of decision names its subject, checks that the
  step is still possible, applies it (the app's one transition service) and who is recused.
- `register_register_source(fn)`: `fn(working_group, access) -> [RegisterEntry]` for the register page.
- `register_text_tools(check=, render=)`: the non-attribution check and the Markdown renderer (minutes
  owns both) for written procedures. Without them a procedure's text is shown escaped and not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import linebreaks
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class DecisionSubject:
    kind: str  # a DecisionKind value
    model: str  # "members.membershipapplication": the subject's model label, lower case
    capability: str  # who opens and votes: a capability of the Coordination Group
    label: Callable  # subject -> str (kept on the decision as the register names it)
    check: Callable  # (subject, proposal) -> None; raises a DomainError when the step is not possible now
    apply: Callable  # (decision, subject, actor) -> None: calls the app's transition service
    url: Callable  # subject -> the path of the subject's page
    recused: Callable = field(default=lambda subject, users: set())  # (subject, users) -> ids of users recused
    proposals: tuple = ()  # (value, label) when the decision may propose one of several outcomes
    # The group's members see the outcome in the register (an application that was not admitted stays private).
    public: Callable = field(default=lambda decision: True)


@dataclass(frozen=True)
class RegisterEntry:
    kind: str  # a filter value ("plenary" for a plenary's agreements)
    kind_label: str
    title: str
    outcome: str
    on: date
    rule: str
    url: str = ""
    detail: str = ""


_SUBJECTS: dict[str, DecisionSubject] = {}
_REGISTER_SOURCES: list[Callable] = []
_TEXT_TOOLS: dict[str, Callable] = {}


def register_subject(subject: DecisionSubject) -> None:
    _SUBJECTS[subject.kind] = subject


def subject_for(kind: str) -> DecisionSubject | None:
    return _SUBJECTS.get(kind)


def register_register_source(source: Callable) -> None:
    if source not in _REGISTER_SOURCES:
        _REGISTER_SOURCES.append(source)


def register_sources() -> list[Callable]:
    return list(_REGISTER_SOURCES)


def register_text_tools(*, check: Callable, render: Callable) -> None:
    """`check(working_group, text) -> [{"matched", "sentence", "suggestion", "severity"}]`;
    `render(text) -> safe HTML`."""
    _TEXT_TOOLS.update(check=check, render=render)


def check_text(working_group, text: str) -> list[dict]:
    check = _TEXT_TOOLS.get("check")
    return check(working_group, text) if check else []


def render_text(text: str) -> SafeString:
    render = _TEXT_TOOLS.get("render")
    return render(text) if render else SafeString(linebreaks(text, autoescape=True))
