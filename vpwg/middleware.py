"""Small project-wide request guards."""

import re

from django.http import Http404

# A run of 19+ digits in a path can't be a row id (64-bit ids have at most 19 digits and ours never
# get near); passing it to the database raises an overflow instead of "not found".
_OVERSIZED_ID = re.compile(r"/\d{19,}(?:/|$|\.)")


class OversizedIdGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _OVERSIZED_ID.search(request.path):
            raise Http404
        return self.get_response(request)
