"""The facilitator's sign-in in a real browser: it survives a reload and a server restart, it
ends with "Sign out", and whatever does not open the console lands on the start page's resume
tab with a word in the workshop's language (issue 14, point 4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, expect

from facilitator.domain import Language
from facilitator.room import workshops

from .restart import Restartable
from .room import TIMEOUT_MS, Person, create_workshop, laptop


def _signin_cookies(context: BrowserContext) -> list[dict]:
    return [c for c in context.cookies() if c["name"] == workshops.SIGNIN_COOKIE]


def signin_cookie(context: BrowserContext, wait_until: Callable[..., bool]) -> dict:
    """The browser's sign-in cookie, once the page has had it set."""
    assert wait_until(lambda: _signin_cookies(context)), "the sign-in cookie was never set"
    return _signin_cookies(context)[0]


def cookie_gone(context: BrowserContext, wait_until: Callable[..., bool], why: str) -> None:
    assert wait_until(lambda: not _signin_cookies(context)), why


def on_console(host: Person) -> None:
    expect(host.button("console.sign_out")).to_be_visible(timeout=TIMEOUT_MS)


def on_resume_tab(host: Person, notice: str | None) -> None:
    """The start page, its resume tab open (and the word why, when one is said)."""
    tab = host.page.get_by_role("tab", name=host.tr("home.resume_tab"), exact=True)
    expect(tab).to_have_attribute("aria-selected", "true", timeout=TIMEOUT_MS)
    expect(host.button("resume.button")).to_be_visible()
    if notice is not None:
        host.sees(host.tr(notice))
    expect(host.button("console.sign_out")).to_have_count(0)
    expect(host.page.get_by_text("Page not found")).to_have_count(0)


def test_the_console_stays_signed_in_through_a_reload_and_a_restart_until_signed_out(
    browser, restartable: Restartable, artifacts: Path, wait_until: Callable[..., bool]
) -> None:
    """Guards point 4: before, F5 or a restart signed the facilitator out without a word, into
    Streamlit's English "Page not found"."""
    host = laptop(browser)
    addresses: list[str] = []
    host.page.context.on("request", lambda request: addresses.append(request.url))
    create_workshop(host, restartable.url, title="Kevään työpaja", organisation="Terveysasema")
    on_console(host)
    cookie = signin_cookie(host.page.context, wait_until)
    # Out of every script's reach, never sent by another site's page, and only for this app.
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    assert "kohtaamo_console" not in host.page.evaluate("document.cookie")
    token = cookie["value"].partition(".")[2]
    assert len(token) >= 24

    host.page.reload()
    on_console(host)
    host.page.goto(f"{restartable.url}/console")
    on_console(host)

    restartable.stop()
    restartable.start()
    host.page.reload()
    on_console(host)
    host.page.screenshot(path=artifacts / "signin-console-after-restart.png")

    host.button("console.sign_out").click()
    on_resume_tab(host, "signin.signed_out")
    host.page.screenshot(path=artifacts / "signin-signed-out.png")
    cookie_gone(host.page.context, wait_until, "signing out left the cookie in the browser")
    host.page.reload()
    on_resume_tab(host, None)
    host.page.goto(f"{restartable.url}/console")
    on_resume_tab(host, "signin.needed")

    # The secret was in no address the browser asked for, nor in the server's log.
    assert any(workshops.SIGNIN_ROUTE in address for address in addresses)
    assert not [address for address in addresses if token in address]
    assert token not in restartable.log_text()


def test_a_stolen_console_address_opens_the_start_page_in_another_browser(
    browser, restartable: Restartable, artifacts: Path, wait_until: Callable[..., bool]
) -> None:
    """Guards point 4: /console in a browser that never signed in is the start page's resume
    tab with a word in Finnish, not the console and not Streamlit's English "Page not found"."""
    host = laptop(browser)
    create_workshop(host, restartable.url, title="Työpaja", organisation="Asema")
    on_console(host)
    signin_cookie(host.page.context, wait_until)

    thief = laptop(browser)
    thief.page.goto(host.page.url)  # the address bar as the facilitator's laptop shows it
    expect(thief.button("home.join_button")).to_be_visible(timeout=TIMEOUT_MS)
    expect(thief.button("console.sign_out")).to_have_count(0)
    thief.page.goto(f"{restartable.url}/console")
    on_resume_tab(thief, "signin.needed")
    thief.page.screenshot(path=artifacts / "signin-stolen-address.png")


def test_a_cookie_for_another_workshop_or_a_revoked_one_opens_nothing(
    browser, restartable: Restartable, wait_until: Callable[..., bool]
) -> None:
    """Guards point 4: a sign-in names its workshop; changing the number does not open another
    one, and the refusal is said on the resume tab in the workshop's language."""
    host = laptop(browser)
    create_workshop(host, restartable.url, title="Ensimmäinen", organisation="A")
    cookie = signin_cookie(host.page.context, wait_until)
    other = laptop(browser)
    create_workshop(other, restartable.url, title="Toinen", organisation="B", lang=Language.EN)
    other_id = int(signin_cookie(other.page.context, wait_until)["value"].partition(".")[0])

    token = cookie["value"].partition(".")[2]
    forged = {**cookie, "value": f"{other_id}.{token}"}
    visitor = laptop(browser)
    visitor.page.context.add_cookies([forged])
    visitor.page.goto(restartable.url)
    # The cookie names the English workshop: its refusal is in English.
    visitor.lang = Language.EN
    on_resume_tab(visitor, "signin.invalid")
    # The refused cookie is cleared, so the next visit is a plain start page.
    cookie_gone(visitor.page.context, wait_until, "a refused cookie stayed in the browser")
    assert re.search(r"[?&]tab=resume", visitor.page.url)


def test_an_expired_sign_in_is_refused_with_a_word_on_the_resume_tab(
    browser, tmp_path: Path, wait_until: Callable[..., bool]
) -> None:
    """Guards point 4: a sign-in past its lifetime (KOHTAAMO_SIGNIN_HOURS, here 18 seconds)
    opens nothing, and the facilitator is told it expired, in the workshop's language."""
    app = Restartable(tmp_path, env={workshops.SIGNIN_HOURS_ENV: "0.005"})
    app.start()
    try:
        host = laptop(browser)
        create_workshop(host, app.url, title="Lyhyt", organisation="Asema")
        on_console(host)
        signin_cookie(host.page.context, wait_until)
        host.page.reload()
        on_console(host)
        host.page.wait_for_timeout(19_000)  # the sign-in's own 18 seconds run out
        host.page.reload()
        on_resume_tab(host, "signin.expired")
        cookie_gone(host.page.context, wait_until, "the expired cookie stayed in the browser")
    finally:
        app.stop()
    assert "Traceback" not in app.log_text()
