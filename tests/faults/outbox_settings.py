"""The fault tests' process settings (tests/faults/settings.py) with a mail transport that makes
trouble right after each send (tests/faults/trouble_mailbox.py)."""

from tests.faults.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "tests.faults.trouble_mailbox.TroubleBackend"}}
