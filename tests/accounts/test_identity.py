"""One Google account is one meetadmin person: the address comes only from Google's verified ID token, and an
address that comes back with a new Google account (`sub`) is refused until IT re-links it. Through the emulator's
real sign-in over HTTP.

dave signs in as Google account A; then his Workspace admin deletes and re-creates dave@example.com (account B).
"""

from __future__ import annotations

import html
import io
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, reverse

from accounts.models import GoogleGrant, RefusedGoogleAccount
from accounts.roles import Role, role_grant
from spaces.models import Operation, Space
from spaces.selectors import spaces_owned_by
from tests.support.signing_in import sign_in_on_live_server, signed_in_email
from tests.support.workspace_seed import seed_document

pytestmark = pytest.mark.django_db

DAVE = "dave@example.com"
RELINK_COMMAND = f"manage.py relink_google_account --email {DAVE} --confirm-old-account-deleted"


@pytest.fixture
def google(control):
    control.seed(seed_document())
    return control


def dave_signs_in_as_account_a(sign_in, browser) -> str:
    """dave's first sign-in: he becomes a meetadmin person, with two spaces of his; returns account A's `sub`."""
    assert sign_in(DAVE).status_code == 302
    browser.post(reverse("account_logout"))
    Space.objects.create(name="spaces/DaveOne00001", owner_email=DAVE, label="Dave's standup")
    Space.objects.create(name="spaces/DaveTwo00002", owner_email=DAVE, label="Dave's 1:1")
    return SocialAccount.objects.get(user__email=DAVE).uid


def relink(*arguments: str) -> str:
    out = io.StringIO()
    call_command("relink_google_account", *arguments, stdout=out)
    return out.getvalue()


def test_a_re_created_account_is_refused_until_it_re_links_it_to_dave(sign_in, browser, google):
    account_a = dave_signs_in_as_account_a(sign_in, browser)
    dave = get_user_model().objects.get(email=DAVE)
    old_session = browser.session.session_key
    account_b = google.recreate_user(DAVE)["user"].removeprefix("users/")
    assert account_b != account_a

    refused = sign_in(DAVE)

    assert refused.status_code == 403
    page = refused.content.decode()
    assert f"meetadmin knows {DAVE} as another Google account" in page
    assert account_b in page  # the id the person gives IT
    assert RELINK_COMMAND in page
    assert signed_in_email(browser) is None
    assert get_user_model().objects.count() == 1
    assert list(SocialAccount.objects.values_list("user", "uid")) == [(dave.pk, account_a)]
    assert GoogleGrant.objects.get().google_subject == account_a
    assert sorted(spaces_owned_by(dave).values_list("label", flat=True)) == ["Dave's 1:1", "Dave's standup"]
    assert RefusedGoogleAccount.objects.get().google_subject == account_b
    assert old_session is None or not browser.session.get("_auth_user_id")

    said = relink("--email", DAVE, "--confirm-old-account-deleted", "--by", "carol@example.com")

    assert f"{DAVE} is now Google account {account_b} (was {account_a})" in said
    assert list(SocialAccount.objects.values_list("user", "uid")) == [(dave.pk, account_b)]
    assert not GoogleGrant.objects.exists()  # the old account's grant: they consent again as B
    assert not RefusedGoogleAccount.objects.exists()
    audit = Operation.objects.get(kind=Operation.Kind.RELINK)
    assert audit.state == Operation.State.SUCCEEDED
    assert (audit.target, audit.identity_kind) == (DAVE, Operation.IdentityKind.NONE)  # no Google call was made
    assert (audit.config_before, audit.config_after) == ({"google_subject": account_a}, {"google_subject": account_b})
    assert audit.params["run_by"] == "carol@example.com"
    carol = get_user_model().objects.create(username="carol", email="carol@example.com")
    role_grant(user=carol, role=Role.IT_ADMIN)
    it_admin = Client()
    it_admin.force_login(carol)
    audit_page = it_admin.get(reverse("spaces:audit"), {"action": Operation.Kind.RELINK}).content.decode()
    assert "Re-link a Google account" in audit_page
    assert account_a in audit_page
    assert account_b in audit_page

    welcomed = sign_in(DAVE)

    assert welcomed.status_code == 302
    assert welcomed["Location"] == reverse("spaces:home")
    assert browser.session["_auth_user_id"] == str(dave.pk)
    assert get_user_model().objects.filter(email=DAVE).count() == 1
    home = browser.get(reverse("spaces:home")).content.decode()
    assert f"Signed in as {DAVE}" in home
    assert "Dave&#x27;s standup" in home
    # Google gave account B's offline grant to the refused sign-in, which kept nothing: one reconnect brings it back.
    assert GoogleGrant.objects.get(user=dave).state == GoogleGrant.State.NEEDS_RECONNECT
    reconnect = re.search(
        r'<form method="post" action="([^"]+)">[^<]*<input[^>]*>\s*<button[^>]*>Reconnect Google', home
    )
    assert sign_in(DAVE, start_url=html.unescape(reconnect.group(1))).status_code == 302
    grant = GoogleGrant.objects.get(user=dave)
    assert (grant.google_subject, grant.state) == (account_b, GoogleGrant.State.ACTIVE)
    assert grant.refresh_token.startswith("1//")
    assert get_user_model().objects.filter(email=DAVE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_re_created_account_on_a_live_server(live_server, emulator, google):
    """The refusal and the re-link with nothing simulated: real browsers, a dashboard on a random port."""
    assert "Signed in as dave@example.com" in sign_in_on_live_server(live_server.url, emulator, DAVE).text
    google.recreate_user(DAVE)

    refused = sign_in_on_live_server(live_server.url, emulator, DAVE)

    assert refused.status_code == 403
    assert RELINK_COMMAND in html.unescape(refused.text)
    assert get_user_model().objects.count() == 1
    relink("--email", DAVE, "--confirm-old-account-deleted")
    welcomed = sign_in_on_live_server(live_server.url, emulator, DAVE)
    assert welcomed.url == live_server.url + reverse("spaces:home")
    assert "Signed in as dave@example.com" in welcomed.text
    assert get_user_model().objects.count() == 1


def test_the_old_accounts_sessions_end_at_the_re_link(sign_in, browser, google):
    assert sign_in(DAVE).status_code == 302  # dave, account A, still signed in on this browser
    google.recreate_user(DAVE)
    other_browser = type(browser)(HTTP_HOST=browser.defaults["HTTP_HOST"])
    assert sign_in.__class__(other_browser, sign_in.emulator)(DAVE).status_code == 403
    assert f"Signed in as {DAVE}" in browser.get(reverse("spaces:home")).content.decode()

    relink("--email", DAVE, "--confirm-old-account-deleted")

    assert f"Signed in as {DAVE}" not in browser.get(reverse("spaces:home")).content.decode()
    assert signed_in_email(browser) is None


def test_the_relink_command_asks_for_confirmation_and_a_refused_account(sign_in, browser, google):
    account_a = dave_signs_in_as_account_a(sign_in, browser)
    with pytest.raises(CommandError, match="confirm-old-account-deleted"):
        relink("--email", DAVE)
    with pytest.raises(CommandError, match="has been refused at sign-in"):
        relink("--email", DAVE, "--confirm-old-account-deleted")
    with pytest.raises(CommandError, match=re.escape("Nobody in meetadmin has the address nobody@example.com")):
        relink("--email", "nobody@example.com", "--confirm-old-account-deleted")

    first = google.recreate_user(DAVE)["user"].removeprefix("users/")
    assert sign_in(DAVE).status_code == 403
    assert sign_in(DAVE).status_code == 403
    assert RefusedGoogleAccount.objects.get(google_subject=first).refusals == 2
    second = google.recreate_user(DAVE)["user"].removeprefix("users/")
    assert sign_in(DAVE).status_code == 403
    with pytest.raises(CommandError, match=f"More than one .*{first}, {second}"):
        relink("--email", DAVE, "--confirm-old-account-deleted")
    with pytest.raises(CommandError, match="and the id 999"):
        relink("--email", DAVE, "--confirm-old-account-deleted", "--google-id", "999")
    assert SocialAccount.objects.get().uid == account_a  # nothing moved by a refused command
    assert not Operation.objects.filter(kind=Operation.Kind.RELINK).exists()

    relink("--email", DAVE.upper(), "--confirm-old-account-deleted", "--google-id", second)
    assert SocialAccount.objects.get().uid == second
    assert list(RefusedGoogleAccount.objects.values_list("google_subject", flat=True)) == [first]


def test_sign_up_takes_the_address_from_the_verified_id_token(sign_in, browser, google):
    assert sign_in(DAVE).status_code == 302
    dave = get_user_model().objects.get()
    account = SocialAccount.objects.get(user=dave)
    assert dave.email == account.extra_data["email"] == DAVE
    assert account.extra_data["email_verified"] is True
    assert list(EmailAddress.objects.values_list("email", "verified")) == [(DAVE, True)]
    assert not dave.has_usable_password()


# --- every allauth sign-up URL is closed, even with a sign-up pending -------------------------------------------


def allauth_urls(patterns=None, prefix: str = "/accounts/") -> list[tuple[str, str]]:
    """(path, name) of every URL allauth's URL conf offers under /accounts/, read from allauth itself."""
    import allauth.urls

    found = []
    for pattern in allauth.urls.urlpatterns if patterns is None else patterns:
        route = re.sub(r"<[^>]+>", "x", str(pattern.pattern)).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            found += allauth_urls(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            found.append((prefix + route, pattern.name or ""))
    return found


# Under SOCIALACCOUNT_ONLY allauth leaves its local sign-up out of its URL conf; it stays closed should that change.
LOCAL_SIGNUP = ("/accounts/signup/", "account_signup")
SIGNUP_URLS = sorted({url for url in [*allauth_urls(), LOCAL_SIGNUP] if "signup" in url[0] or "signup" in url[1]})
# What allauth's own sign-up forms would take from a person: someone else's address.
TYPED = {"email": "alice@example.com", "email2": "alice@example.com", "username": "alice", "password1": "x" * 20}


def leave_a_social_sign_up_pending(browser) -> None:
    """What allauth leaves in the session before it shows its social sign-up form: a Google login of account B,
    whose verified address (dave's) another person already holds."""
    request = RequestFactory().get("/")
    provider = get_adapter().get_provider(request, "google")
    claims = {"sub": "2000000000000000000001", "email": DAVE, "email_verified": True, "hd": "example.com"}
    session = SessionStore()  # a fresh one: the client's own goes stale with the cookie a sign-out cleared
    session["socialaccount_sociallogin"] = provider.sociallogin_from_response(request, claims).serialize()
    session.save()
    browser.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def test_allauths_sign_up_urls_are_found_and_include_the_social_one():
    paths = [path for path, _ in SIGNUP_URLS]
    assert {"/accounts/3rdparty/signup/", "/accounts/social/signup/", "/accounts/signup/"} <= set(paths)


@pytest.mark.parametrize(("path", "name"), SIGNUP_URLS)
def test_no_sign_up_url_lets_anyone_type_an_address(sign_in, browser, google, path, name):
    dave_signs_in_as_account_a(sign_in, browser)
    before = (get_user_model().objects.count(), SocialAccount.objects.count(), EmailAddress.objects.count())
    leave_a_social_sign_up_pending(browser)

    for method in (browser.get, browser.post):
        response = method(path, TYPED if method == browser.post else None)
        assert response.status_code == 404, f"{method.__name__} {path} ({name})"

    assert signed_in_email(browser) is None
    assert (get_user_model().objects.count(), SocialAccount.objects.count(), EmailAddress.objects.count()) == before
    assert not get_user_model().objects.filter(email="alice@example.com").exists()


def test_no_allauth_url_at_all_signs_anyone_up_from_a_typed_address(sign_in, browser, google):
    dave_signs_in_as_account_a(sign_in, browser)
    before = (get_user_model().objects.count(), SocialAccount.objects.count(), EmailAddress.objects.count())
    answers = {}
    for path, _ in allauth_urls():
        leave_a_social_sign_up_pending(browser)
        answers[path] = browser.post(path, TYPED).status_code
    assert len(answers) >= 10
    assert 500 not in answers.values(), answers
    assert signed_in_email(browser) is None
    assert (get_user_model().objects.count(), SocialAccount.objects.count(), EmailAddress.objects.count()) == before


def test_the_admin_shows_a_persons_address_and_google_account_but_never_edits_them(sign_in, browser, google):
    account_a = dave_signs_in_as_account_a(sign_in, browser)
    dave = get_user_model().objects.get(email=DAVE)
    carol = get_user_model().objects.create(username="carol", email="carol@example.com", is_staff=True)
    carol.is_superuser = True
    carol.save()
    browser.force_login(carol)

    page = browser.get(reverse("admin:auth_user_change", args=[dave.pk])).content.decode()
    assert DAVE in page
    assert 'name="email"' not in page
    browser.post(
        reverse("admin:auth_user_change", args=[dave.pk]),
        {"email": "alice@example.com", "username": "alice", "is_active": "on", "date_joined_0": "2026-01-01"},
    )
    assert get_user_model().objects.get(pk=dave.pk).email == DAVE
    account = SocialAccount.objects.get()
    response = browser.post(
        reverse("admin:socialaccount_socialaccount_change", args=[account.pk]),
        {"user": carol.pk, "provider": "google", "uid": "1", "extra_data": "{}"},
    )
    assert response.status_code == 403
    assert list(SocialAccount.objects.values_list("user", "uid")) == [(dave.pk, account_a)]
