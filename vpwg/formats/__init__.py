"""Date formats per language (settings.FORMAT_MODULE_PATH), on top of Django's own.

Dates are never numeric-only (03/10/2027 reads as March or October depending on the reader): the
long form names the month, and the "short" one is a medium form with an abbreviated month name.
Times are on the 24-hour clock everywhere. Only display formats are set here: what forms accept
(the *_INPUT_FORMATS) stays Django's. Timestamps with their time zone: vpwg/dates.py.
"""
