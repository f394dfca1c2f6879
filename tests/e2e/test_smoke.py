"""Smoke: a workshop created in the browser, two phones join by link, an observation goes live."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

TIMEOUT_MS = 20_000


def create_workshop(page: Page, base_url: str) -> str:
    page.goto(base_url)
    page.get_by_role("tab", name="Uusi työpaja").click()
    page.get_by_label("Työpajan nimi").fill("Kohtaamisen malli")
    page.get_by_label("Organisaatio").fill("Testikauppa Oy")
    page.get_by_role("textbox", name="Fasilitaattorin tunnuslause").first.fill("salainen-lause-123")
    page.get_by_role("button", name="Luo työpaja").click()
    return read_code(page)


def read_code(page: Page) -> str:
    link = page.get_by_text(re.compile(r"\?code=[A-Z0-9]{6}"))
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    return re.search(r"code=([A-Z0-9]{6})", link.inner_text()).group(1)


def join(page: Page, base_url: str, code: str, role: str) -> None:
    page.goto(f"{base_url}/?code={code}")
    page.get_by_text(role, exact=True).click()
    page.get_by_role("button", name="Liity työpajaan").click()
    expect(page).to_have_url(re.compile(r"[?&]p="), timeout=TIMEOUT_MS)
    expect(page.get_by_text("Olet mukana")).to_be_visible(timeout=TIMEOUT_MS)


def test_two_phones_join_and_an_observation_reaches_the_projector(
    browser, devices, app_url, artifacts
):
    laptop = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    code = create_workshop(laptop, app_url)

    iphone = browser.new_context(**devices["iPhone 13"]).new_page()
    pixel = browser.new_context(**devices["Pixel 7"]).new_page()
    join(iphone, app_url, code, "Asiakaspalvelu")
    join(pixel, app_url, code, "Johto")

    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{app_url}/projector?code={code}")
    expect(projector.get_by_text("2 liittynyt").first).to_be_visible(timeout=TIMEOUT_MS)

    laptop.get_by_role("button", name="Seuraava →").click()
    # The phones follow the facilitator without a reload.
    expect(iphone.get_by_role("heading", name="1 · Havainnoi")).to_be_visible(timeout=TIMEOUT_MS)
    expect(pixel.get_by_role("heading", name="1 · Havainnoi")).to_be_visible(timeout=TIMEOUT_MS)

    iphone.get_by_text("👎 Heikkous").click()
    iphone.get_by_text("Asiakaskokemus", exact=True).click()
    iphone.get_by_role("textbox", name="Havainto").fill(
        "Ruuhkassa asiakas jää odottamaan ilman katsetta"
    )
    iphone.get_by_role("button", name="Lähetä").click()
    expect(iphone.get_by_text("Omat havaintoni (1)")).to_be_visible(timeout=TIMEOUT_MS)

    expect(projector.get_by_text("Ruuhkassa asiakas jää odottamaan ilman katsetta")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    iphone.screenshot(path=artifacts / "smoke-phone-observe.png")
    projector.screenshot(path=artifacts / "smoke-projector-observe.png")

    # A reload keeps the same identity: still one participant per phone and the same list.
    iphone.reload()
    expect(iphone.get_by_text("Omat havaintoni (1)")).to_be_visible(timeout=TIMEOUT_MS)
    expect(projector.get_by_text("2 liittynyt").first).to_be_visible(timeout=TIMEOUT_MS)


def test_an_english_workshop_runs_in_english_on_the_laptop_and_the_phone(browser, devices, app_url):
    laptop = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    laptop.goto(app_url)
    laptop.get_by_text("English", exact=True).click()
    laptop.get_by_role("tab", name="New workshop").click()
    laptop.get_by_label("Workshop title").fill("Encounter model")
    laptop.get_by_label("Organisation").fill("Northwind Bank")
    laptop.get_by_text("English", exact=True).last.click()
    laptop.get_by_role("textbox", name="Facilitator passphrase").first.fill("a-secret-phrase")
    laptop.get_by_role("button", name="Create workshop").click()
    code = read_code(laptop)
    laptop.get_by_role("button", name="Next →").click()

    phone = browser.new_context(**devices["Pixel 7"]).new_page()
    phone.goto(f"{app_url}/?code={code}")
    phone.get_by_text("Front-line staff", exact=True).click()
    phone.get_by_role("button", name="Join the workshop").click()
    expect(phone.get_by_role("heading", name="1 · Observe")).to_be_visible(timeout=TIMEOUT_MS)
    phone.get_by_text("👍 Strength").click()
    phone.get_by_text("Customer feedback", exact=True).click()
    phone.get_by_role("textbox", name="Observation").fill("Customers praise our friendliness")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("My observations (1)")).to_be_visible(timeout=TIMEOUT_MS)
