"""What the API sends and receives (pydantic models through django-ninja; they make the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class ErrorDetail(Schema):
    code: str = Field(examples=["not_found"])
    message: str
    details: list[dict] | None = None


class Error(Schema):
    error: ErrorDetail


class Page[T](Schema):
    count: int = Field(description="Rows matching the filters, on every page")
    limit: int
    offset: int
    next: str | None = Field(description="The next page's address, or null")
    results: list[T]


class GroupOut(Schema):
    slug: str
    name: str
    short_name: str
    country: str
    language: str
    time_zone: str
    roles: list[str] = Field(description="The token owner's roles in this group")


class InstitutionOut(Schema):
    id: int = Field(description="The institution's id (its page: /g/<group>/institutions/<id>/)")
    membership_id: int
    name: str
    acronym: str
    kind: str
    country: str
    website: str
    pillar: str
    status: str
    joined_on: date
    ended_on: date | None


class MembershipChangeOut(Schema):
    action: str
    from_status: str
    to_status: str
    pillar: str
    effective_on: date


class InstitutionDetailOut(InstitutionOut):
    aliases: list[str]
    history: list[MembershipChangeOut]


class RepresentativeOut(Schema):
    id: int
    name: str
    institution_id: int
    institution: str
    pillar: str
    role: str
    job_title: str
    started_on: date


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    format: str
    length_minutes: int
    topic: str | None
    presenters: list[str]
    guests: list[str]


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    format: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online_link: str


class InvitationOut(Schema):
    meeting_id: int
    answer: str
    answered_at: datetime | None
    mode: str = Field("", description="in_person or online (hybrid meetings); empty otherwise")
    attendee_name: str = Field("", description="Who will come for the institution, when not the person invited")
    comment: str = ""


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    my_invitation: InvitationOut | None = Field(description="The token owner's own invitation, if invited")


class AnswerIn(Schema):
    answer: Literal["attending", "not_attending", "alternate"]
    mode: Literal["", "in_person", "online"] = Field("", description="Required for a hybrid meeting when coming")
    attendee_name: str = Field("", max_length=200, description="Who will come, when not you")
    comment: str = Field("", max_length=1000, description="A comment for the Secretariat")


class MinutesOut(Schema):
    id: int
    meeting_id: int
    meeting_title: str
    meeting_starts_at: datetime
    access_level: str = Field(description="manager, reviewer or reader: which text this person reads")
    status: str = Field(description="The workflow state (readers always see 'circulated')")
    version: int | None = Field(description="The version this person reads (null: only a draft)")
    circulated_at: datetime | None
    pdf_url: str | None


class DecisionOut(Schema):
    id: int
    kind: str = Field(description="admission, warning, suspension, expulsion, reinstatement, annual_report, …")
    title: str = Field(description="What it is about")
    status: str = Field(description="open, adopted, rejected or lapsed")
    reason: str = Field(description="The reasons given to the institution concerned")
    opened_at: datetime
    deadline: datetime
    closed_at: datetime | None


class ProgressOut(Schema):
    id: int
    created_at: datetime
    text: str
    institution: str | None
    has_attachment: bool


class TaskOut(Schema):
    id: int
    work_plan_id: int
    work_plan: str
    objective: str | None
    title: str
    description: str
    category: str
    status: str
    lead: str
    supporting: list[str]
    starts_on: date
    due_on: date


class TaskDetailOut(TaskOut):
    progress: list[ProgressOut]


class WorkPlanOut(Schema):
    id: int
    title: str
    status: str
    starts_on: date
    ends_on: date
    task_count: int
    done_count: int


class ActivityOut(Schema):
    id: int
    type: str
    title: str
    description: str
    starts_on: date
    ends_on: date
    place: str
    region: str
    organisers: list[str]
    topics: list[str]
    participants_total: int
    participants: dict[str, int] = Field(description="Participants by sector")


class CountRow(Schema):
    label: str
    activities: int
    participants: int


class StatisticsOut(Schema):
    since: date
    until: date
    total_activities: int
    total_participants: int
    by_year: list[CountRow]
    by_type: list[CountRow]
    by_region: list[CountRow]
    by_sector: dict[str, int]


class PublicSummaryOut(Schema):
    title: str
    text: str = Field(description="Markdown, non-attributed")
    meeting_date: date
    approved_at: datetime | None


class SearchHitOut(Schema):
    kind: str
    title: str
    url: str
    year: int | None
    snippet_html: str = Field(description="Escaped text with the matched words in <mark>")


class SearchOut(Schema):
    query: str
    total: int
    counts: dict[str, int]
    hits: list[SearchHitOut]


AnswerValue = Literal["attending", "not_attending", "alternate"]
