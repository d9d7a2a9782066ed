"""Who may do what with minutes, registered with the access object (`vpwg.permissions.access_for`).

Drafts and minutes under review: the Secretariat (draft_minutes) always; the Coordination Group
(review_minutes) from the first submission on. Circulated minutes: also the representatives of
current members and observers, through guardian's `view_minutes` granted per Minutes row to the
`<slug>:member` and `<slug>:observer` role groups. Nobody else, ever.

Every rule is `rule(access, obj) -> bool`; none queries the database except the reader check
(one guardian read), so a page may ask several of them.
"""

from __future__ import annotations

from vpwg.permissions import AccessLevel, GroupAccess, is_circulated_to, register_document_level, register_rule

from .models import FollowUpAction, Minutes, MinutesComment, PublicSummary

VIEW_PERMISSION = "minutes.view_minutes"


def _runs(access: GroupAccess) -> bool:
    """The Secretariat runs minutes: it reads the draft and everything else."""
    return access.can("draft_minutes")


def _reviews(access: GroupAccess, minutes: Minutes) -> bool:
    """The Coordination Group reads the versions submitted so far (not the Secretariat's draft)."""
    return not _runs(access) and access.can("review_minutes") and minutes.latest_version_number > 0


def minutes_access_level(access: GroupAccess, minutes: Minutes) -> AccessLevel | None:
    """MANAGER (the Secretariat: the draft and everything), REVIEWER (the versions submitted so far),
    READER (the circulated version) or None (not visible: answer 404)."""
    if _runs(access):
        return AccessLevel.MANAGER
    if _reviews(access, minutes):
        return AccessLevel.REVIEWER
    if minutes.circulated_version_id and is_circulated_to(access.user, minutes, VIEW_PERMISSION):
        return AccessLevel.READER
    return None


def can_read_draft_minutes(access: GroupAccess, minutes: Minutes) -> bool:
    """The Secretariat reads its own draft (not yet a version) while it is being edited."""
    return _runs(access) and minutes.is_editable


def can_follow_minutes_review(access: GroupAccess, minutes: Minutes) -> bool:
    """Earlier versions, comments, approvals and history: the Secretariat and the Coordination Group."""
    return _runs(access) or _reviews(access, minutes)


def can_edit_minutes(access: GroupAccess, minutes: Minutes) -> bool:
    """The Secretariat edits a draft, a correction, or minutes returned with changes requested."""
    return _runs(access) and minutes.is_editable


def can_submit_minutes(access: GroupAccess, minutes: Minutes) -> bool:
    """The Secretariat submits its draft to the Coordination Group (the non-attribution check applies)."""
    return _runs(access) and minutes.is_editable


def can_circulate_minutes(access: GroupAccess, minutes: Minutes) -> bool:
    return _runs(access) and minutes.status == Minutes.Status.APPROVED


def can_correct_minutes(access: GroupAccess, minutes: Minutes) -> bool:
    return _runs(access) and minutes.status == Minutes.Status.CIRCULATED


def can_review_minutes(access: GroupAccess, minutes: Minutes) -> bool:
    """Approve, request changes or comment: the Coordination Group while the minutes await it."""
    return _reviews(access, minutes) and minutes.status == Minutes.Status.SUBMITTED


def can_resolve_minutes_comment(access: GroupAccess, comment: MinutesComment) -> bool:
    """A comment is resolved by the Secretariat (who revises the text) or by the reviewer who wrote it.
    Reads `comment.version.minutes` (the selectors attach the minutes already read)."""
    if _runs(access):
        return True
    return comment.author_id == access.user.pk and _reviews(access, comment.version.minutes)


def can_see_minutes_readers(access: GroupAccess, minutes: Minutes) -> bool:
    """Who downloaded or opened which version: the Secretariat only."""
    return _runs(access)


def can_add_action(access: GroupAccess, minutes: Minutes) -> bool:
    return _runs(access)


def can_mark_action_done(access: GroupAccess, action: FollowUpAction) -> bool:
    """The Secretariat, or a representative of the institution the follow-up action is assigned to once the
    action is in the circulated version (select `minutes__circulated_version` with the action)."""
    return _runs(access) or (access.represents(action.institution_id) and action.is_circulated)


def can_write_summary(access: GroupAccess, summary: PublicSummary | None) -> bool:
    """The Secretariat writes the public summary while there is none yet or it is a draft."""
    return _runs(access) and (summary is None or summary.status == PublicSummary.Status.DRAFT)


def can_submit_summary(access: GroupAccess, summary: PublicSummary | None) -> bool:
    return summary is not None and _runs(access) and summary.status == PublicSummary.Status.DRAFT


def can_review_summary(access: GroupAccess, summary: PublicSummary | None) -> bool:
    """The Coordination Group approves or returns a submitted public summary."""
    return (
        summary is not None and summary.status == PublicSummary.Status.SUBMITTED and _reviews(access, summary.minutes)
    )


RULES = {
    "minutes.read_draft_minutes": can_read_draft_minutes,
    "minutes.follow_minutes_review": can_follow_minutes_review,
    "minutes.edit_minutes": can_edit_minutes,
    "minutes.submit_minutes": can_submit_minutes,
    "minutes.circulate_minutes": can_circulate_minutes,
    "minutes.correct_minutes": can_correct_minutes,
    "minutes.review_minutes": can_review_minutes,
    "minutes.resolve_minutes_comment": can_resolve_minutes_comment,
    "minutes.see_minutes_readers": can_see_minutes_readers,
    "minutes.add_action": can_add_action,
    "minutes.mark_action_done": can_mark_action_done,
    "minutes.write_summary": can_write_summary,
    "minutes.submit_summary": can_submit_summary,
    "minutes.review_summary": can_review_summary,
}


def register() -> None:
    """Called from MinutesConfig.ready()."""
    register_document_level("minutes.minutes", minutes_access_level)
    for name, rule in RULES.items():
        register_rule(name, rule)
