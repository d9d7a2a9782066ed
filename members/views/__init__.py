"""members views, by concern; urls.py refers to them as views.<name>."""

from .applications import (  # noqa: F401
    APPLICATION_RATE_LIMIT,
    application_apply,
    application_decide,
    application_detail,
    application_endorse,
    application_list,
    application_propose,
    application_request_info,
    application_review,
    application_status,
)
from .directory import (  # noqa: F401
    dashboard,
    directory,
    institution_detail,
    invitation_accept,
    representative_invite,
    representative_remove,
)
from .lifecycle import DECISION_STEPS, LIFECYCLE_STEPS, membership_lifecycle, representative_role  # noqa: F401
from .management import audit_trail, charter, charter_edit, coordination_group, coordination_seat_end, secretariat  # noqa: F401
