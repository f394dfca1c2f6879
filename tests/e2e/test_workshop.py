"""The whole method in real browsers, as a room would run it: a facilitator's laptop, the
projector and four phones, from creating the workshop to the change plan and the documents.

Screenshots of every step on a phone, the projector and the console land in artifacts/, and
every page is checked with axe-core on the way.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
from playwright.sync_api import expect

from facilitator.domain import Kind, Language, Role, Step, Viewpoint
from facilitator.steps import targets

from .room import (
    TIMEOUT_MS,
    Person,
    add_table_row,
    assert_accessible,
    assert_fits,
    assert_no_streamlit_english,
    assert_tappable,
    ballot_of,
    change_dots,
    choose,
    confirm_key_items,
    create_workshop,
    dots_on,
    join,
    join_link_on,
    laptop,
    next_step,
    observe,
    open_kind,
    phone,
    previous_step,
    projector,
    sees_sent_ballot,
    snap,
    toggle,
    vote,
)

FI, EN = Language.FI, Language.EN
S, W = Kind.STRENGTH, Kind.WEAKNESS

BRAND = "Brändilupaus asiantuntevasta palvelusta näkyy myymälässä"
RUSH = "Kiireessä strategian lupaus unohtuu"
KNOW = "Myyjät tuntevat tuotteet hyvin"
WAIT = "Ruuhkassa asiakas jää odottamaan ilman katsetta"
GREET = "Asiakkaat kehuvat ystävällistä tervehdystä"
QUEUE = "Palautteessa moititaan jonotusta kassalla"
# The longest observation there can be: 280 characters and not one space to wrap at.
LONG = ("Asiakaskokemuksenkehittämisehdotus" * 9)[:280]

PROPOSAL = "Jokainen asiakas huomataan kymmenessä sekunnissa"
MODEL_NAME = "Testikaupan tapa"
PROMISE = "Jokainen asiakas huomataan ja saa sopivan ratkaisun."
COACH = "Anna Virtanen"


def room_of_phones(browser, devices, link: str) -> dict[str, Person]:
    """Four phones join by the projector's link; the Galaxy reads the workshop in English."""
    people = {
        "boss": phone(browser, devices, "iPhone 13", Role.MANAGEMENT, FI),
        "clerk": phone(browser, devices, "Pixel 7", Role.FRONTLINE, FI),
        "cashier": phone(browser, devices, "iPhone SE", Role.FRONTLINE, FI),
        "guest": phone(browser, devices, "Galaxy S9+", Role.OTHER, FI),
    }
    join(people["boss"], link)
    join(people["clerk"], link)
    join(people["cashier"], link, name="Sanna")
    join(people["guest"], link, switch_to=EN)
    return people


def check_step(step: str, artifacts: Path, host: Person, screen: Person, *phones: Person) -> None:
    """Screenshots of the step on the console, the projector and the phones; axe on each, and
    neither a sideways overflow nor Streamlit's English where a parameter keeps it away; on the
    phones, nothing to tap under 44 px high."""
    snap(host, artifacts, f"console-{step}")
    snap(screen, artifacts, f"projector-{step}", whole=False)
    for person in phones:
        suffix = "" if person is phones[0] else f"-{person.device.replace(' ', '-').lower()}"
        snap(person, artifacts, f"phone-{step}{suffix}")
    for person, where in [(host, "console"), (screen, "projector")] + [
        (p, f"phone ({p.device})") for p in phones
    ]:
        assert_accessible(person, f"{where}, {step}")
        assert_fits(person, f"{where}, {step}")
        assert_no_streamlit_english(person, f"{where}, {step}")
    for person in phones:
        assert_tappable(person, f"phone ({person.device}), {step}")


def download(host: Person, name: str, folder: Path) -> docx.Document:
    with host.page.expect_download(timeout=TIMEOUT_MS) as event:
        host.page.get_by_role("button", name=name).click()
    saved = folder / event.value.suggested_filename
    event.value.save_as(saved)
    return docx.Document(str(saved))


def text_of(document: docx.Document) -> str:
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_room_runs_the_whole_method_from_observations_to_the_change_plan(
    browser, devices, app_url, artifacts, tmp_path
):
    # Lobby: the facilitator creates the workshop, the projector shows the QR code and its link.
    host = laptop(browser)
    code = create_workshop(host, app_url, title="Kohtaamisen malli", organisation="Testikauppa")
    screen = projector(browser, app_url, code, FI)
    link = join_link_on(screen)
    people = room_of_phones(browser, devices, link)
    boss, clerk, cashier, guest = people.values()
    screen.sees(screen.tr("projector.joined", n=4))
    cashier.sees(cashier.tr("phone.you_are", who="Asiakaspalvelu · Sanna"))
    guest.sees(guest.tr("phone.you_are", who="Other"))
    check_step("lobby", artifacts, host, screen, cashier)

    # Step 1: observations from three viewpoints reach the projector without a reload.
    next_step(host, Step.OBSERVE)
    for person in people.values():
        person.sees_step(Step.OBSERVE)
    observe(boss, S, Viewpoint.STRATEGY, BRAND)
    observe(boss, W, Viewpoint.STRATEGY, RUSH)
    observe(clerk, S, Viewpoint.EXPERIENCE, KNOW)
    observe(clerk, W, Viewpoint.EXPERIENCE, WAIT)
    observe(cashier, W, Viewpoint.FEEDBACK, QUEUE)
    observe(guest, S, Viewpoint.FEEDBACK, GREET)
    observe(guest, S, Viewpoint.FEEDBACK, LONG)
    for text in (BRAND, RUSH, KNOW, WAIT, QUEUE, GREET, LONG):
        screen.sees(text)
    clerk.sees(clerk.tr("observe.mine", n=2))
    # The long one breaks inside its card on the projector's grid and in the phone's own list.
    assert_fits(screen, "projector, observe, a 280-character word", LONG)
    assert_fits(guest, "phone, observe, a 280-character word", LONG)
    check_step("observe", artifacts, host, screen, cashier, guest)

    # Step 2: dot ballots, hidden on the projector until the facilitator reveals them.
    next_step(host, Step.IDENTIFY)
    for person in people.values():
        person.sees_step(Step.IDENTIFY)
    vote(boss, {S: {BRAND: 3, KNOW: 2}, W: {RUSH: 3, WAIT: 2}})
    vote(clerk, {S: {KNOW: 3, GREET: 2}, W: {WAIT: 3, QUEUE: 2}})
    vote(cashier, {W: {WAIT: 2, QUEUE: 3}})
    vote(guest, {S: {GREET: 1, KNOW: 1, LONG: 1}})
    # Every phone has voted: the results wait for the facilitator, and the screen says so.
    screen.sees(screen.tr("projector.all_voted"))

    # A phone reloads: the same person, the same dots, no new participant.
    clerk.page.reload()
    clerk.sees_step(Step.IDENTIFY)
    sees_sent_ballot(clerk, {S: {KNOW: 3, GREET: 2}, W: {WAIT: 3, QUEUE: 2}})
    change_dots(clerk)
    open_kind(clerk, W)
    none_left = clerk.tr("vote.dots_left", left=0, budget=5)
    expect(ballot_of(clerk).get_by_role("tabpanel").get_by_text(none_left)).to_be_visible()
    assert [dots_on(clerk, text) for text in (WAIT, QUEUE, RUSH)] == [3, 2, 0]
    screen.sees(screen.tr("projector.joined", n=4))
    people_metric = host.page.get_by_test_id("stMetric").filter(
        has_text=host.tr("console.participants")
    )
    expect(people_metric).to_contain_text("4", timeout=TIMEOUT_MS)

    toggle(host, "console.results_visible", on=True)
    expect(screen.page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=TIMEOUT_MS)
    confirm_key_items(host, S, [KNOW, BRAND])
    confirm_key_items(host, W, [WAIT, RUSH])
    host.tab(host.tr("identify.results_tab"))
    expect(host.page.get_by_test_id("stVegaLiteChart")).to_have_count(4, timeout=TIMEOUT_MS)
    # The long one on a ballot, and as a bar of the projector's chart (check_step sees the chart).
    open_kind(clerk, S)
    assert_fits(clerk, "phone, identify, a 280-character word", LONG)
    check_step("identify", artifacts, host, screen, clerk)

    # Step 3: a preset, a phone's suggestions, and the facilitator's placements.
    next_step(host, Step.ORDER)
    cashier.sees_step(Step.ORDER)
    cashier.sees(cashier.tr("order.preparing"))
    host.button("order.apply").click()
    host.sees(host.tr("order.preset_applied"))
    phases = {"1. Huomiointi": (BRAND, WAIT), "4. Ehdottaminen": (KNOW, RUSH)}
    for phase, items in phases.items():
        for text in items:
            group = cashier.page.get_by_role("radiogroup", name=f"Vaihe: {text}")
            group.get_by_text(phase, exact=True).click()
    cashier.button("order.suggest_submit").click()
    cashier.sees(cashier.tr("order.suggest_saved"))
    screen.sees(screen.tr("order.suggesters", n=1))

    place = host.tab(host.tr("order.place_tab"))
    host.button("order.refresh").click()
    host.sees(host.tr("order.refreshed"))  # the suggested phases are filled in
    for phase, items in phases.items():
        for text in items:
            box = place.get_by_role("combobox", name=f"Vaihe: {text}")
            choose(host, box, re.compile("^" + re.escape(phase)))
    place.get_by_role("button", name=host.tr("order.save_placements")).click()
    host.sees(host.tr("order.placements_saved"))
    # Saving keeps the facilitator on the Placement tab.
    expect(place.get_by_text(host.tr("order.placed", placed=4, total=4))).to_be_visible(
        timeout=TIMEOUT_MS
    )

    # Back a step and forward again: the key items and the placements are all still there.
    previous_step(host, Step.IDENTIFY)
    clerk.sees_step(Step.IDENTIFY)
    keys = host.tab(host.tr("identify.keys_tab"))
    expect(keys.get_by_text(host.tr("identify.confirmed", n=2))).to_have_count(2)
    next_step(host, Step.ORDER)
    clerk.sees_step(Step.ORDER)
    place = host.tab(host.tr("order.place_tab"))
    expect(place.get_by_text(host.tr("order.placed", placed=4, total=4))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(
        cashier.page.get_by_role("radiogroup", name=f"Vaihe: {WAIT}").get_by_role(
            "radio", name="1. Huomiointi"
        )
    ).to_be_checked(timeout=TIMEOUT_MS)
    toggle(host, "console.results_visible", on=True)  # step 2 hid them again
    expect(screen.page.get_by_test_id("stVegaLiteChart")).to_have_count(1, timeout=TIMEOUT_MS)
    check_step("order", artifacts, host, screen, cashier)

    # Step 4: a proposal from a phone, votes from others, the agreed targets with behaviours.
    next_step(host, Step.TARGET)
    boss.sees_step(Step.TARGET)
    boss.page.get_by_role("textbox", name=boss.tr("target.propose_text")).fill(PROPOSAL)
    # Typed, and the field's limit is said under it in Finnish (no max_chars, which cuts a paste
    # silently), with no "Press ⌘+Enter" in English.
    boss.sees(boss.tr("ui.limit", n=targets.MAX_PROPOSAL))
    expect(boss.page.get_by_test_id("InputInstructions").filter(has_text="Press")).to_have_count(0)
    boss.button("target.propose_submit").click()
    boss.sees(boss.tr("target.proposed"))
    for person in (clerk, guest):
        person.sees_step(Step.TARGET)
        # Offered without a reload; a phone that reached the step after the proposal lists it.
        listed = person.page.get_by_text(PROPOSAL, exact=True)
        offered = person.button("phone.show_new")
        expect(listed.or_(offered).first).to_be_visible(timeout=TIMEOUT_MS)
        if not listed.first.is_visible():
            offered.click()
        card = person.page.get_by_test_id("stVerticalBlock").filter(
            has=person.page.get_by_text(PROPOSAL, exact=True)
        )
        card.last.get_by_text(person.tr("target.back_this"), exact=True).click()
        person.button("target.vote_submit").click()
        person.sees(person.tr("target.my_votes", n=1, max=2))
    host.sees(host.tr("target.votes", n=2))

    first = host.page.get_by_role("tabpanel", name="1. Huomiointi")
    first.get_by_role("button", name=host.tr("target.use")).click()
    sentence = first.get_by_role("textbox", name=host.tr("target.sentence"))
    expect(sentence).to_have_value(PROPOSAL, timeout=TIMEOUT_MS)
    first.get_by_role("textbox", name=host.tr("target.behaviour", n=1)).fill(
        "Tervehdi 10 sekunnin sisällä"
    )
    first.get_by_role("textbox", name=host.tr("target.behaviour", n=2)).fill(
        "Katso asiakasta silmiin ja hymyile"
    )
    first.get_by_text(host.tr("target.fixed"), exact=True).first.click()
    first.get_by_role("button", name=host.tr("target.save")).click()
    expect(host.page.get_by_role("tab", name="✅ 1. Huomiointi")).to_be_visible(timeout=TIMEOUT_MS)

    fourth = host.tab("4. Ehdottaminen")
    fourth.get_by_role("textbox", name=host.tr("target.sentence")).fill(
        "Ehdotamme ratkaisua, joka sopii asiakkaan tarpeeseen"
    )
    fourth.get_by_role("textbox", name=host.tr("target.behaviour", n=1)).fill(
        "Kysy kaksi tarkentavaa kysymystä ennen ehdotusta"
    )
    fourth.get_by_role("button", name=host.tr("target.save")).click()
    # The save ticks the tab and keeps the facilitator on it.
    fourth = host.page.get_by_role("tabpanel", name="✅ 4. Ehdottaminen")
    expect(fourth.get_by_text(host.tr("target.saved"))).to_be_visible(timeout=TIMEOUT_MS)
    screen.sees("Tervehdi 10 sekunnin sisällä", exact=False)
    check_step("target", artifacts, host, screen, clerk)

    # Step 5: the model's name and promise; ratings and a fist of five; the critical phases.
    next_step(host, Step.CONDENSE)
    host.page.get_by_role("textbox", name=host.tr("condense.name")).fill(MODEL_NAME)
    host.page.get_by_role("textbox", name=host.tr("condense.promise")).fill(PROMISE)
    host.button("condense.save_model").click()
    host.sees(host.tr("condense.model_saved"))
    screen.sees(MODEL_NAME)
    ratings = {boss: ("can", "can", 5), clerk: ("support", "can", 4)}
    ratings |= {cashier: ("unrealistic", "support", 2), guest: ("can", "support", 3)}
    for person, (first_rating, fourth_rating, fingers) in ratings.items():
        person.sees_step(Step.CONDENSE)
        for phase, rating in (("Huomiointi", first_rating), ("Ehdottaminen", fourth_rating)):
            group = person.page.get_by_role("radiogroup", name=phase, exact=True)
            group.get_by_role("radio", name=person.tr(f"condense.rating_{rating}")).click()
        person.button("condense.rate_submit").click()
        person.sees(person.tr("condense.rated"))
        consent = person.tab(person.tr("condense.consent_tab"))
        fingers_group = consent.get_by_role("radiogroup", name=person.tr("condense.fingers"))
        fingers_group.get_by_role("radio", name=str(fingers), exact=True).click()
        send = person.tr("condense.consent_submit")
        consent.get_by_role("button", name=send, exact=True).click()
        person.sees(person.tr("condense.my_consent", n=fingers))
    screen.sees(screen.tr("condense.results_hidden", rated=4, shown=4), exact=False)
    snap(screen, artifacts, "projector-condense-model", whole=False)

    critical = host.tab(host.tr("condense.critical_tab"))
    critical.get_by_role("button", name=host.tr("condense.save_critical")).click()
    host.sees(host.tr("condense.critical_saved", phases="1. Huomiointi, 4. Ehdottaminen"))
    host.tab(host.tr("condense.achievable_tab"))
    host.sees(host.tr("condense.flagged", phase="Huomiointi"))
    toggle(host, "console.results_visible", on=True)
    screen.sees(screen.tr("condense.achievable_title"))
    check_step("condense", artifacts, host, screen, cashier)

    # The change plan: coaches and a challenge from the facilitator, an idea from a phone.
    next_step(host, Step.PLAN)
    coaching = host.tab(host.tr("plan.tab.coaches"))
    add_table_row(host, coaching.get_by_test_id("stDataFrame"), COACH)
    coaching.get_by_role("button", name=host.tr("plan.save")).click()
    screen.sees(COACH, exact=False)
    challenges = host.tab(host.tr("plan.tab.challenges"))
    challenges.get_by_role("textbox", name=host.name_of("field", "plan.risks")).first.fill(
        "Kiireessä palataan vanhaan tapaan"
    )
    challenges.get_by_role("textbox", name=host.name_of("field", "plan.actions")).first.fill(
        "Aamupalaverissa kerrataan yksi vaihe päivässä"
    )
    challenges.get_by_role("button", name=host.tr("plan.save")).click()
    expect(challenges).to_be_visible()  # a save keeps the facilitator on the tab

    idea = "Lyhyt harjoitus ennen myymälän avaamista"
    clerk.sees_step(Step.PLAN)
    prompts = clerk.page.get_by_role("radiogroup", name=clerk.tr("plan.prompt"))
    prompts.get_by_text(clerk.tr("plan.prompt.help"), exact=True).click()
    clerk.page.get_by_role("textbox", name=clerk.tr("plan.answer")).fill(idea)
    clerk.button("plan.send").click()
    clerk.sees(clerk.tr("plan.sent"))
    room = host.tab(host.tr("plan.tab.room"))
    room.get_by_text(idea, exact=True).wait_for(timeout=TIMEOUT_MS)
    room.get_by_role("button", name=host.tr("plan.take")).click()
    screen.sees(f"• {idea}")  # one text per answer on the projector, cut to a few lines
    check_step("plan", artifacts, host, screen, clerk)

    next_step(host, Step.DONE)
    for person in people.values():
        person.sees(person.tr("step.done.phone"))
    screen.sees_step(Step.DONE)  # before its screenshot: the projector follows within seconds
    check_step("done", artifacts, host, screen, guest)
    # Names stay on the phones: the projector shows roles only.
    expect(screen.page.get_by_text("Sanna")).to_have_count(0)

    # The three documents from the console, opened with python-docx.
    host.page.get_by_text(host.tr("console.downloads"), exact=True).click()
    host.button("console.prepare_downloads").click()
    names = ("model.docx", "plan.docx", "staff-card.docx")
    documents = {name: download(host, name, tmp_path) for name in names}
    for name, document in documents.items():
        assert text_of(document).strip(), f"{name} is empty"
    assert MODEL_NAME in text_of(documents["staff-card.docx"])
    assert MODEL_NAME in text_of(documents["model.docx"])
    assert COACH in text_of(documents["plan.docx"])
    assert idea in text_of(documents["plan.docx"])
    assert "Kiireessä palataan vanhaan tapaan" in text_of(documents["plan.docx"])

    snap(host, artifacts, "console-downloads")
    # Beside them the results workbook, opened with openpyxl: its sheets in Finnish.
    with host.page.expect_download(timeout=TIMEOUT_MS) as event:
        host.page.get_by_role("button", name=host.tr("console.download.results.xlsx")).click()
    saved = tmp_path / event.value.suggested_filename
    assert saved.name.endswith("-results.xlsx")
    event.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames[0] == host.tr("data.sheet.results")
    coaches = [row[0] for row in book[host.tr("data.sheet.coaches")].iter_rows(values_only=True)]
    assert coaches[0] == host.tr("field.plan.name") and COACH in coaches


def test_an_english_workshop_runs_observations_and_votes_with_two_phones(
    browser, devices, app_url, artifacts
):
    host = laptop(browser)
    code = create_workshop(
        host, app_url, title="Encounter model", organisation="Northwind Bank", lang=EN
    )
    screen = projector(browser, app_url, code, EN)
    link = join_link_on(screen)
    boss = phone(browser, devices, "iPhone 13", Role.MANAGEMENT, EN)
    teller = phone(browser, devices, "Pixel 7", Role.FRONTLINE, EN)
    join(boss, link)
    join(teller, link)
    screen.sees(screen.tr("projector.joined", n=2))

    next_step(host, Step.OBSERVE)
    teller.sees_step(Step.OBSERVE)
    observe(boss, S, Viewpoint.STRATEGY, "Advice is personal and expert")
    observe(teller, W, Viewpoint.FEEDBACK, "Customers wait too long on the phone")
    observe(teller, S, Viewpoint.EXPERIENCE, "Tellers remember regular customers")
    screen.sees("Customers wait too long on the phone")
    snap(teller, artifacts, "phone-en-observe")

    next_step(host, Step.IDENTIFY)
    boss.sees_step(Step.IDENTIFY)
    vote(boss, {S: {"Advice is personal and expert": 3, "Tellers remember regular customers": 2}})
    vote(
        teller,
        {
            S: {"Tellers remember regular customers": 3},
            W: {"Customers wait too long on the phone": 3},
        },
    )
    # Every phone has voted: the results wait for the facilitator, and the screen says so.
    screen.sees(screen.tr("projector.all_voted"))
    toggle(host, "console.results_visible", on=True)
    expect(screen.page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=TIMEOUT_MS)
    confirm_key_items(host, S, ["Tellers remember regular customers"])
    confirm_key_items(host, W, ["Customers wait too long on the phone"])
    snap(screen, artifacts, "projector-en-identify", whole=False)
    # The Finnish walk checks every step; this is the pass in English for each kind of page.
    for person, where in ((teller, "phone"), (host, "console"), (screen, "projector")):
        assert_accessible(person, f"English {where}, identify")
        assert_fits(person, f"English {where}, identify")
