"""Institutions with their pillar and representatives: one row per institution, with its principal and
alternate. An institution already in the group (by name or acronym) is matched, never duplicated; one
known from another group is reused. Representatives are invited through members' invitation service
(the e-mail is queued in the outbox, so it goes out only once the import is committed)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import services as members_services
from members.models import Institution, Invitation, Membership, MembershipStatusChange, Pillar, Representative

from ..columns import Column, fold
from ..permissions import IMPORT_CAPABILITIES
from . import Kind, ParsedRow, RowError, first_seen, label_of, remember_member

STATUSES = [
    (Membership.Status.MEMBER, Membership.Status.MEMBER.label),
    (Membership.Status.OBSERVER, Membership.Status.OBSERVER.label),
]


COLUMNS = [
    Column(
        "name",
        gettext_lazy("Institution"),
        required=True,
        max_length=200,
        example=lambda group: _("Andean Mining Company"),
    ),
    Column("acronym", gettext_lazy("Acronym"), max_length=40, example=lambda group: "CMA"),
    Column(
        "kind",
        gettext_lazy("Kind of institution"),
        kind="choice",
        required=True,
        choices=lambda: Institution.Kind.choices,
        example=label_of(Institution.Kind.choices, Institution.Kind.COMPANY),
    ),
    Column("country", gettext_lazy("Country"), max_length=100, example=lambda group: group.country),
    Column(
        "pillar",
        gettext_lazy("Pillar"),
        kind="choice",
        required=True,
        choices=lambda: Pillar.choices,
        example=label_of(Pillar.choices, Pillar.COMPANIES),
    ),
    Column(
        "status",
        gettext_lazy("Membership"),
        kind="choice",
        choices=lambda: STATUSES,
        example=label_of(STATUSES, Membership.Status.MEMBER),
        hint=gettext_lazy("Member or observer; member when empty."),
    ),
    Column(
        "joined_on",
        gettext_lazy("Member since"),
        kind="date",
        example=lambda group: "2015-03-31",
        hint=gettext_lazy("Today when empty."),
    ),
    Column(
        "principal_first_name", gettext_lazy("Principal: first name"), max_length=150, example=lambda group: "Lucía"
    ),
    Column(
        "principal_last_name",
        gettext_lazy("Principal: last name"),
        max_length=150,
        example=lambda group: "Ramos Quispe",
    ),
    Column(
        "principal_email",
        gettext_lazy("Principal: e-mail"),
        kind="email",
        max_length=254,
        example=lambda group: "lucia.ramos@example.org",
    ),
    Column(
        "principal_job_title",
        gettext_lazy("Principal: job title"),
        max_length=150,
        example=lambda group: _("Head of security"),
    ),
    Column("alternate_first_name", gettext_lazy("Alternate: first name"), max_length=150),
    Column("alternate_last_name", gettext_lazy("Alternate: last name"), max_length=150),
    Column("alternate_email", gettext_lazy("Alternate: e-mail"), kind="email", max_length=254),
    Column("alternate_job_title", gettext_lazy("Alternate: job title"), max_length=150),
]
PEOPLE = (
    (Representative.Role.PRINCIPAL, "principal"),
    (Representative.Role.ALTERNATE, "alternate"),
)


class InstitutionsKind(Kind):
    name = "institutions"
    capability = IMPORT_CAPABILITIES["institutions"]
    columns = COLUMNS

    def check(self, row: ParsedRow, *, working_group, state: dict) -> None:
        values, result = row.values, row.result
        joined_on = values.get("joined_on")
        if joined_on and joined_on > working_group.today():
            self.fail(row, _("A date in the future: give the date it became a member."), "joined_on")
        emails = []
        for _role, prefix in PEOPLE:
            given = [values.get(f"{prefix}_{part}") for part in ("first_name", "last_name", "email", "job_title")]
            if not any(given):
                continue
            for part in ("first_name", "last_name", "email"):
                column = self.column(f"{prefix}_{part}")
                already_wrong = any(label == str(column.label) for label, _message in result.errors)
                if not values.get(f"{prefix}_{part}") and not already_wrong:
                    self.fail(row, _("Required for the representative to be invited."), column.key)
            email = values.get(f"{prefix}_email")
            if not email:
                continue
            if email in emails:
                self.fail(row, _("The principal and the alternate must be different people."), f"{prefix}_email")
            emails.append(email)
            earlier = first_seen(state, "emails", email, row)
            if earlier is not None:
                self.fail(
                    row,
                    _("This person is already invited on row %(row)d: a person represents one institution.")
                    % {"row": earlier},
                    f"{prefix}_email",
                )
        earlier = first_seen(state, "names", fold(values.get("name") or ""), row)
        if earlier is not None:
            result.notes.append(_("Same institution as row %(row)d: matched to it.") % {"row": earlier})

    def start(self, working_group) -> dict:
        """What the rows are checked against, read once: the group's institutions by name and acronym, every
        institution by name and country (one known from another group is reused), who represents what,
        who has an invitation pending."""
        return {
            **super().start(working_group),
            "institutions": {_known_key(i.name, i.country): i for i in Institution.objects.order_by("-pk")},
            "representing": {
                email.lower(): (membership_id, name)
                for email, membership_id, name in Representative.objects.active()
                .filter(working_group=working_group)
                .values_list("user__email", "membership_id", "membership__institution__name")
            },
            "pending": set(
                Invitation.objects.filter(
                    membership__working_group=working_group, accepted_at__isnull=True, expires_at__gt=timezone.now()
                ).values_list("membership_id", "email")
            ),
        }

    def succeeded(self, unit, created, state) -> None:
        for obj in created:
            if isinstance(obj, Membership):
                remember_member(state["members"], obj)
                institution = obj.institution
                state["institutions"].setdefault(_known_key(institution.name, institution.country), institution)
            elif isinstance(obj, Invitation):
                state["pending"].add((obj.membership_id, obj.email))

    def execute(self, unit, *, working_group, actor, state):
        row = unit[0]
        values, result = row.values, row.result
        created = []
        members = state["members"]
        membership = members.get(fold(values["name"])) or members.get(fold(values.get("acronym") or "-"))
        if membership is not None:
            result.outcome = "matched"
            result.notes.append(
                _("Already in the group as “%(name)s”: matched, not duplicated.")
                % {"name": membership.institution.name}
            )
            if membership.pillar != values["pillar"]:
                result.notes.append(
                    _("The group has it in the pillar “%(pillar)s”; the file's pillar was not applied.")
                    % {"pillar": membership.get_pillar_display()}
                )
        else:
            membership, created = _admit(working_group, values, actor=actor, result=result, state=state)
        for role, prefix in PEOPLE:
            if values.get(f"{prefix}_email"):
                invitation = _invite(
                    membership, values, role=role, prefix=prefix, actor=actor, result=result, kind=self, state=state
                )
                if invitation is not None:
                    created.append(invitation)
        return created

    def created_alongside(self, created):
        memberships = [obj.pk for obj in created if isinstance(obj, Membership)]
        return list(MembershipStatusChange.objects.filter(membership_id__in=memberships).order_by("pk"))


def _known_key(name: str, country: str) -> tuple[str, str]:
    return name.strip().casefold(), country.strip().casefold()


def _admit(working_group, values: dict, *, actor, result, state) -> tuple[Membership, list]:
    name, country = values["name"], values.get("country") or ""
    existing = state["institutions"].get(_known_key(name, country))
    institution = existing or members_services.institution_find_or_create(
        name=name, kind=values["kind"], country=country, acronym=values.get("acronym") or ""
    )
    if existing is not None:
        result.notes.append(_("Known institution (from another group): reused, not duplicated."))
    membership = members_services.membership_admit(
        working_group=working_group,
        institution=institution,
        pillar=values["pillar"],
        status=values.get("status") or Membership.Status.MEMBER,
        joined_on=values.get("joined_on"),
        actor=actor,
        reason=_("Imported from a spreadsheet"),
    )
    created = [] if existing is not None else [institution]
    return membership, [*created, membership]


def _invite(membership: Membership, values: dict, *, role, prefix, actor, result, kind, state) -> Invitation | None:
    email = values[f"{prefix}_email"]
    column = kind.column(f"{prefix}_email")
    membership_id, representing = state["representing"].get(email, (None, None))
    if membership_id == membership.pk:
        result.notes.append(_("%(email)s already represents it: no invitation.") % {"email": email})
        return None
    if representing is not None:
        raise RowError(
            _("%(email)s already represents “%(institution)s” in this group.")
            % {"email": email, "institution": representing},
            column,
        )
    if (membership.pk, email) in state["pending"]:
        result.notes.append(_("%(email)s has already been invited: not invited again.") % {"email": email})
        return None
    if not membership.is_participating:
        raise RowError(
            _("“%(name)s” is no longer a member or observer (%(status)s): nobody can be invited to represent it.")
            % {"name": membership.institution.name, "status": membership.get_status_display().lower()},
            column,
        )
    invitation = members_services.representative_invite(
        membership=membership,
        email=email,
        first_name=values[f"{prefix}_first_name"],
        last_name=values[f"{prefix}_last_name"],
        role=role,
        job_title=values.get(f"{prefix}_job_title") or "",
        actor=actor,
    )
    result.notes.append(_("Invitation to %(email)s queued.") % {"email": email})
    return invitation
