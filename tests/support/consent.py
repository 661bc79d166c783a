"""Reading and answering the emulator's Google consent page over real HTTP, as a person with a browser would."""

from __future__ import annotations

import base64
import hashlib
import secrets
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class ConsentPage(HTMLParser):
    """The consent form: where it posts, its hidden fields, the accounts offered and the optional scopes."""

    def __init__(self, html: str, url: str) -> None:
        super().__init__()
        self.url = url
        self.action = ""
        self.hidden: dict[str, str] = {}
        self.accounts: list[str] = []
        self.preselected_account: str | None = None
        self.optional_scopes: list[str] = []
        self.ticked_scopes: set[str] = set()
        self.buttons: dict[str, str] = {}  # decision value -> button text
        self.headings: list[str] = []
        self.labels_for: set[str] = set()
        self.input_ids: set[str] = set()
        self._in = ""
        self._button_value = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.action = urljoin(self.url, attributes.get("action", ""))
        elif tag == "label" and "for" in attributes:
            self.labels_for.add(attributes["for"])
        elif tag == "input":
            kind, name, value = attributes.get("type"), attributes.get("name"), attributes.get("value", "")
            if "id" in attributes:
                self.input_ids.add(attributes["id"])
            if kind == "hidden":
                self.hidden[name or ""] = value
            elif kind == "radio" and name == "account":
                self.accounts.append(value)
                if "checked" in attributes:
                    self.preselected_account = value
            elif kind == "checkbox" and name == "scope":
                self.optional_scopes.append(value)
                if "checked" in attributes:
                    self.ticked_scopes.add(value)
        elif tag == "button" and attributes.get("name") == "decision":
            self._in, self._button_value = "button", attributes.get("value", "")
            self.buttons[self._button_value] = ""
        elif tag in ("h1", "h2"):
            self._in = "heading"
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("button", "h1", "h2"):
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "button":
            self.buttons[self._button_value] += data.strip()
        elif self._in == "heading":
            self.headings[-1] += data

    def answer(
        self, *, account: str | None = None, scopes: list[str] | None = None, decision: str = "allow"
    ) -> list[tuple[str, str]]:
        """The form as submitted: the account (default: the preselected one), the ticked optional scopes (default:
        those ticked on the page), and the button pressed."""
        data = list(self.hidden.items())
        chosen = account if account is not None else self.preselected_account
        if chosen:
            data.append(("account", chosen))
        for scope in self.ticked_scopes if scopes is None else scopes:
            data.append(("scope", scope))
        data.append(("decision", decision))
        return data


def open_consent_page(session: requests.Session, authorize_url: str) -> ConsentPage:
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 200, response.text
    return ConsentPage(response.text, response.url)


def answer_consent(
    session: requests.Session,
    page: ConsentPage,
    *,
    account: str | None = None,
    scopes: list[str] | None = None,
    decision: str = "allow",
) -> requests.Response:
    """Posts the consent form; the answer is the emulator's redirect back to the app (not followed)."""
    return session.post(
        page.action,
        data=page.answer(account=account, scopes=scopes, decision=decision),
        allow_redirects=False,
        timeout=10,
    )


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge
