"""JSON errors with codes: every failure of the API answers `{"error": {"code", "message"[, "details"]}}`.

| status | code | when |
|---|---|---|
| 400 | malformed_json | the body is not JSON |
| 401 | not_authenticated / invalid_token | no `Authorization: Bearer` token / unknown, expired or revoked |
| 403 | insufficient_scope | a read token asked to write |
| 403 | forbidden / two_factor_required | the person may not do this here |
| 404 | not_found | nothing there, or nothing this person may see (another group's ids included) |
| 409 | refused | the platform refused the change (a workflow rule; the message says why) |
| 422 | invalid | parameters or body fields that do not validate (`details` lists them) |
| 429 | rate_limited | too many requests for this token (Retry-After says when to try again) |
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vpwg.errors import DomainError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_body(code: str, message: str, details=None) -> dict:
    error = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def install(api) -> None:
    """Replace django-ninja's default handlers with ours."""

    def respond(request, status, code, message, details=None, headers=None):
        response = api.create_response(request, error_body(code, message, details), status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, headers=exc.headers)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", "Not found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "forbidden", "You may not do this.")

    @api.exception_handler(DomainError)
    def refused(request, exc: DomainError):
        return respond(request, 409, "refused", str(exc))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        details = [
            {"loc": [str(part) for part in error.get("loc", ())], "message": str(error.get("msg", ""))}
            for error in exc.errors
        ]
        return respond(request, 422, "invalid", "Some parameters are not valid.", details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, "not_authenticated", "Send a token: Authorization: Bearer <token>.")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # django-ninja's only 400: the body could not be parsed
            return respond(request, 400, "malformed_json", "The request body is not valid JSON.")
        return respond(request, exc.status_code, "error", str(exc))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s", request.path)
        return respond(request, 500, "server_error", "Something went wrong on our side.")
