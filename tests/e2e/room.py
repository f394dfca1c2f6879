"""The people in the room as browser actions, shared by the end-to-end tests.

Every action waits for what a person would see next (a saved message, a count, a heading), never
for a fixed time. Texts come from the catalog, so a wording change moves the tests with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from facilitator.domain import STEPS, Kind, Language, Role, Step, Viewpoint
from facilitator.language.i18n import label, t

TIMEOUT_MS = 20_000
PASSPHRASE = "salainen-lause-123"
LAPTOP = {"width": 1440, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
LINK = re.compile(r"^https?:\S+\?code=[A-Z0-9]{6}$")  # no "/": Playwright reads it as the end


def step_title(lang: Language, step: Step) -> str:
    """The heading of a step, as the pages write it: '1 · Observe'."""
    number = STEPS.index(step)
    name = t(lang, f"step.{step.value}.title")
    return f"{number} · {name}" if 0 < number < 6 else name


@dataclass(eq=False)  # one person is one browser: compared and hashed by identity
class Person:
    """One browser in the room, with the language it shows."""

    page: Page
    lang: Language
    role: Role | None = None
    device: str = "laptop"

    def tr(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)

    def name_of(self, group: str, value: object) -> str:
        return label(self.lang, group, value)

    def sees(self, text: str | re.Pattern[str], *, exact: bool = True) -> None:
        expect(self.page.get_by_text(text, exact=exact).first).to_be_visible(timeout=TIMEOUT_MS)

    def sees_step(self, step: Step) -> None:
        heading = self.page.get_by_role("heading", name=step_title(self.lang, step), exact=True)
        expect(heading).to_be_visible(timeout=TIMEOUT_MS)

    def button(self, key: str, **params: Any) -> Locator:
        return self.page.get_by_role("button", name=self.tr(key, **params), exact=True)

    def tab(self, name: str) -> Locator:
        """Opens a tab by its name and returns its panel."""
        self.page.get_by_role("tab", name=name, exact=True).click()
        panel = self.page.get_by_role("tabpanel", name=name, exact=True)
        expect(panel).to_be_visible(timeout=TIMEOUT_MS)
        return panel


# Opening the browsers ----------------------------------------------------------------------


def laptop(browser: Browser) -> Person:
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    return Person(context.new_page(), Language.FI)


def projector(browser: Browser, app_url: str, code: str, lang: Language) -> Person:
    page = browser.new_context(viewport=PROJECTOR).new_page()
    page.goto(f"{app_url}/projector?code={code}")
    screen = Person(page, lang)
    screen.sees(re.compile(re.escape(code)), exact=False)
    return screen


def phone(browser: Browser, devices: dict, device: str, role: Role, lang: Language) -> Person:
    return Person(browser.new_context(**devices[device]).new_page(), lang, role, device)


# The facilitator's first moves -------------------------------------------------------------


def create_workshop(
    host: Person, app_url: str, *, title: str, organisation: str, lang: Language = Language.FI
) -> str:
    """Creates a workshop in `lang` from the start page, shown in it; returns its join code."""
    page = host.page
    page.goto(app_url)
    if lang != host.lang:
        switch_language(host, lang)
    host.tab(host.tr("home.create_tab"))
    page.get_by_label(host.tr("create.title")).fill(title)
    page.get_by_label(host.tr("create.organisation")).fill(organisation)
    languages = page.get_by_role("radiogroup", name=host.tr("create.language"))
    languages.get_by_text(host.name_of("language", host.lang), exact=True).click()
    page.get_by_role("textbox", name=host.tr("create.passphrase")).first.fill(PASSPHRASE)
    host.button("create.button").click()
    link = page.get_by_role("link", name=LINK)
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    return link.inner_text().rsplit("=", 1)[1]


def switch_language(person: Person, lang: Language) -> None:
    """The device's own FI | EN switch."""
    name = {Language.FI: "Suomi", Language.EN: "English"}[lang]
    switch = person.page.get_by_role("radiogroup", name=person.tr("ui.language"), exact=True)
    switch.get_by_role("radio", name=name, exact=True).click()
    person.lang = lang
    expect(person.page.get_by_role("radiogroup", name=person.tr("ui.language"))).to_be_visible(
        timeout=TIMEOUT_MS
    )


def join_link_on(screen: Person) -> str:
    """The link printed under the QR code: what a phone's camera would open."""
    text = screen.page.get_by_text(LINK).first
    expect(text).to_be_visible(timeout=TIMEOUT_MS)
    return text.inner_text().strip()


def join(person: Person, link: str, *, name: str = "", switch_to: Language | None = None) -> None:
    """Opens the link, picks a role (and a name), joins, and lands in the lobby."""
    page = person.page
    page.goto(link)
    expect(person.button("join.button")).to_be_visible(timeout=TIMEOUT_MS)
    if switch_to is not None:
        switch_language(person, switch_to)
        expect(person.button("join.button")).to_be_visible(timeout=TIMEOUT_MS)
    roles = page.get_by_role("radiogroup", name=person.tr("join.role"))
    roles.get_by_text(person.name_of("role", person.role), exact=True).click()
    if name:
        page.get_by_label(person.tr("join.name")).fill(name)
    person.button("join.button").click()
    expect(page).to_have_url(re.compile(r"[?&]p="), timeout=TIMEOUT_MS)
    person.sees(person.tr("step.lobby.phone"))


def next_step(host: Person, step: Step) -> None:
    host.page.get_by_role("button", name=host.tr("console.next") + " →").click()
    host.sees_step(step)


def previous_step(host: Person, step: Step) -> None:
    host.page.get_by_role("button", name="← " + host.tr("console.back")).click()
    host.sees_step(step)


def toggle(host: Person, key: str, *, on: bool) -> None:
    switch = host.page.get_by_role("switch", name=host.tr(key))
    if switch.is_checked() != on:
        host.page.get_by_text(host.tr(key), exact=True).click()
    (expect(switch).to_be_checked if on else expect(switch).not_to_be_checked)(timeout=TIMEOUT_MS)


# Widgets that take more than a click --------------------------------------------------------


def choose(person: Person, box: Locator, option: str | re.Pattern[str]) -> None:
    """Picks an option in a select box or a multiselect, with the keyboard as Streamlit's do."""
    listbox = person.page.get_by_role("listbox")
    box.focus()
    for _ in range(3):
        # A key pressed while the box is still taking the focus can go unheard: press again.
        box.press("ArrowDown")
        try:
            expect(listbox).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            continue
    listbox.get_by_role("option", name=option, exact=isinstance(option, str)).click()
    if listbox.is_visible():  # a multiselect stays open for the next pick
        box.press("Escape")
    expect(listbox).to_be_hidden(timeout=TIMEOUT_MS)


def add_table_row(person: Person, table: Locator, first_cell: str) -> None:
    """Starts a new row in a data editor by typing its first cell on the empty row at the end."""
    page = person.page
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    # Past the row-marker column, on the empty row at the bottom. (Tab to the next cell is
    # not used: right after a row is added the grid redraws and may keep the first cell.)
    page.mouse.click(box["x"] + 60, box["y"] + box["height"] - 17)
    editor = page.locator("textarea.gdg-input")
    expect(editor).to_be_visible(timeout=TIMEOUT_MS)
    editor.fill(first_cell)
    editor.press("Enter")
    expect(editor).to_be_hidden(timeout=TIMEOUT_MS)
    # The grid is drawn on a canvas; its accessible twin holds the cells' text.
    expect(table.locator("table")).to_contain_text(first_cell, timeout=TIMEOUT_MS)


# Phones at work -----------------------------------------------------------------------------


def observe(person: Person, kind: Kind, viewpoint: Viewpoint, text: str) -> None:
    form = person.page.get_by_test_id("stForm").first
    kinds = form.get_by_role("radiogroup", name=person.tr("observe.kind"))
    kinds.get_by_text(person.name_of("kind", kind), exact=True).click()
    viewpoints = form.get_by_role("radiogroup", name=person.tr("observe.viewpoint"))
    viewpoints.get_by_text(person.name_of("viewpoint", viewpoint), exact=True).click()
    form.get_by_role("textbox", name=person.tr("observe.text")).fill(text)
    form.get_by_role("button", name=person.tr("observe.submit")).click()
    # In the person's own list: the run that draws it also draws a fresh, empty form.
    own = person.page.get_by_test_id("stText").filter(has_text=text)
    expect(own).to_be_visible(timeout=TIMEOUT_MS)


def ballot_of(person: Person) -> Locator:
    """The phone's dot ballot: one element for both kinds (pages/steps/identify/ballot.py)."""
    return person.page.locator(".stBidiComponent")


def ballot_tab(person: Person, kind: Kind) -> Locator:
    """The ballot's own tab of a kind (its name: the kind, then the dots left)."""
    name = re.compile("^" + re.escape(person.name_of("kind_plural", kind)))
    return ballot_of(person).get_by_role("tab", name=name)


def open_kind(person: Person, kind: Kind) -> Locator:
    """Opens a kind in the ballot and returns its panel."""
    ballot_tab(person, kind).click()
    panel = ballot_of(person).get_by_role("tabpanel")
    expect(panel).to_be_visible(timeout=TIMEOUT_MS)
    expect(ballot_tab(person, kind)).to_have_attribute("aria-selected", "true")
    return panel


def dots_for(person: Person, text: str) -> Locator:
    """An item's dots in the open kind: a group named by the item's text, as typed."""
    return ballot_of(person).get_by_role("group", name=text, exact=True)


def dots_on(person: Person, text: str) -> int:
    return int(dots_for(person, text).locator(".count").inner_text())


def give(person: Person, text: str, n: int) -> None:
    """Taps + or - on an item until it holds `n` dots."""
    group = dots_for(person, text)
    for _ in range(10):
        now = dots_on(person, text)
        if now == n:
            return
        name = person.tr("vote.add" if now < n else "vote.remove")
        group.get_by_role("button", name=name, exact=True).click()
        expect(group.locator(".count")).not_to_have_text(str(now), timeout=TIMEOUT_MS)
    raise AssertionError(f"{text} did not reach {n} dots")


def pick(person: Person, ballots: dict[Kind, dict[str, int]]) -> None:
    """Gives each kind's dots in the ballot, kind by kind, without sending."""
    for kind, dots in ballots.items():
        open_kind(person, kind)
        for text, n in dots.items():
            give(person, text, n)


def send_ballot(person: Person) -> None:
    ballot_of(person).get_by_role("button", name=person.tr("vote.submit"), exact=True).click()


def vote(person: Person, ballots: dict[Kind, dict[str, int]]) -> None:
    """Gives the dots of both kinds and sends them with one tap; the phone lists them."""
    pick(person, ballots)
    send_ballot(person)
    sees_sent_ballot(person, ballots)


def sees_sent_ballot(person: Person, ballots: dict[Kind, dict[str, int]]) -> None:
    """Once sent, the phone lists the ballot (every item with dots) in place of the ballot."""
    sent = person.page.get_by_test_id("stAlertContentSuccess").filter(
        has_text=person.tr("vote.saved")
    )
    expect(sent).to_be_visible(timeout=TIMEOUT_MS)
    for dots in ballots.values():
        for text, n in dots.items():
            if n:
                item = sent.get_by_role("listitem").filter(has_text=text)
                expect(item).to_have_text(f"{n} · {text}")
    given = sum(1 for dots in ballots.values() for n in dots.values() if n)
    expect(sent.get_by_role("listitem")).to_have_count(given)
    expect(ballot_of(person)).to_have_count(0)


def change_dots(person: Person) -> None:
    """Back from the sent ballot to the ballot, which starts from the dots sent."""
    person.button("vote.change").click()
    expect(ballot_of(person).get_by_role("tablist")).to_be_visible(timeout=TIMEOUT_MS)


def confirm_key_items(host: Person, kind: Kind, texts: list[str]) -> None:
    """Step 2 on the console: exactly these items become the key ones of their kind."""
    keys = host.tab(host.tr("identify.keys_tab"))
    # The picker's pills, each an item with its dots; a pressed one is chosen.
    picker = keys.locator(f".st-key-keys_{kind.value}")
    pressed = picker.locator("button[aria-pressed=true]")
    # The most-dotted items are offered when the votes came first: let them go, one tap each.
    for left in range(pressed.count(), 0, -1):
        pressed.first.click()
        expect(pressed).to_have_count(left - 1, timeout=TIMEOUT_MS)
    for n, text in enumerate(texts, start=1):
        picker.get_by_role("button", name=re.compile("^" + re.escape(text))).click()
        expect(pressed).to_have_count(n, timeout=TIMEOUT_MS)
    confirm = keys.get_by_role("button", name=host.tr("identify.confirm_keys"))
    confirm.nth(list(Kind).index(kind)).click()
    done = keys.get_by_text(host.tr("identify.confirmed", n=len(texts)))
    expect(done.nth(list(Kind).index(kind))).to_be_visible(timeout=TIMEOUT_MS)


# What the room keeps ------------------------------------------------------------------------

AXE = Axe()
# Violations inside Streamlit's own components, which no page can change: rule -> the element's
# mark in the HTML axe reports, and why it is let through.
STREAMLIT_OWN: dict[str, tuple[str, str]] = {
    "aria-dialog-name": (
        'data-testid="stToast"',
        "st.toast renders an alertdialog labelled by an id it never renders; the text inside is "
        "still read out, and the toast is not a dialog one has to act on",
    ),
}


def _ours(violation: dict) -> list[dict]:
    """The nodes of a violation that are not inside Streamlit's own components."""
    own = STREAMLIT_OWN.get(violation["id"])
    return [node for node in violation["nodes"] if own is None or own[0] not in node["html"]]


def _stale(page: Page) -> Locator:
    # Streamlit fades elements out while it reruns them; a faded element is not what people see.
    return page.locator("[data-stale='true']")


AXE_LOG: list[dict] = []


def _record(where: str, page: Page, violations: list[dict]) -> None:
    # Every violation of every impact, ours or Streamlit's, to read after a run (artifacts/).
    AXE_LOG.append(
        {
            "where": where,
            "url": page.url,
            "violations": [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "nodes": len(v["nodes"]),
                    "ours": len(_ours(v)),
                    "targets": [n["target"] for n in v["nodes"]][:5],
                }
                for v in violations
            ],
        }
    )
    folder = Path(__file__).resolve().parents[2] / "artifacts"
    folder.mkdir(exist_ok=True)
    (folder / "axe.json").write_text(json.dumps(AXE_LOG, indent=1, ensure_ascii=False))


def assert_accessible(person: Person, where: str) -> None:
    """No serious or critical axe-core violation on the page as it stands."""
    page = person.page
    # The pages' own style sheet (pages/widgets/styles.py) comes through st.html, which mounts a
    # moment after the first paint: until then captions have Streamlit's faint grey.
    page.wait_for_function(
        "() => [...document.querySelectorAll('style')]"
        ".some(s => s.textContent.includes('stCaptionContainer'))",
        timeout=TIMEOUT_MS,
    )
    for _ in range(3):
        expect(_stale(page)).to_have_count(0, timeout=TIMEOUT_MS)
        results = AXE.run(page)
        if _stale(page).count() == 0:
            break
    _record(where, page, results.response["violations"])
    found = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']} {n['html'][:200]}" for n in _ours(v))
        for v in results.response["violations"]
        if (v["impact"] in {"serious", "critical"} or v["id"] in ALSO_FAILS) and _ours(v)
    ]
    assert not found, f"{where}:\n" + "\n".join(found)


# Moderate, but a screen reader's map of the page: a heading level skipped reads as a part lost.
ALSO_FAILS = {"heading-order"}

# Streamlit's own English that a parameter keeps off our pages (the rest is listed in the
# README's "Tests"): the select boxes' placeholder, the heading links' name, Vega's name for a
# chart, a data editor's "None" in an empty cell.
FIXED_ENGLISH = ("Choose an option", "Link to heading", "Vega visualization", "None")


def assert_no_streamlit_english(
    person: Person, where: str, *, allow: frozenset[str] = frozenset()
) -> None:
    """None of the English texts that a parameter fixes, in a name, a placeholder or a cell."""
    found = person.page.evaluate(
        """(texts) => [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
            .flatMap(e => ['aria-label', 'placeholder', 'title'].map(a => e.getAttribute(a)))
            .concat([...document.querySelectorAll('[data-testid=stDataFrame] td')]
                .map(e => e.textContent.trim()))
            .filter(v => texts.includes(v))""",
        [text for text in FIXED_ENGLISH if text not in allow],
    )
    assert not found, f"{where}: {sorted(set(found))}"


_OVERFLOW_JS = """(needle) => {
  const problems = [];
  const viewport = window.innerWidth;
  const page = document.documentElement;
  if (page.scrollWidth > viewport) problems.push(`the page is ${page.scrollWidth} px wide`);
  for (const box of document.querySelectorAll('[data-testid=stMain], .block-container')) {
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${box.className.split(' ')[0]} scrolls sideways: ${box.scrollWidth} px`);
    }
  }
  // A custom component's texts (the phone's ballot) live in its shadow root.
  const ballotTexts = [...document.querySelectorAll('[data-testid=stBidiComponentIsolated]')]
    .flatMap(h => h.shadowRoot ? [...h.shadowRoot.querySelectorAll('.text')] : []);
  const holders = [...document.querySelectorAll(
    '[data-testid=stText], [data-testid=stMarkdownContainer], [data-testid=stVegaLiteChart]'
  ), ...ballotTexts].filter(e => needle === null
    || ['DIV', 'SPAN'].includes(e.tagName) && e.textContent.includes(needle)
    || e.dataset.testid === 'stVegaLiteChart');
  const shown = holders.filter(e => e.dataset.testid !== 'stVegaLiteChart'
    && e.getBoundingClientRect().width > 0);
  if (needle !== null && !shown.length) problems.push('the text is not on the screen');
  for (const e of holders) {
    const own = e.getBoundingClientRect();
    if (own.width === 0) continue;  // in a closed tab or expander
    const name = `${e.dataset.testid || e.className} "${e.textContent.slice(0, 30)}"`;
    if (e.scrollWidth > e.clientWidth + 1) problems.push(`${name} overflows itself`);
    if (own.right > viewport + 1) problems.push(`${name} ends at ${own.right} px`);
    // Every card and column around it holds it.
    for (let up = e.parentElement; up && up.dataset.testid !== 'stMain'; up = up.parentElement) {
      if (!['stVerticalBlock', 'stColumn'].includes(up.dataset.testid)) continue;
      const outer = up.getBoundingClientRect();
      if (own.left < outer.left - 1 || own.right > outer.right + 1) {
        problems.push(`${name} (${own.left}-${own.right}) is wider than its ${up.dataset.testid}`
          + ` (${outer.left}-${outer.right})`);
        break;
      }
    }
  }
  return problems;
}"""


_SMALL_TARGETS_JS = """(least) => {
  const small = [];
  const targets = 'button, a[href], input, textarea, summary, label, [role=tab], [role=switch]';
  // The ballot's buttons are in a custom component's shadow root: looked for there as well.
  const hosts = document.querySelectorAll('[data-testid=stBidiComponentIsolated]');
  const roots = [document, ...[...hosts].map(h => h.shadowRoot).filter(Boolean)];
  for (const e of roots.flatMap(r => [...r.querySelectorAll(targets)])) {
    // A choice is tapped through its label; a field's label only names it; the skip link and a
    // heading's link are not on a touch screen's surface.
    if (e.matches('input[type=radio], input[type=checkbox], [data-testid=stWidgetLabel]')) continue;
    if (e.closest('[data-testid=stSkipToContent], [data-testid=stHeaderActionElements]')) continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    if (box.height < least || e.closest('.ballot') && box.width < least) {
      const name = (e.innerText || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40);
      small.push(`${name}: ${Math.round(box.height)} px high`);
    }
  }
  return small;
}"""


def assert_tappable(person: Person, where: str, least_px: float = 43.5) -> None:
    """Every button, choice, tab and field on a phone is at least 44 px high: a thumb's size."""
    small = person.page.evaluate(_SMALL_TARGETS_JS, least_px)
    assert not small, f"{where}:\n" + "\n".join(small)


def assert_fits(person: Person, where: str, text: str | None = None) -> None:
    """Nothing runs off the screen sideways, and `text` (and every chart) stays in its card."""
    expect(_stale(person.page)).to_have_count(0, timeout=TIMEOUT_MS)
    problems = person.page.evaluate(_OVERFLOW_JS, text)
    assert not problems, f"{where}:\n" + "\n".join(problems)


def snap(person: Person, artifacts: Path, name: str, *, whole: bool = True) -> None:
    """A screenshot in artifacts/: the whole page (it scrolls), or just what the screen shows."""
    page = person.page
    if not whole:
        page.screenshot(path=artifacts / f"{name}.png")
        return
    # Streamlit scrolls inside its own container, so a full-page shot would stop at the fold:
    # the window grows to the content for the shot instead.
    viewport = page.viewport_size
    assert viewport is not None
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], body')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 8000)})
    page.screenshot(path=artifacts / f"{name}.png")
    page.set_viewport_size(viewport)
