"""Click to Google: from the POST that ends a conference (or changes a setting) to the emulator receiving the call.

Each action goes through the real view (with the form's CSRF token), a real idle Celery worker and the real
emulator; the emulator's call log has the wall-clock time each call arrived. Actions take turns among several owners
so that Google's per-user write quota (and meetadmin's pacing of it) never delays a click: this measures the path,
not the quota. The next action starts only when the previous Operation has settled, so the worker is idle.

`python -m bench.click [--actions N --owners N]`
"""

from __future__ import annotations

import argparse
import http.client
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from bench import report
from bench.load import percentile
from bench.stack import Stack
from embedded.waiting import wait_for

TARGET_P95_MS = 300.0
PROJECT = "meetadmin-demo"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class FormValues(HTMLParser):
    """The values a browser would send for a form's selects and hidden inputs, as the page shows them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "select":
            self._select = attributes.get("name")
            self.values.setdefault(self._select or "", "")
        elif tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.values[attributes["name"] or ""] = attributes.get("value") or ""
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


@dataclass
class Browser:
    """One signed-in person's keep-alive connection, with cookies, like a browser tab."""

    base_url: str
    cookie: str

    def __post_init__(self) -> None:
        address = urlsplit(self.base_url)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        self.cookies = dict(part.split("=", 1) for part in self.cookie.split("; "))

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": self.base_url + path}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text


def prepare(stack: Stack, owners: int) -> list[tuple[str, str, str]]:
    """Owners with a Google grant and a space made by meetadmin's project: (email, space id, session cookie)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.google_grants import grant_store
    from accounts.models import MEET_SCOPES
    from bench.seed import session_cookie
    from spaces.models import Space

    emails = [f"clicker{number:02d}@example.com" for number in range(owners)]
    stack.control.seed(
        {
            "users": [{"email": email} for email in [*emails, "guest@example.com"]],
            "oauthClients": [
                {
                    "clientId": settings.GOOGLE_CLIENT_ID,
                    "clientSecret": settings.GOOGLE_CLIENT_SECRET,
                    "project": PROJECT,
                }
            ],
        }
    )
    people = []
    scopes = sorted(MEET_SCOPES.values())
    for email in emails:
        created = stack.control.add_space(owner=email, project=PROJECT, config={"accessType": "OPEN"})
        user = get_user_model().objects.create(username=email, email=email)
        tokens = stack.control.token(email, settings.GOOGLE_CLIENT_ID, ["openid", "email", *scopes])
        claims = {"sub": f"sub-{email}", "email": email, "email_verified": True, "hd": "example.com"}
        grant_store(user=user, claims=claims, refresh_token=tokens["refresh_token"], scopes=" ".join(scopes))
        Space.objects.create(
            name=created["name"],
            owner_email=email,
            made_by_meetadmin=True,
            made_by_checked=True,
            config={"accessType": "OPEN"},
            access_type="OPEN",
            meeting_code=created.get("meetingCode", ""),
            fetched_at=timezone.now(),
        )
        people.append((email, created["name"], session_cookie(user)))
    return people


def end_conference(stack: Stack, browser: Browser, space: str) -> tuple[str, dict[str, str]]:
    from spaces.models import Space

    record = stack.control.start_conference(space, [{"email": "guest@example.com"}])
    Space.objects.filter(pk=space).update(active_conference=record["name"], active_participant_count=1)
    path = f"/{space}/end/"
    status, page = browser.request("GET", path)
    assert status == 200, f"the end confirmation answered {status}"
    # The form's hidden fields bind the End to the conference it showed, once (its one-time token).
    form = FormValues()
    form.feed(page)
    values = dict(form.values)
    values["reason"] = "benchmark"
    values["csrfmiddlewaretoken"] = CSRF_INPUT.search(page).group(1)
    return path, values


def change_setting(stack: Stack, browser: Browser, space: str) -> tuple[str, dict[str, str]]:
    path = f"/{space}/settings/"
    status, page = browser.request("GET", path)
    assert status == 200, f"the settings page answered {status}"
    form = FormValues()
    form.feed(page)
    values = dict(form.values)
    values["access_type"] = "TRUSTED" if values.get("access_type") != "TRUSTED" else "OPEN"
    values["csrfmiddlewaretoken"] = CSRF_INPUT.search(page).group(1)
    return path, values


def click(stack: Stack, browser: Browser, path: str, form: dict[str, str], method: str) -> float:
    """Posts the form, waits for Google's call and for its Operation to settle: seconds from the click to the call."""
    from spaces.models import Operation

    seen = len(stack.control.calls(method))
    latest = Operation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    clicked = time.time()
    status, _page = browser.request("POST", path, form)
    assert status == 302, f"{path} answered {status}"
    calls = wait_for(lambda: (c := stack.control.calls(method))[seen:] and c, timeout=30.0, interval=0.005, what=method)
    operation = Operation.objects.filter(pk__gt=latest, actor__isnull=False).order_by("pk").first()
    wait_for(
        lambda: Operation.objects.get(pk=operation.pk).is_settled,
        timeout=30.0,
        interval=0.005,
        what="the Operation to settle",
    )
    return calls[seen]["receivedAt"] - clicked


def measure(actions: int, owners: int, warmup: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    with Stack() as stack:
        stack.start_web()
        stack.start_worker(concurrency=2)
        people = prepare(stack, owners)
        browsers = {email: Browser(stack.web_url, cookie) for email, _space, cookie in people}
        load_before = report.load_average()
        for name, method, prepare_action in (
            ("End for everyone → endActiveConference", "meet.spaces.endActiveConference", end_conference),
            ("Change a setting → spaces.patch", "meet.spaces.patch", change_setting),
        ):
            latencies = []
            for number in range(actions + warmup):
                email, space, _cookie = people[number % len(people)]
                browser = browsers[email]
                path, form = prepare_action(stack, browser, space)
                latency = click(stack, browser, path, form, method)
                if number >= warmup:
                    latencies.append(latency)
            results[name] = latencies
        results["_machine"] = report.machine(load_before)
    return results


def render(results: dict, actions: int, owners: int) -> str:
    rows = []
    for name, latencies in results.items():
        if name.startswith("_"):
            continue
        p95 = percentile(latencies, 0.95) * 1000
        rows.append(
            [
                name,
                len(latencies),
                f"{percentile(latencies, 0.50) * 1000:.0f}",
                f"{p95:.0f}",
                f"{max(latencies) * 1000:.0f}",
                report.verdict(p95 <= TARGET_P95_MS),
            ]
        )
    return (
        f"{actions} actions of each kind after a warm-up, taking turns among {owners} owners (each with their own "
        "Google grant and a space meetadmin's project made); each click waits for the previous Operation to settle, "
        "so the worker (prefork, concurrency 2) is idle when it arrives. Time: from sending the POST to the "
        "emulator receiving Google's call (its call log's wall-clock `receivedAt`).\n\n"
        "Target: p95 ≤ 300 ms.\n\n"
        + report.table(["action", "actions", "p50 ms", "p95 ms", "max ms", "target"], rows)
        + f"\n\n{results['_machine']}\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--owners", type=int, default=10)
    parser.add_argument(
        "--warmup", type=int, default=20, help="not counted; covers each worker process's first token per owner"
    )
    options = parser.parse_args(argv)
    results = measure(options.actions, options.owners, options.warmup)
    report.write_section("click", "Click to Google", render(results, options.actions, options.owners))


if __name__ == "__main__":
    main()
