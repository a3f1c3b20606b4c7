// The journal: entries newest first, filtered by host, kind, level and time, paged by id, with live entries on the first page.
import { api, query } from "./api.js";
import { el } from "./dom.js";
import { JOURNAL_LEVELS, KINDS, PAGE_SIZES, journalSearch, matchesFilters, readJournalFilters } from "./journal-filters.js";
import { JOURNAL_COLUMNS, entryRow } from "./journal-rows.js";
import { fromLocalInput, toLocalInput } from "./times.js";

/** Host names offered as the host filter is typed; a longer list would cost more than it helps. */
const MAX_SUGGESTIONS = 1000;

export function createPage(main, { fleet }) {
  const page = new JournalPage(main, fleet);
  return { journalEntry: (entry) => page.live(entry) };
}

class JournalPage {
  constructor(main, fleet) {
    this.main = main;
    this.fleet = fleet;
    this.filters = readJournalFilters();
    this.entries = [];
    this.hasMore = false;
    this.loading = 0; // the number of the load under way; answers of older loads are dropped
    this.waiting = null; // live entries that came while a load was under way
    main.classList.add("scroll");

    this.form = this.buildForm();
    this.status = el("p", "journal-status muted");
    this.status.setAttribute("role", "status");
    this.message = el("p", "");
    this.message.hidden = true;
    this.table = el("table", "grid journal");
    const head = el("tr");
    for (const [key, label] of JOURNAL_COLUMNS) head.append(el("th", key, label));
    this.table.createTHead().append(head);
    this.body = this.table.createTBody();
    this.table.hidden = true;
    this.newest = this.button("Newest", () => this.go({ ...this.filters, before: "" }));
    this.older = this.button("Older", () => this.go({ ...this.filters, before: String(this.entries.at(-1).id) }));
    const paging = el("div", "buttons");
    paging.append(this.newest, this.older);
    const list = el("section", "panel");
    list.setAttribute("aria-label", "Entries");
    list.append(this.status, this.message, this.table, paging);
    main.replaceChildren(el("h1", "", "Journal"), this.form.element, list);

    addEventListener("popstate", () => {
      this.filters = readJournalFilters();
      this.form.show(this.filters);
      this.load();
    });
    this.form.show(this.filters);
    this.load();
  }

  buildForm() {
    const element = el("form", "panel journal-filters");
    element.setAttribute("aria-label", "Filters");
    const field = (label, input) => {
      const wrap = el("label", "field");
      const name = el("span", "", label);
      // Named by the span alone: a select's name would otherwise take in its chosen option's text.
      name.id = `journal-${label.toLowerCase().replaceAll(" ", "-")}`;
      input.setAttribute("aria-labelledby", name.id);
      wrap.append(name, input);
      element.append(wrap);
      return input;
    };
    const select = (options) => {
      const node = el("select");
      for (const [value, label] of options) {
        const option = el("option", "", label);
        option.value = value;
        node.append(option);
      }
      return node;
    };
    const host = field("Host", el("input"));
    host.type = "search";
    host.name = "host";
    host.autocomplete = "off";
    host.placeholder = "any host";
    const names = el("datalist");
    names.id = "journal-host-names";
    host.setAttribute("list", names.id);
    element.append(names);
    // Filled when wanted rather than on every change the feed brings.
    host.addEventListener("focus", () => {
      const known = [...this.fleet.hosts.keys()].sort().slice(0, MAX_SUGGESTIONS);
      names.replaceChildren(...known.map((name) => {
        const option = el("option");
        option.value = name;
        return option;
      }));
    });
    const kind = field("Kind", select([["", "all kinds"], ...KINDS.map((k) => [k, k])]));
    const level = field("Level", select([["", "all levels"], ...JOURNAL_LEVELS.map((l) => [l, l])]));
    const from = field("From", el("input"));
    from.type = "datetime-local";
    const to = field("To", el("input"));
    to.type = "datetime-local";
    const limit = field("Per page", select(PAGE_SIZES.map((n) => [String(n), String(n)])));
    const buttons = el("div", "buttons");
    const show = el("button", "primary", "Show");
    show.type = "submit";
    const clear = this.button("Clear", () => this.go({ ...readJournalFilters(""), limit: this.filters.limit }));
    buttons.append(show, clear);
    element.append(buttons);

    element.addEventListener("submit", (event) => {
      event.preventDefault();
      const since = fromLocalInput(from.value);
      const until = fromLocalInput(to.value);
      if (since && until && Date.parse(until) <= Date.parse(since)) {
        this.showMessage("error", "“To” must be later than “From”.");
        return;
      }
      this.go({ host: host.value.trim(), kind: kind.value, level: level.value, since, until, limit: Number(limit.value), before: "" });
    });
    return {
      element,
      show(filters) {
        host.value = filters.host;
        // A kind the list lacks (a link with several) gets an option of its own, so the select shows what is filtered.
        if (filters.kind && ![...kind.options].some((o) => o.value === filters.kind)) {
          const option = el("option", "", filters.kind.replaceAll(",", ", "));
          option.value = filters.kind;
          kind.append(option);
        }
        kind.value = filters.kind;
        level.value = JOURNAL_LEVELS.includes(filters.level) ? filters.level : "";
        from.value = toLocalInput(filters.since);
        to.value = toLocalInput(filters.until);
        limit.value = String(filters.limit);
      },
    };
  }

  button(label, action) {
    const button = el("button", "", label);
    button.type = "button";
    button.addEventListener("click", action);
    return button;
  }

  /** A new view: into the history, so the back button returns to the one before. */
  go(filters) {
    this.filters = filters;
    const url = location.pathname + journalSearch(filters);
    if (url !== location.pathname + location.search) history.pushState(null, "", url);
    this.form.show(filters);
    this.main.scrollTop = 0;
    this.load();
  }

  async load() {
    const load = ++this.loading;
    this.waiting = [];
    this.status.textContent = "Loading…";
    const { host, kind, level, since, until, before, limit } = this.filters;
    try {
      // One more than a page: whether there is an older page is known without asking for it.
      const entries = await api("/api/journal" + query({ host, kind, level, since, until, before, limit: limit + 1 }));
      if (load !== this.loading) return;
      this.hasMore = entries.length > limit;
      this.entries = entries.slice(0, limit);
      this.body.replaceChildren(...this.entries.map(entryRow));
      const waiting = this.waiting;
      this.waiting = null;
      for (const entry of waiting) this.live(entry);
      this.update();
    } catch (error) {
      if (load !== this.loading) return;
      this.waiting = null;
      this.entries = [];
      this.hasMore = false;
      this.body.replaceChildren();
      this.update();
      this.status.textContent = "";
      this.showMessage("error", `The journal could not be read: ${error.message}`);
    }
  }

  /** A live entry: on the first page of an open-ended view, one that passes the filters goes on top, briefly marked. */
  live(entry) {
    if (this.filters.before || this.filters.until || !matchesFilters(entry, this.filters)) return;
    if (this.waiting) {
      this.waiting.push(entry);
      return;
    }
    if (this.entries.length > 0 && entry.id <= this.entries[0].id) return;
    this.entries.unshift(entry);
    const row = entryRow(entry);
    row.classList.add("fresh");
    row.addEventListener("animationend", () => row.classList.remove("fresh"), { once: true });
    this.body.prepend(row);
    if (this.entries.length > this.filters.limit) {
      this.entries.pop();
      this.body.lastElementChild.remove();
      this.hasMore = true;
    }
    this.update();
  }

  update() {
    const count = this.entries.length;
    const filtered = ["host", "kind", "level", "since", "until"].some((key) => this.filters[key]);
    this.table.hidden = count === 0;
    if (count === 0) {
      this.showMessage("empty", this.filters.before ? "No older entries."
        : filtered ? "No entries match these filters." : "The journal is empty.");
    } else {
      this.message.hidden = true;
    }
    const where = this.filters.before ? "an older page" : "newest first";
    this.status.textContent = `${count} ${count === 1 ? "entry" : "entries"}, ${where}`;
    this.newest.disabled = !this.filters.before;
    this.older.disabled = !this.hasMore;
  }

  showMessage(kind, text) {
    this.message.className = kind;
    this.message.setAttribute("role", kind === "error" ? "alert" : "status");
    this.message.textContent = text;
    this.message.hidden = false;
  }
}
