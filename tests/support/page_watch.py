"""Watching what a space's page shows over time, in the browser: every state the outcome line went through and what
the rest of the page said beside it, so a test can tell that nothing contradicted the outcome even for a moment.

A MutationObserver (added before any page script runs) takes a snapshot whenever the page changes; Python reads the
list once the action has settled. Playwright injects it past the page's Content-Security-Policy.
"""

from __future__ import annotations

from playwright.sync_api import Page

SNAPSHOTS = r"""
(() => {
  const seen = [];
  window.__pageSnapshots = seen;
  const text = (selector) => {
    const found = document.querySelector(selector);
    return found ? found.innerText.replace(/\s+/g, " ").trim() : null;
  };
  const look = () => {
    const state = document.querySelector("#outcome-text .badge");
    const snapshot = {
      state: state ? state.textContent.trim() : null,
      outcome: text("#outcome-text"),
      live: text("#live-conference"),
      endButton: document.querySelector("#end-conference") !== null,
      settings: text("#space-settings"),
      actions: Array.from(document.querySelectorAll("#space-operations .badge")).map((s) => s.textContent.trim()),
    };
    const last = seen[seen.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(snapshot)) seen.push(snapshot);
  };
  document.addEventListener("DOMContentLoaded", () => {
    look();
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
})();
"""


def watch_pages(page: Page) -> None:
    """From the next page on, keep snapshots of each page the browser opens (each page its own list)."""
    page.add_init_script(SNAPSHOTS)


def snapshots(page: Page) -> list[dict]:
    """What the current page showed, in order, since it loaded."""
    return page.evaluate("() => window.__pageSnapshots || []")


def states_shown(page: Page) -> list[str]:
    """The outcome line's states, in order, without repeats."""
    states = [snapshot["state"] for snapshot in snapshots(page) if snapshot["state"]]
    return [state for number, state in enumerate(states) if number == 0 or states[number - 1] != state]
