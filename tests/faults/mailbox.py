"""A mail transport for the fault tests: it stands in for the mail server.

Each accepted message is appended as one JSON line (recipient, subject, digest of the body) to the
file named by FAULTS_MAIL_LOG and fsynced, so a test counts what really left the system even when
the worker is killed. FAULTS_MAIL_DELAY (seconds) slows every send, to kill a worker mid-send.
"""

import hashlib
import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


def message_digest(recipient: str, subject: str, body: str) -> str:
    return hashlib.sha256("\x00".join((recipient, subject, body)).encode()).hexdigest()


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("FAULTS_MAIL_DELAY", "0"))
        path = os.environ["FAULTS_MAIL_LOG"]
        for message in email_messages:
            time.sleep(delay)  # the mail server thinking: a kill lands here most of the time
            recipient = message.to[0]
            line = {
                "to": recipient,
                "subject": message.subject,
                "digest": message_digest(recipient, message.subject, message.body),
            }
            with open(path, "a") as log:
                log.write(json.dumps(line) + "\n")
                log.flush()
                os.fsync(log.fileno())
        return len(email_messages)


def delivered(path) -> list[dict]:
    try:
        with open(path) as log:
            return [json.loads(line) for line in log if line.strip()]
    except FileNotFoundError:
        return []
