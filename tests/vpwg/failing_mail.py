from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Stands in for a mail server that refuses every message (the outside world, not our code)."""

    def send_messages(self, email_messages):
        raise SMTPException("refused by the test mail server")


class UnreachableBackend(BaseEmailBackend):
    """Stands in for a mail server that is down: the connection is refused before anything is sent."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()
