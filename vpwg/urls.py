from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import health, i18n, views

# The Django admin signs in through allauth, so its rate limits and two-factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "VP Working Groups"

group_patterns = [
    path("", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("minutes/", include("minutes.urls")),
    path("workplan/", include("workplan.urls")),
    path("activities/", include("activities.urls")),
    path("reports/", include("reports.urls")),
    path("exchange/", include("exchange.urls")),
    path("search/", include("search.urls")),
    path("mail/", include("vpwg.outbox_urls")),
    path("networks/", include("networks.group_urls")),  # the networks it is part of; its decision to share
]

urlpatterns = [
    path("", views.home, name="home"),
    # Answered by vpwg.health.HealthCheckMiddleware before sessions and auth; the routes are for reverse().
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("invitations/", include("members.public_urls")),
    path("me/", include("members.profile_urls")),  # the person's preferences, the digest's stop link
    path("me/calendar/", include("meetings.person_urls")),  # one calendar of all the person's groups
    path("apply/", include("members.application_urls")),
    path("public/", include("minutes.public_urls")),
    path("api/", include("api.urls")),
    path("g/<slug:group_slug>/", include(group_patterns)),
    path("n/<slug:network_slug>/", include("networks.urls")),  # a network's figures (network staff)
]
