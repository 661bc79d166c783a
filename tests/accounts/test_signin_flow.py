"""The whole Google sign-in through the emulator over real HTTP: meetadmin's sign-in button, the emulator's consent
page answered like a browser would, the callback's code exchange, and what it leaves behind (a session, a grant
with an encrypted refresh token that works at Google) — or the refusal, and nothing left behind.

alice, bob, carol, charlie and dave are of example.com (the allowed domain); erin is of otherco.test; frank has a
personal gmail.com account; mallory's address is in example.com but her account belongs to the Workspace evil.test
(a spoofed `hd`); victor's address is not verified by Google.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from accounts.models import MEET_SCOPES, GoogleGrant
from tests.support.signing_in import sign_in_on_live_server, signed_in_email
from tests.support.workspace_seed import seed_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def google(control):
    control.seed(seed_document())
    control.add_user("frank@gmail.com", "Frank Consumer")
    control.add_user("mallory@example.com", "Mallory Spoof", hosted_domain="evil.test")
    control.add_user("victor@example.com", "Victor Unverified", email_verified=False)
    return control


def refresh_at_google(emulator, refresh_token: str) -> requests.Response:
    return requests.post(
        f"{emulator.url}/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": settings.GOOGLE_CLIENT_ID,
            "client_secret": settings.GOOGLE_CLIENT_SECRET,
        },
        timeout=10,
    )


def test_alice_signs_in_and_her_grant_is_kept_encrypted(sign_in, browser, emulator):
    response = sign_in("alice@example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("spaces:home")
    assert signed_in_email(browser) == "alice@example.com"
    params = sign_in.authorize_params
    assert params["client_id"] == settings.GOOGLE_CLIENT_ID
    assert params["code_challenge_method"] == "S256"
    assert params["access_type"] == "offline"
    assert params["state"]
    assert set(MEET_SCOPES.values()) <= set(params["scope"].split())
    assert set(sign_in.consent_page.optional_scopes) == set(settings.MEET_OAUTH_SCOPES)

    grant = GoogleGrant.objects.get(user__email="alice@example.com")
    assert grant.state == GoogleGrant.State.ACTIVE
    assert grant.hosted_domain == "example.com"
    assert set(MEET_SCOPES.values()) <= set(grant.scopes)
    assert grant.missing_meet_scopes == []
    refresh_token = grant.refresh_token
    assert refresh_token.startswith("1//")
    with connection.cursor() as cursor:
        cursor.execute("select refresh_token_ciphertext::text from accounts_googlegrant where id = %s", [grant.pk])
        (raw,) = cursor.fetchone()
    assert refresh_token not in raw
    assert refresh_token.encode().hex() not in raw

    refreshed = refresh_at_google(emulator, refresh_token)
    assert refreshed.status_code == 200
    assert set(MEET_SCOPES.values()) <= set(refreshed.json()["scope"].split())

    home = browser.get(reverse("spaces:home"))
    assert "Signed in as alice@example.com" in home.content.decode()
    assert "will not work" not in home.content.decode()


def test_signing_in_again_keeps_the_refresh_token_google_sent_the_first_time(sign_in, browser):
    sign_in("alice@example.com")
    first = GoogleGrant.objects.get(user__email="alice@example.com").refresh_token
    browser.post(reverse("account_logout"))
    response = sign_in("alice@example.com")
    assert response.status_code == 302
    assert "refresh_token=" not in sign_in.callback_url
    grant = GoogleGrant.objects.get(user__email="alice@example.com")
    assert grant.refresh_token == first
    assert grant.state == GoogleGrant.State.ACTIVE
    assert get_user_model().objects.filter(email="alice@example.com").count() == 1


def test_denying_consent_says_so_and_creates_nobody(sign_in, browser):
    response = sign_in("alice@example.com", decision="deny")
    assert "error=access_denied" in sign_in.callback_url
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_login_cancelled")
    page = browser.get(response["Location"]).content.decode()
    assert "You did not allow meetadmin" in page
    assert f'action="{reverse("google_login")}' in page  # try again: a POST form
    assert signed_in_email(browser) is None
    assert not get_user_model().objects.exists()
    assert not GoogleGrant.objects.exists()


def test_a_declined_meet_scope_signs_in_and_says_what_will_not_work(sign_in, browser):
    kept = [MEET_SCOPES["created"], MEET_SCOPES["readonly"]]
    response = sign_in("alice@example.com", scopes=kept)
    assert response.status_code == 302
    assert signed_in_email(browser) == "alice@example.com"
    grant = GoogleGrant.objects.get(user__email="alice@example.com")
    assert grant.missing_meet_scopes == ["settings"]
    home = browser.get(reverse("spaces:home")).content.decode()
    assert "so these will not work" in home
    assert "changing the settings of your spaces" in home
    assert "finding your spaces from your past meetings" not in home


def test_a_declined_scope_can_be_granted_later_from_the_home_page(sign_in, browser, emulator):
    sign_in("alice@example.com", scopes=[MEET_SCOPES["readonly"]])
    home = browser.get(reverse("spaces:home")).content.decode()
    grant_now = re.search(r'<form method="post" action="([^"]+)">[^<]*<input[^>]*>\s*<button[^>]*>Grant them now', home)
    response = sign_in("alice@example.com", start_url=html.unescape(grant_now.group(1)))
    assert sign_in.authorize_params["prompt"] == "consent"
    assert response.status_code == 302
    grant = GoogleGrant.objects.get(user__email="alice@example.com")
    assert grant.missing_meet_scopes == []
    refreshed = refresh_at_google(emulator, grant.refresh_token)
    assert set(MEET_SCOPES.values()) <= set(refreshed.json()["scope"].split())
    assert "will not work" not in browser.get(reverse("spaces:home")).content.decode()


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ("erin@otherco.test", "erin@otherco.test belongs to the Workspace otherco.test"),
        ("frank@gmail.com", "frank@gmail.com is a personal Google account"),
        ("mallory@example.com", "mallory@example.com belongs to the Workspace evil.test"),
        ("victor@example.com", "Google has not verified the address victor@example.com"),
    ],
)
def test_people_outside_the_allowed_workspace_are_refused_and_nothing_is_kept(sign_in, browser, account, reason):
    response = sign_in(account)
    assert response.status_code == 403
    page = response.content.decode()
    assert reason in page
    assert "You cannot sign in to meetadmin with this account" in page
    assert signed_in_email(browser) is None
    assert not get_user_model().objects.exists()
    assert not GoogleGrant.objects.exists()


def test_a_code_that_waited_too_long_fails_with_our_page_and_keeps_nothing(sign_in, browser, google):
    response = sign_in("alice@example.com", before_callback=lambda: google.advance_clock(601))
    assert response.status_code == 401
    page = response.content.decode()
    assert "Google sign-in did not complete" in page
    assert f'action="{reverse("google_login")}' in page
    assert signed_in_email(browser) is None
    assert not get_user_model().objects.exists()
    assert not GoogleGrant.objects.exists()
    assert google.calls(method="oauth2.token")[-1]["error"] == "invalid_grant"


def test_sign_out_is_a_post(sign_in, browser):
    sign_in("alice@example.com")
    confirm = browser.get(reverse("account_logout"))
    assert confirm.status_code == 200
    assert signed_in_email(browser) == "alice@example.com"  # a GET (a link, an image) does not sign out
    page = confirm.content.decode()
    assert 'method="post"' in page
    assert "Sign out" in page
    response = browser.post(reverse("account_logout"))
    assert response.status_code == 302
    assert signed_in_email(browser) is None


def test_the_login_page_offers_google_sign_in_as_a_post(browser, google):
    response = browser.get(reverse("account_login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign in with Google" in page
    assert f'<form method="post" action="{reverse("google_login")}' in page
    assert 'type="password"' not in page


def test_a_get_of_the_provider_login_url_does_not_leave_for_google(browser, google):
    response = browser.get(reverse("google_login"))
    assert response.status_code == 200  # a page with a POST button, not a redirect: starting sign-in is a POST
    assert 'method="post"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_real_browser_signs_in_on_a_live_server(live_server, emulator, google):
    """The same trip with nothing simulated: a dashboard on a random port, CSRF and cookies as a browser has them."""
    home = sign_in_on_live_server(live_server.url, emulator, "alice@example.com")
    assert home.status_code == 200
    assert home.url == live_server.url + reverse("spaces:home")
    assert "Signed in as alice@example.com" in home.text
    assert GoogleGrant.objects.get(user__email="alice@example.com").state == GoogleGrant.State.ACTIVE


@pytest.mark.parametrize(
    "elsewhere",
    ["https://evil.test/phish", "//evil.test/phish", "/\\evil.test/phish", "https:evil.test", "javascript:alert(1)"],
)
def test_next_never_sends_a_signed_in_person_to_another_site(sign_in, browser, elsewhere):
    response = sign_in("alice@example.com", start_url=f"{reverse('google_login')}?next={quote(elsewhere)}")
    assert signed_in_email(browser) == "alice@example.com"
    assert response.status_code == 302
    assert response["Location"] == reverse("spaces:home")


def test_next_within_meetadmin_is_followed(sign_in, browser):
    response = sign_in("alice@example.com", start_url=f"{reverse('google_login')}?next={quote('/audit/?page=2')}")
    assert response["Location"] == "/audit/?page=2"


@pytest.mark.parametrize("elsewhere", ["https://evil.test/phish", "//evil.test/phish"])
def test_signing_out_does_not_send_anyone_to_another_site(browser, elsewhere):
    browser.force_login(get_user_model().objects.create(username="alice@example.com", email="alice@example.com"))
    response = browser.post(reverse("account_logout"), {"next": elsewhere})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc == ""
    assert "_auth_user_id" not in browser.session


def test_no_google_token_is_kept_in_clear_anywhere_in_the_database(sign_in, browser):
    """The refresh token lives encrypted in GoogleGrant only: not in allauth's token table, not in its account data,
    not in a session."""
    from allauth.socialaccount.models import SocialAccount, SocialToken

    sign_in("alice@example.com")
    grant = GoogleGrant.objects.get(user__email="alice@example.com")
    assert SocialToken.objects.count() == 0
    assert grant.refresh_token not in str(SocialAccount.objects.get(user=grant.user).extra_data)
    from django.contrib.sessions.models import Session

    sessions = [str(session.get_decoded()) for session in Session.objects.all()]
    assert sessions
    assert not [session for session in sessions if grant.refresh_token in session]
