// The dot ballot (issue 14): both kinds' picks live here, in the phone, until one tap sends them.
// Every text from the server (item texts, the catalog's words) is set with textContent, never
// innerHTML: what people typed stays literal, whatever it holds.

// One state per mounted ballot, kept across Streamlit's reruns: the renderer is called again with
// the same parent element whenever its data changes, and the picks must outlive that.
const states = new WeakMap();

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    name in values ? String(values[name]) : whole,
  );
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function picksFrom(saved, kinds) {
  const picks = {};
  for (const kind of kinds) {
    picks[kind.kind] = {};
    for (const item of kind.items) {
      const n = (saved[kind.kind] || {})[String(item.id)] || 0;
      if (n) picks[kind.kind][String(item.id)] = n;
    }
  }
  return picks;
}

function used(picks, kind) {
  return Object.values(picks[kind] || {}).reduce((a, b) => a + b, 0);
}

export default function ballot(component) {
  const { data, parentElement, setTriggerValue } = component;
  let state = states.get(parentElement);
  if (!state || state.version !== data.version) {
    // A new ballot on screen, or the stored one changed (sent): start from what is stored.
    state = {
      version: data.version,
      picks: picksFrom(data.saved, data.kinds),
      open: state && state.version === data.version ? state.open : data.kinds[0].kind,
      sent: false,
    };
    states.set(parentElement, state);
  }
  // Items that left the vote (merged, hidden) lose their picks; the rest stay.
  for (const kind of data.kinds) {
    const ids = new Set(kind.items.map((item) => String(item.id)));
    const mine = state.picks[kind.kind] || {};
    for (const id of Object.keys(mine)) if (!ids.has(id)) delete mine[id];
    state.picks[kind.kind] = mine;
  }
  if (!data.kinds.some((k) => k.kind === state.open)) state.open = data.kinds[0].kind;

  const t = data.texts;
  const focused = parentElement.activeElement?.dataset?.focus;
  const old = parentElement.querySelector(".ballot");
  if (old) old.remove();
  const root = el("div", { class: "ballot", lang: data.lang });
  parentElement.appendChild(root);

  // The kinds as tabs of the ballot's own: switching keeps every pick, and each tab shows its
  // dots left, so the other kind's budget is in sight.
  const tablist = el("div", { role: "tablist", class: "kinds" });
  const panels = {};
  const tabs = {};
  const lefts = {};
  for (const kind of data.kinds) {
    const tab = el("button", {
      type: "button",
      role: "tab",
      id: `tab-${kind.kind}`,
      "aria-controls": `panel-${kind.kind}`,
      "data-focus": `tab-${kind.kind}`,
      class: "kind",
    });
    tab.appendChild(el("span", { class: "kind-title" }, kind.title));
    lefts[kind.kind] = el("span", { class: "kind-left" });
    tab.appendChild(lefts[kind.kind]);
    tab.addEventListener("click", () => openKind(kind.kind, false));
    tab.addEventListener("keydown", (event) => {
      const order = data.kinds.map((k) => k.kind);
      const at = order.indexOf(kind.kind);
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      let next = null;
      if (step) next = order[(at + step + order.length) % order.length];
      if (event.key === "Home") next = order[0];
      if (event.key === "End") next = order[order.length - 1];
      if (next) {
        event.preventDefault();
        openKind(next, true);
      }
    });
    tabs[kind.kind] = tab;
    tablist.appendChild(tab);
  }
  root.appendChild(tablist);

  const counts = {};
  for (const kind of data.kinds) {
    const panel = el("div", {
      role: "tabpanel",
      id: `panel-${kind.kind}`,
      "aria-labelledby": `tab-${kind.kind}`,
      class: "panel",
    });
    const left = el("p", { class: "left", role: "status", "aria-live": "polite" });
    panel.appendChild(left);
    lefts[`${kind.kind}-panel`] = left;
    if (!kind.items.length) panel.appendChild(el("p", { class: "hint" }, t.nothing));
    const list = el("ul", { class: "items" });
    for (const item of kind.items) {
      const id = String(item.id);
      const row = el("li", { class: "item" });
      const name = el("span", { class: "text", id: `text-${kind.kind}-${id}` }, item.text);
      // The group's accessible name is the item's text as written: a screen reader reads it
      // before the buttons, and the buttons say what they do to it.
      const group = el("div", {
        role: "group",
        class: "stepper",
        "aria-labelledby": `text-${kind.kind}-${id}`,
      });
      const note = el("p", { class: "note", "aria-live": "assertive" });
      // A step button takes a dot away (-1) or gives one (+1), and says so to a screen reader.
      const step = (by, side, sign, label) => {
        const button = el(
          "button",
          { type: "button", class: `step ${side}`, "data-focus": `${side}-${kind.kind}-${id}` },
          sign,
        );
        button.setAttribute("aria-label", label);
        button.addEventListener("click", () => change(kind.kind, id, by, note));
        return button;
      };
      const minus = step(-1, "minus", "−", t.remove);
      const dots = el("span", { class: "dots", "aria-hidden": "true" });
      const count = el("span", { class: "count" });
      const plus = step(+1, "plus", "+", t.add);
      group.append(minus, dots, count, plus);
      row.append(name, group, note);
      list.appendChild(row);
      counts[`${kind.kind}-${id}`] = { dots, count, minus, plus, note };
    }
    panel.appendChild(list);
    panels[kind.kind] = panel;
    root.appendChild(panel);
  }

  const send = el("button", { type: "button", class: "send", "data-focus": "send" }, t.send);
  const sendNote = el("p", { class: "note", "aria-live": "assertive" });
  send.addEventListener("click", () => {
    const total = data.kinds.reduce((sum, k) => sum + used(state.picks, k.kind), 0);
    const savedAny = Object.values(data.saved).some((dots) => Object.keys(dots).length);
    if (!total && !savedAny) {
      sendNote.textContent = t.none_picked;
      return;
    }
    // The facilitator may lower the budget while picks are made: the phone says so itself.
    const over = data.kinds.find((k) => used(state.picks, k.kind) > data.budget);
    if (over) {
      openKind(over.kind, false);
      sendNote.textContent = fill(t.over_budget, { budget: data.budget });
      return;
    }
    if (state.sent) return; // a second tap while the first is on its way
    state.sent = true;
    send.setAttribute("aria-disabled", "true");
    setTriggerValue("send", { ballots: state.picks, version: data.version });
    // A send the server refused leaves this ballot on screen with the same data, so nothing
    // redraws it: the button comes back by itself. (A resend of stored dots stores nothing.)
    setTimeout(() => {
      state.sent = false;
      send.removeAttribute("aria-disabled");
    }, 3000);
  });
  root.append(send, sendNote);

  function clearNotes() {
    for (const c of Object.values(counts)) c.note.textContent = "";
    sendNote.textContent = "";
  }

  function change(kind, id, delta, note) {
    const mine = state.picks[kind];
    const now = mine[id] || 0;
    clearNotes();
    if (delta > 0 && now >= data.per_item) {
      note.textContent = fill(t.item_full, { max: data.per_item });
      return;
    }
    if (delta > 0 && used(state.picks, kind) >= data.budget) {
      note.textContent = fill(t.budget_spent, { budget: data.budget });
      return;
    }
    if (delta < 0 && now === 0) return;
    const next = now + delta;
    if (next) mine[id] = next;
    else delete mine[id];
    state.sent = false;
    send.removeAttribute("aria-disabled");
    update();
  }

  function openKind(kind, focus) {
    state.open = kind;
    clearNotes();
    update();
    if (focus) tabs[kind].focus();
  }

  function update() {
    for (const kind of data.kinds) {
      const left = Math.max(0, data.budget - used(state.picks, kind.kind));
      const text = fill(t.left, { left, budget: data.budget });
      lefts[kind.kind].textContent = `${left}/${data.budget}`;
      lefts[kind.kind].setAttribute("aria-label", text);
      lefts[`${kind.kind}-panel`].textContent = text;
      const open = kind.kind === state.open;
      tabs[kind.kind].setAttribute("aria-selected", String(open));
      tabs[kind.kind].tabIndex = open ? 0 : -1;
      panels[kind.kind].hidden = !open;
      for (const item of kind.items) {
        const id = String(item.id);
        const n = state.picks[kind.kind][id] || 0;
        const c = counts[`${kind.kind}-${id}`];
        c.dots.textContent = "●".repeat(n) + "○".repeat(Math.max(0, data.per_item - n));
        c.count.textContent = String(n);
        c.minus.setAttribute("aria-disabled", String(n === 0));
        // Not aria-disabled: a tap on a full item is answered with the reason, so it stays a
        // button that works; it only looks quieter.
        c.plus.classList.toggle("full", n >= data.per_item || left <= 0);
      }
    }
  }

  update();
  if (focused) parentElement.querySelector(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
}
