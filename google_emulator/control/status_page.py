"""`GET /_emulator/`: a plain HTML page of the emulated world, for people watching a demo or debugging a test."""

from __future__ import annotations

from html import escape
from typing import Any

from google_emulator.world import World

LAST_CALLS = 50


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(headers)}"><em>none</em></td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _who(participant: dict[str, Any]) -> str:
    if "signedinUser" in participant:
        return participant["signedinUser"].get("displayName") or participant["signedinUser"].get("user", "")
    if "anonymousUser" in participant:
        return f"{participant['anonymousUser'].get('displayName', '')} (guest)"
    return f"{participant.get('phoneUser', {}).get('displayName', '')} (phone)"


def render_status_page(world: World) -> str:
    users = [
        [u.email, u.display_name, u.resource_name, "yes" if u.is_admin else ""] for u in world.directory.users.values()
    ]
    clients = [[c.client_id, c.project] for c in world.directory.clients.values()]
    accounts = [
        [a.email, a.project, "; ".join(f"{domain}: {len(scopes)} scope(s)" for domain, scopes in a.delegations.items())]
        for a in world.directory.service_accounts.values()
    ]
    spaces = []
    for space in world.spaces.spaces.values():
        active = world.conferences.active_record_name(space.name)
        people = len(world.conferences.active_participant_user_ids(space.name)) if active else 0
        spaces.append(
            [
                space.name,
                space.code,
                space.owner,
                space.project,
                f"{active} ({people} signed-in in the call)" if active else "",
                len(space.members),
            ]
        )
    live = []
    for space in world.spaces.spaces.values():
        record = world.conferences.active_record_name(space.name)
        if record:
            in_call = [p for p in world.conferences.list_participants(record, None) if "latestEndTime" not in p]
            live.append([record, space.name, space.owner, ", ".join(_who(p) for p in in_call)])
    world.harvest_reports()
    now, lag = world.now(), world.reports.lag
    audit = [
        [
            activity.resource()["id"]["time"],
            activity.event_name,
            activity.actor.get("email", ""),
            ", ".join(f"{p['name']}={next(v for k, v in p.items() if k != 'name')}" for p in activity.parameters),
            "shown" if activity.time + lag <= now else f"from {(activity.time + lag).isoformat()}",
        ]
        for activity in world.reports.all()[:LAST_CALLS]
    ]
    subscriptions = [
        [
            s.name,
            s.target,
            s.email,
            ", ".join(t.rsplit(".", 2)[-2] + "." + t.rsplit(".", 1)[-1] for t in s.event_types),
            s.topic,
            s.state + (f" ({s.suspension_reason})" if s.suspension_reason else ""),
            s.expire.isoformat(),
        ]
        for s in world.events.subscriptions.values()
    ]
    calls = [
        [
            call["time"],
            call["method"],
            call["resource"],
            call.get("user") or "",
            call.get("project") or "",
            call["status"],
            call.get("error", ""),
        ]
        for call in list(world.calls)[-LAST_CALLS:][::-1]
    ]
    sections = [
        ("Users", _table(["email", "name", "resource", "Workspace administrator"], users)),
        ("OAuth clients", _table(["client id", "project"], clients)),
        ("Service accounts", _table(["email", "project", "domain-wide delegation"], accounts)),
        (
            "Spaces",
            _table(["name", "meeting code", "owner", "created by project", "live conference", "members"], spaces),
        ),
        ("Live conferences", _table(["record", "space", "owner", "in the call now"], live)),
        (
            f"Meet audit log, Reports API (newest {LAST_CALLS}; lag {lag.total_seconds():.0f} s)",
            _table(["time", "event", "actor", "parameters", "in the API"], audit),
        ),
        (
            "Workspace Events subscriptions",
            _table(["name", "target", "authorised by", "events", "topic", "state", "expires"], subscriptions),
        ),
        (
            f"Last {LAST_CALLS} API calls (newest first)",
            _table(["time", "method", "resource", "user", "project", "status", "error"], calls),
        ),
    ]
    content = "".join(f"<h2>{escape(title)}</h2>{table}" for title, table in sections)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Google emulator</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #202124; }}
table {{ border-collapse: collapse; margin-bottom: 1.5rem; font-size: 0.9rem; }}
th, td {{ border: 1px solid #dadce0; padding: 0.3rem 0.6rem; text-align: left; }}
th {{ background: #f1f3f4; }}
</style></head>
<body><h1>Google emulator</h1>
<p>Emulated time: {escape(world.now().isoformat())}. Meet REST API at <code>/v2/</code>, Reports API at
<code>/admin/reports/v1/</code>, Workspace Events API at <code>/v1/subscriptions</code>, OAuth at <code>/token</code>,
control surface at <code>/_emulator/</code>.</p>
{content}
</body></html>
"""
