from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Stands in for a mail server that refuses every message (the outside world, not our code)."""

    def send_messages(self, email_messages):
        raise SMTPException("refused by the test mail server")
