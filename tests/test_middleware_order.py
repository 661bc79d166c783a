"""The order requests pass through the middleware, as it stood when settings.py still built it with three
`insert(index(...))` calls: declaring it once must not have moved any of them. One move since, on purpose: the
time zone right after the session it lives in, so that the rate limit's 429 page shows its time in the person's
zone too."""

from __future__ import annotations

from django.conf import settings

ORDER = [
    "meetadmin.request_id.RequestIdMiddleware",
    "monitoring.probes.HealthCheckMiddleware",
    "meetadmin.nul_characters.RefuseNulCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.idle_sessions.SessionIdleMiddleware",
    "accounts.time_zones.TimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.private_pages.NoStoreWhenSignedInMiddleware",
    "meetadmin.rate_limits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]


def test_the_middleware_runs_in_the_declared_order():
    assert settings.MIDDLEWARE == ORDER
