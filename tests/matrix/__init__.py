"""The permission matrix: every URL of the project × every role × two working groups.

Each app keeps its rows in its own module here (members.py, meetings.py, ...); ROWS
collects them. A URL pattern that is neither in ROWS nor in EXEMPT fails the suite.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ["anonymous", "outsider", "member", "observer", "coordination", "secretariat", "admin"]
GROUP_ROLES = ["member", "observer", "coordination", "secretariat", "admin"]
# Network pages (issue 19) are read by roles above groups: the staff of this network, of another one, and
# people of a group of the network (its Secretariat, a member), who get nothing there.
NETWORK_ROLES = ["anonymous", "outsider", "network_staff", "other_network_staff", "secretariat", "member"]
LOGIN = 302  # anonymous visitors are sent to the sign-in page
NO_TOKEN = 401  # an API call without a token


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict  # role -> status code, for a user of the group the URL belongs to
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    group_scoped: bool = True  # False for URLs outside /g/<group>/
    label: str = ""  # tells two rows of one URL apart (states, methods)
    # API rows: the actor calls with a personal access token of this scope ("read" or "write") instead of
    # a session, and data goes as a JSON body; "none" calls without one (public API routes). Anonymous
    # callers send no token at all.
    token: str | None = None
    network: bool = False  # a network page: `expect` is by NETWORK_ROLES, the actors those of world A

    @property
    def roles(self) -> list[str]:
        return NETWORK_ROLES if self.network else ROLES

    @property
    def id(self):
        token = f":token-{self.token}" if self.token else ""
        return f"{self.url_name}:{self.method}{token}{':' + self.label if self.label else ''}"


def everyone(status: int = 200) -> dict:
    """Every role of the group gets `status`; outsiders 404; anonymous to sign-in."""
    return {"anonymous": LOGIN, "outsider": 404, **{role: status for role in GROUP_ROLES}}


def only(roles, status: int = 200, others: int = 403) -> dict:
    """`roles` get `status`; the group's other roles `others` (403: they can see the group)."""
    roles = set(roles)
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        **{role: (status if role in roles else others) for role in GROUP_ROLES},
    }


def public(status: int = 200) -> dict:
    return {role: status for role in ROLES}


def _collect():
    rows, exempt, builders = [], {}, []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        rows.extend(getattr(module, "ROWS", []))
        exempt.update(getattr(module, "EXEMPT", {}))
        if callable(getattr(module, "build", None)):  # optional: build(world) adds objects the rows need
            builders.append(module.build)
    return rows, exempt, builders


ROWS, EXEMPT, BUILDERS = _collect()
