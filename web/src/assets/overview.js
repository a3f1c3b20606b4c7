// The overview: every host in one sortable, filterable table, with counts by state and level in the header.
import { el, oncePerFrame } from "./dom.js";
import { LEVELS, STATES } from "./fleet.js";
import { COLUMNS, createRow, fillRow, tickRow } from "./host-rows.js";
import { VirtualList } from "./virtual-list.js";
import { readViewState, writeViewState } from "./view-state.js";

/** The page module's entry (app.js): the overview redraws at most once a frame, whatever the feed brings. */
export function createPage(main, { fleet, counts }) {
  const overview = new Overview(main, counts, fleet, readViewState());
  return { fleetChanged: () => overview.invalidate() };
}

export class Overview {
  /** @param {HTMLElement} main @param {HTMLElement} countsNav @param {import("./fleet.js").Fleet} fleet */
  constructor(main, countsNav, fleet, view) {
    this.fleet = fleet;
    this.view = view;
    this.countsNav = countsNav;
    /** Redraws at the next frame at most once, however many changes came in one feed frame. */
    this.invalidate = oncePerFrame(() => this.render());

    const toolbar = el("div", "toolbar");
    this.filter = el("input", "filter");
    this.filter.type = "search";
    this.filter.placeholder = "Filter by name, address or OS";
    this.filter.setAttribute("aria-label", "Filter hosts");
    this.filter.value = view.q;
    this.filter.addEventListener("input", () => this.change({ q: this.filter.value }));
    this.classSelect = el("select", "class-filter");
    this.classSelect.setAttribute("aria-label", "Class");
    this.classSelect.addEventListener("change", () =>
      this.change({ classes: this.classSelect.value ? [this.classSelect.value] : [] }));
    this.shown = el("span", "shown");
    toolbar.append(this.filter, this.classSelect, this.shown);

    const table = el("div", "hosts");
    table.setAttribute("role", "table");
    table.setAttribute("aria-label", "Hosts");
    this.head = el("div", "row head");
    this.head.setAttribute("role", "row");
    for (const { key, label } of COLUMNS) {
      const button = el("button", `cell c-${key}`, label);
      button.type = "button";
      button.setAttribute("role", "columnheader");
      button.dataset.key = key;
      button.addEventListener("click", () => this.change(
        { sort: key, desc: this.view.sort === key ? !this.view.desc : false }));
      this.head.append(button);
    }
    const viewport = el("div", "viewport");
    table.append(this.head, viewport);
    main.replaceChildren(toolbar, table);
    this.list = new VirtualList(viewport, createRow, fillRow);
    setInterval(() => this.tick(), 1000);
    this.render();
  }


  change(patch) {
    this.view = { ...this.view, ...patch };
    writeViewState(this.view);
    this.render();
  }

  render() {
    const rows = this.fleet.select(this.view);
    this.list.setItems(rows);
    this.shown.textContent = `${rows.length} of ${this.fleet.hosts.size} hosts`;
    for (const button of this.head.children) {
      const sorted = button.dataset.key === this.view.sort;
      button.setAttribute("aria-sort", sorted ? (this.view.desc ? "descending" : "ascending") : "none");
    }
    this.renderCounts();
    this.renderClasses();
  }

  /** The class choice lists the fleet's classes (and one in the URL that no host has now); hidden when there are none. */
  renderClasses() {
    const names = this.fleet.classNames();
    for (const name of this.view.classes) if (!names.includes(name)) names.push(name);
    const key = names.join("\n");
    if (this.classSelect.dataset.names !== key) {
      this.classSelect.dataset.names = key;
      const options = [el("option", null, "All classes")];
      options[0].value = "";
      for (const name of names) {
        const option = el("option", null, name);
        option.value = name;
        options.push(option);
      }
      this.classSelect.replaceChildren(...options);
    }
    this.classSelect.value = this.view.classes[0] ?? "";
    this.classSelect.hidden = names.length === 0;
  }

  /** The count buttons are made once and only relabelled, so one that has the keyboard's focus keeps it. */
  renderCounts() {
    const counts = this.fleet.counts();
    if (this.countsNav.childElementCount === 0) this.countsNav.append(...this.countButtons());
    for (const button of this.countsNav.children) {
      const { kind, value } = button.dataset;
      button.textContent = `${counts[kind][value]} ${value}`;
      button.setAttribute("aria-pressed", String(this.view[kind].includes(value)));
    }
  }

  countButtons() {
    const buttons = [];
    for (const [kind, names] of [["state", STATES], ["level", LEVELS]]) {
      for (const name of names) {
        const button = el("button", `count ${kind}-${name}`);
        button.type = "button";
        button.dataset.kind = kind;
        button.dataset.value = name;
        button.addEventListener("click", () =>
          this.change({ [kind]: this.view[kind].includes(name) ? [] : [name] }));
        buttons.push(button);
      }
    }
    return buttons;
  }

  tick() {
    const now = Date.now();
    for (const row of this.list.visibleRows()) tickRow(row, now);
  }
}
