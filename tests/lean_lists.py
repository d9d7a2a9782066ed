"""What the lean-list tests (issue 18, tests/<app>/test_lean_lists.py) share: a page fetched with its
queries counted, and the size every list page stays under."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# A list page stays well under this many bytes of HTML, however long the list.
MAX_BYTES = 20 * 1024

# Query strings that are not a year or a page: each must give a clean page (or a 404), never a 500.
BAD_VALUES = ["abc", "", "-1", "0", "2015.5", "99999999", "1e3", "٣", "<script>", "2024&year=2023"]


def fetch(client, url: str, params: dict | None = None):
    """GET `url` twice (the first warms the session and caches); the second's response and query count."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    return response, len(captured.captured_queries)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()
