"""A link that comes from Google is a link only when it is HTTPS to Google; anything else is shown as text.

The addresses are injected through the emulator's control surface and reach meetadmin as a real worker reads them
from the emulator over HTTP, so what is tested is what a page would show for Google's answer.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from spaces import services
from spaces.models import Artifact, Operation, Space
from spaces.permissions import Action, decide
from spaces.templatetags.google_links import google_url
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import OTHER_PROJECT, PROJECT, past_conference, seed_document

HOSTILE = {
    "Script01": "javascript:alert(document.cookie)",
    "DataUri02": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "PlainHttp03": "http://meet.google.com/abc-defg-hij",
    "EvilHost04": "https://meet.google.com.evil.test/abc-defg-hij",
    "Slashes05": "https://evil.test\\@meet.google.com/abc",
}


@pytest.mark.parametrize(
    "url",
    [
        "https://meet.google.com/abc-defg-hij",
        "https://docs.google.com/document/d/1/edit",
        "https://drive.google.com/file/d/1/view",
        "https://google.com/",
        "HTTPS://MEET.GOOGLE.COM/ABC",
    ],
)
def test_google_over_https_is_a_link(url):
    assert google_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        *HOSTILE.values(),
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "https://evilgoogle.com/",
        "https://user@meet.google.com/abc",
        "https://meet.google.com:8443/abc",
        "https://meet.google.com\n.evil.test/",
        "//meet.google.com/abc",
        "/relative",
        "",
        None,
    ],
)
def test_anything_else_is_not(url):
    assert google_url(url) == ""


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_hostile_links_from_google_are_shown_as_text_on_every_page(control, client):
    spaces = [
        {"id": space_id, "owner": "alice@example.com", "project": PROJECT, "meetingUri": uri}
        for space_id, uri in HOSTILE.items()
    ]
    spaces.append({"id": "Trusted06", "owner": "alice@example.com", "project": PROJECT})
    # Not made by meetadmin, and live: its page offers "Open the meeting" instead of End.
    spaces.append(
        {"id": "Elsewhere07", "owner": "alice@example.com", "project": OTHER_PROJECT, "meetingUri": HOSTILE["Script01"]}
    )
    files = {
        "recordings": [{"driveDestination": {"exportUri": HOSTILE["Script01"]}}],
        "transcripts": [{"docsDestination": {"exportUri": HOSTILE["DataUri02"]}, "entries": []}],
        "smartNotes": [{"docsDestination": {"exportUri": HOSTILE["PlainHttp03"]}}],
    }
    conferences = [past_conference(f"spaces/{spec['id']}", "alice@example.com", days_ago=2) for spec in spaces]
    conferences[0].update(files)
    control.seed(seed_document(spaces=spaces, conferences=conferences))
    control.start_conference("spaces/Elsewhere07", [{"email": "alice@example.com"}])
    alice = sign_in(control, "alice@example.com")
    identity = decide(alice, Space(name="x", owner_email=alice.email), Action.REFRESH).identity
    discovery = settled(services.spaces_discover(actor=alice, identity=identity))
    assert discovery.state == Operation.State.SUCCEEDED, discovery.result_message
    # meetadmin keeps Google's answer as it came; only what a page makes of it is judged.
    assert Space.objects.get(pk="spaces/Script01").meeting_uri == HOSTILE["Script01"]
    assert set(Artifact.objects.values_list("export_uri", flat=True)) >= {HOSTILE["Script01"], HOSTILE["DataUri02"]}
    Space.objects.filter(pk="spaces/Elsewhere07").update(made_by_checked=True, made_by_meetadmin=False)

    client.force_login(alice)
    pages = {"home": client.get(reverse("spaces:home")).content.decode()}
    for spec in spaces:
        pages[spec["id"]] = client.get(reverse("spaces:space", args=[spec["id"]])).content.decode()

    trusted_code = Space.objects.get(pk="spaces/Trusted06").meeting_code
    assert f'href="https://meet.google.com/{trusted_code}"' in pages["home"]  # the rule still links Google
    for name, html in pages.items():
        for href in hrefs(html):
            assert not href.lower().startswith(("javascript:", "data:", "http:")), (name, href)
            assert "evil" not in href, (name, href)
    for space_id in HOSTILE:
        code = Space.objects.get(pk=f"spaces/{space_id}").meeting_code
        assert code in pages["home"]  # the code is still there, as text
        assert code in pages[space_id]
    assert "can be handled here" in pages["Elsewhere07"]  # the reason End is not offered
    assert 'id="open-meeting"' not in pages["Elsewhere07"]
    assert "Live now" in pages["Elsewhere07"]
    assert "Recording:" in pages["Script01"]
