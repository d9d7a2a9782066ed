"""Every change to the members domain goes through these functions (one per transition)."""

from .applications import *  # noqa: F403
from .charter import *  # noqa: F403
from .core import *  # noqa: F403
from .core import _resync_membership  # noqa: F401
from .decision_rules import *  # noqa: F403
from .decisions import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .organisations import *  # noqa: F403
from .procedures import *  # noqa: F403
from .representatives import *  # noqa: F403
from .terms import *  # noqa: F403
