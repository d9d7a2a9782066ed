"""Permission rows for the search page: everyone in the group searches it (what they find is theirs:
tests/search/test_search.py); outsiders 404."""

from . import Row, everyone

ROWS = [Row("search:results", everyone(200))]
