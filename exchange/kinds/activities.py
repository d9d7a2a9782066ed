"""Activities with their participants by sector: one row per activity, written by activities'
`activity_create`. An activity of the group with the same title and start date is already recorded:
it is matched and left as it is, never duplicated."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import services as activities_services
from activities.models import Activity, Sector, Topic

from ..columns import Column, fold, split_list
from ..permissions import IMPORT_CAPABILITIES
from . import Kind, ParsedRow, example_member, first_seen, label_of

SECTOR_LABELS = {
    Sector.CIVIL_SERVANTS: gettext_lazy("Participants: civil servants"),
    Sector.POLICE: gettext_lazy("Participants: police"),
    Sector.BUSINESS: gettext_lazy("Participants: business"),
    Sector.PRIVATE_SECURITY: gettext_lazy("Participants: private security"),
    Sector.UNIONS: gettext_lazy("Participants: unions"),
    Sector.NGOS: gettext_lazy("Participants: NGOs"),
    Sector.INTERNATIONAL: gettext_lazy("Participants: international agencies"),
    Sector.COMMUNITY_LEADERS: gettext_lazy("Participants: community leaders"),
    Sector.OTHER: gettext_lazy("Participants: other"),
}
EXAMPLE_COUNTS = {Sector.POLICE: "48", Sector.CIVIL_SERVANTS: "12", Sector.COMMUNITY_LEADERS: "5"}

COLUMNS = [
    Column(
        "title",
        gettext_lazy("Title"),
        required=True,
        max_length=300,
        example=lambda group: _("Training course on the use of force for the National Police"),
    ),
    Column(
        "type",
        gettext_lazy("Type"),
        kind="choice",
        required=True,
        choices=lambda: Activity.Type.choices,
        example=label_of(Activity.Type.choices, Activity.Type.COURSE),
    ),
    Column("starts_on", gettext_lazy("Starts on"), kind="date", required=True, example=lambda group: "2015-08-10"),
    Column(
        "ends_on",
        gettext_lazy("Ends on"),
        kind="date",
        example=lambda group: "2015-08-14",
        hint=gettext_lazy("The start date when empty."),
    ),
    Column("place", gettext_lazy("Place"), max_length=200, example=lambda group: "Cusco"),
    Column("region", gettext_lazy("Region"), max_length=100, example=lambda group: "Cusco"),
    Column("description", gettext_lazy("Description"), max_length=5000),
    Column(
        "organisers",
        gettext_lazy("Organisers"),
        max_length=2000,
        example=lambda group: example_member(group, acronym=True),
        hint=gettext_lazy("Member institutions of the group by name or acronym, separated by “;”."),
    ),
    Column(
        "topics",
        gettext_lazy("Topics"),
        kind="choices",
        choices=lambda: Topic.choices,
        example=lambda group: f"{Topic.USE_OF_FORCE.label}; {Topic.HUMAN_RIGHTS.label}",
        hint=gettext_lazy("Separated by “;”."),
    ),
    Column("topics_other", gettext_lazy("Other topics"), max_length=300),
    Column("partners_other", gettext_lazy("Partners"), max_length=500, example=lambda group: "ICRC"),
    Column("funders_other", gettext_lazy("Funders"), max_length=500),
    *[
        Column(
            f"participants_{sector}", label, kind="count", example=lambda group, s=sector: EXAMPLE_COUNTS.get(s, "0")
        )
        for sector, label in SECTOR_LABELS.items()
    ],
]
TEXT_FIELDS = ("description", "place", "region", "partners_other", "funders_other", "topics_other")


class ActivitiesKind(Kind):
    name = "activities"
    capability = IMPORT_CAPABILITIES["activities"]
    columns = COLUMNS

    def start(self, working_group) -> dict:
        """The group's memberships, and the activities it has recorded (by title and start date)."""
        recorded = Activity.objects.filter(working_group=working_group).values_list("title", "starts_on")
        return {**super().start(working_group), "recorded": {_recorded_key(*key) for key in recorded}}

    def check(self, row: ParsedRow, *, working_group, state: dict) -> None:
        values, result = row.values, row.result
        starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.fail(row, _("An activity cannot end before it starts."), "ends_on")
        organisers = []
        for name in split_list(values.get("organisers") or ""):
            membership = self.member(row, name, "organisers", state)
            if membership is not None and membership not in organisers:
                organisers.append(membership)
        values["organisers"] = organisers
        if values.get("title") and starts_on:
            earlier = first_seen(state, "activities", (fold(values["title"]), starts_on), row)
            if earlier is not None:
                result.notes.append(_("Same activity as row %(row)d.") % {"row": earlier})

    def execute(self, unit, *, working_group, actor, state):
        values, result = unit[0].values, unit[0].result
        if _recorded_key(values["title"], values["starts_on"]) in state["recorded"]:
            result.outcome = "skipped"
            result.notes.append(_("Already recorded (same title and start date): not duplicated."))
            return []
        fields = {name: values.get(name) or "" for name in TEXT_FIELDS}
        fields.update({f"participants_{sector}": values.get(f"participants_{sector}") or 0 for sector in Sector.values})
        activity = activities_services.activity_create(
            working_group=working_group,
            actor=actor,
            type=values["type"],
            title=values["title"],
            starts_on=values["starts_on"],
            ends_on=values.get("ends_on") or values["starts_on"],
            topics=values.get("topics") or [],
            organisers=values["organisers"],
            **fields,
        )
        return [activity]

    def succeeded(self, unit, created, state) -> None:
        state["recorded"].update(_recorded_key(activity.title, activity.starts_on) for activity in created)


def _recorded_key(title: str, starts_on) -> tuple[str, object]:
    return title.strip().casefold(), starts_on
