"""Debian's Chromium, as the browser tests and `make screenshots` launch it (no Playwright browser download).

Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
"""

from __future__ import annotations

import os

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
