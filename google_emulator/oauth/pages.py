"""The HTML of Google's browser sign-in, as the emulator shows it: the consent page and the error pages.

Plain and accessible: one heading per page, labelled controls in fieldsets, native radio buttons, checkboxes and
buttons (keyboard usable as they are), no script and no inline style; the stylesheet is `CONSENT_CSS`, served at
`STYLESHEET_PATH`.
"""

from __future__ import annotations

from html import escape

from google_emulator.core.identity import User
from google_emulator.oauth.state import AuthorizationRequest

AUTHORIZE_PATH = "/o/oauth2/v2/auth"
STYLESHEET_PATH = "/o/oauth2/v2/consent.css"

CONSENT_CSS = """\
body { font-family: system-ui, sans-serif; margin: 0; background: #f1f3f4; color: #202124; line-height: 1.5; }
main { max-width: 40rem; margin: 2rem auto; background: #fff; border: 1px solid #dadce0; border-radius: 8px;
       padding: 1.5rem 2rem; }
h1 { font-size: 1.5rem; margin-top: 0; }
.emulator { font-size: 0.85rem; color: #5f6368; }
fieldset { border: 1px solid #dadce0; border-radius: 6px; margin: 1rem 0; padding: 0.75rem 1rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.choice { display: block; padding: 0.35rem 0; }
.choice small { display: block; color: #5f6368; margin-left: 1.6rem; }
.required { list-style: none; padding: 0; margin: 0 0 0.5rem; }
.required li { padding: 0.35rem 0; }
.error { color: #b3261e; font-weight: 600; }
.actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.5rem 1.5rem; border-radius: 4px; border: 1px solid #dadce0; background: #fff;
         cursor: pointer; }
button.allow { background: #1a73e8; border-color: #1a73e8; color: #fff; }
button:focus-visible, input:focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
code { word-break: break-all; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET_PATH}">\n'
        "</head>\n<body>\n<main>\n"
        f"{body}"
        '<p class="emulator">Google emulator — for demos and tests, not Google.</p>\n'
        "</main>\n</body>\n</html>\n"
    )


def error_page(status: int, error: str, message: str, details: dict[str, str] | None = None) -> str:
    """Google's "Access blocked" page: `Error 400: redirect_uri_mismatch` and the request details."""
    rows = "".join(
        f"<dt>{escape(name)}</dt><dd><code>{escape(value)}</code></dd>\n" for name, value in (details or {}).items()
    )
    body = (
        "<h1>Access blocked: this app's request is invalid</h1>\n"
        f'<p class="error" role="alert">Error {status}: {escape(error)}</p>\n'
        f"<p>{escape(message)}</p>\n"
    )
    if rows:
        body += f"<h2>Request details</h2>\n<dl>\n{rows}</dl>\n"
    return _page(f"Error {status}: {error}", body)


def consent_page(
    pending: AuthorizationRequest,
    app_name: str,
    users: list[User],
    required: list[tuple[str, str]],
    optional: list[tuple[str, str]],
    chosen_user: str | None,
    ticked: set[str],
    problem: str | None = None,
) -> str:
    """The account chooser and Google's granular consent: required scopes listed, optional ones each a checkbox."""
    accounts = []
    for user in users:
        checked = " checked" if chosen_user and user.email.lower() == chosen_user.lower() else ""
        control_id = f"account-{user.user_id}"
        accounts.append(
            f'<label class="choice" for="{control_id}"><input type="radio" id="{control_id}" name="account" '
            f'value="{escape(user.email)}" required{checked}> {escape(user.display_name)} '
            f"<small>{escape(user.email)}</small></label>\n"
        )
    if not users:
        accounts.append("<p>This emulated Google has no users yet: seed some first.</p>\n")
    required_items = "".join(
        f"<li><strong>{escape(label)}</strong> <small><code>{escape(scope)}</code></small></li>\n"
        for scope, label in required
    )
    optional_items = []
    for index, (scope, label) in enumerate(optional):
        checked = " checked" if scope in ticked else ""
        control_id = f"scope-{index}"
        optional_items.append(
            f'<label class="choice" for="{control_id}"><input type="checkbox" id="{control_id}" name="scope" '
            f'value="{escape(scope)}"{checked}> {escape(label)} <small><code>{escape(scope)}</code></small></label>\n'
        )
    body = f"<h1>Sign in to {escape(app_name)}</h1>\n"
    if problem:
        body += f'<p class="error" role="alert">{escape(problem)}</p>\n'
    body += (
        f'<form method="post" action="{AUTHORIZE_PATH}">\n'
        f'<input type="hidden" name="request" value="{escape(pending.request_id)}">\n'
        "<fieldset>\n<legend>Choose an account</legend>\n"
        f"{''.join(accounts)}</fieldset>\n"
        f"<fieldset>\n<legend>{escape(app_name)} wants to access your Google Account</legend>\n"
    )
    if required_items:
        body += f'<p>Always shared when you allow:</p>\n<ul class="required">\n{required_items}</ul>\n'
    if optional_items:
        body += "<p>Select what this app can access:</p>\n" + "".join(optional_items)
    body += (
        "</fieldset>\n"
        f"<p>Allowing sends you back to <code>{escape(pending.redirect_uri)}</code>.</p>\n"
        '<div class="actions">\n'
        '<button type="submit" name="decision" value="allow" class="allow">Allow</button>\n'
        '<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>\n'
        "</div>\n</form>\n"
    )
    return _page(f"Sign in to {app_name}", body)
