"""`make screenshots`: PNGs of the main pages into docs/screenshots/, taken in Debian's Chromium from a real demo.

Runs `make demo`'s runner (embedded/demo.py) in a temporary var folder on free ports, so it never touches the demo's
data or a demo already running; signs in through the emulator's consent page as alice (an owner), bob (helpdesk)
and carol (IT admin), and photographs what they see. Stops everything it started, also on failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from embedded.servers import free_port
from tests.browser.chromium import CHROMIUM_PATH, LAUNCH_ARGS

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screenshots"
VIEWPORT = {"width": 1200, "height": 640}
PHONE = {"width": 390, "height": 844}


class RunningDemo:
    """`python -m embedded.demo` in a temporary var folder, on free ports, its output in a log file."""

    def __init__(self) -> None:
        self.var = Path(tempfile.mkdtemp(prefix="meetadmin-screenshots-"))
        self.web_port, self.emulator_port, self.redis_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.web_port}"
        self.emulator_url = f"http://127.0.0.1:{self.emulator_port}"
        self.log = self.var / "demo.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> RunningDemo:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "GOOGLE_EMULATOR_URL", "MEET_API_URL", "GOOGLE_TOKEN_URI"}
        }
        env.update(
            MEETADMIN_VAR_DIR=str(self.var / "var"),
            DEMO_PORT=str(self.web_port),
            EMULATOR_PORT=str(self.emulator_port),
            DEMO_REDIS_PORT=str(self.redis_port),
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "embedded.demo"],
            cwd=REPO,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while b"meetadmin is running." not in self.log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise SystemExit(f"the demo did not start; its log:\n{self.log.read_text()[-4000:]}")
            time.sleep(0.25)
        return self

    def __exit__(self, *_exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # the demo's own Ctrl-C path stops its children
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.var, ignore_errors=True)


def sign_in(page: Page, demo: RunningDemo, email: str, *, shoot_consent: bool = False) -> None:
    page.goto(demo.url + "/")
    page.get_by_role("button", name="Sign in with Google").click()
    page.wait_for_url(f"{demo.emulator_url}/o/oauth2/v2/auth**")
    page.get_by_role("radio", name=re.compile(re.escape(email))).check()
    if shoot_consent:
        shoot(page, "consent")
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(demo.url + "/**")


def shoot(page: Page, name: str, *, keep_focus: bool = False) -> None:
    if not keep_focus:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
    path = OUT / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    print(f"  {path.relative_to(REPO)}", flush=True)


LIVE_SPACE = "spaces/AliceLive003"  # the demo's running call (embedded/demo seed): dave, a guest and a phone
LIVE_LINK = "https://meet.google.com/liv-ecal-lnw"


def alice_owner(browser: Browser, demo: RunningDemo) -> None:
    # Her browser is in Paris: meetadmin takes the zone from it, and shows times in it.
    page = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/Paris").new_page()
    page.goto(demo.url + "/")
    shoot(page, "welcome")
    sign_in(page, demo, "alice@example.com", shoot_consent=True)
    # Her inventory fills in from her meetings; the recent actions follow the discovery until it is done.
    page.get_by_role("link", name="Reload to see your spaces as they are now").click(timeout=60_000)
    expect(page.get_by_role("table", name="Spaces you own")).to_be_visible()
    shoot(page, "home")
    page.set_viewport_size(PHONE)  # the same page on a phone: the header stacks, the table scrolls inside itself
    shoot(page, "home-phone")
    page.set_viewport_size(VIEWPORT)

    page.get_by_role("table", name="Spaces you own").get_by_role("link", name=LIVE_SPACE).click()
    expect(page.locator("#live-participants")).to_contain_text("Dave", timeout=60_000)
    shoot(page, "space")
    page.get_by_role("link", name="End for everyone…").click()
    expect(page.get_by_role("button", name="End the conference for everyone")).to_be_visible()
    shoot(page, "end-confirm")  # she does not confirm: bob ends it below, from a ticket

    page.get_by_role("contentinfo").get_by_role("link", name="Change time zone").click()
    expect(page.get_by_role("main")).to_contain_text("Europe/Paris")
    page.get_by_role("combobox", name="Time zone").focus()
    shoot(page, "time-zone", keep_focus=True)
    page.context.close()


def bob_helpdesk(browser: Browser, demo: RunningDemo) -> None:
    page = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/Paris").new_page()
    sign_in(page, demo, "bob@example.com")
    page.get_by_label("Paste a meeting link, code or space id").fill(LIVE_LINK)
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(f"**/{LIVE_SPACE}/", timeout=60_000)
    expect(page.locator("#live-participants")).to_contain_text("Dave", timeout=60_000)
    shoot(page, "helpdesk-paste-result")
    page.get_by_role("link", name="End for everyone…").click()
    page.get_by_label("Reason (required)").fill("Ticket 4711: the call is stuck, the owner is away")
    page.get_by_role("button", name="End the conference for everyone").click()
    expect(page.locator("#outcome")).to_contain_text("The conference was ended for everyone.", timeout=60_000)
    expect(page.locator("#live-conference")).to_contain_text("No conference is running.", timeout=60_000)
    shoot(page, "helpdesk-ended", keep_focus=True)
    page.context.close()


def carol_it_admin(browser: Browser, demo: RunningDemo) -> None:
    page = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/Paris").new_page()
    sign_in(page, demo, "carol@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bulk import").click()
    page.get_by_label("E-mail addresses").fill("alice@example.com\ncharlie@example.com\ndave@example.com")
    shoot(page, "import")
    page.get_by_role("button", name="Start the import").click()
    expect(page.locator("#import-status")).to_contain_text("Finished", timeout=60_000)
    shoot(page, "import-progress")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").select_option(label="End the conference")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("table")).to_contain_text("Ticket 4711")
    shoot(page, "audit")
    page.context.close()


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    if not Path(CHROMIUM_PATH).exists():
        raise SystemExit(f"Chromium is not at {CHROMIUM_PATH}: run `make chromium` or set CHROMIUM_PATH")
    OUT.mkdir(parents=True, exist_ok=True)
    with RunningDemo() as demo, sync_playwright() as playwright:
        print(f"demo at {demo.url}; writing screenshots:", flush=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=LAUNCH_ARGS)
        try:
            alice_owner(browser, demo)
            bob_helpdesk(browser, demo)
            carol_it_admin(browser, demo)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
