"""The REST API, version 1: django-ninja, its OpenAPI 3 schema at /api/v1/openapi.json and interactive
documentation at /api/v1/docs (Swagger UI served from django-ninja's own static files: no CDN).

Why django-ninja rather than Django REST framework with drf-spectacular: the schema comes from the same
type hints and pydantic models that validate the requests, with nothing to keep in step by hand; one
small package (pydantic aside) instead of two plus a sidecar for the docs' assets; function endpoints
that stay as thin as our views (an access check, a selector or a service call, a dict).
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import errors
from .auth import TokenAuth
from .routes import activities, decisions, directory, groups, meetings, minutes, public, search, workplan

api = NinjaAPI(
    title="VP Working Groups API",
    version="1",
    description=(
        "Everything a person may see in their working groups, as that person: send a personal access "
        "token (create one on your API tokens page) as `Authorization: Bearer <token>`. Read tokens read; "
        "write tokens may also answer invitations and report progress. Errors are JSON: "
        '`{"error": {"code": "...", "message": "..."}}`.'
    ),
    urls_namespace="api:v1",  # included by api/urls.py as namespace v1 inside app api
    auth=TokenAuth(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

for module in (groups, directory, meetings, minutes, decisions, workplan, activities, search, public):
    api.add_router("", module.router)
