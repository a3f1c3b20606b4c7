// The journal: entries newest first, filtered by host, kind, level and time, paged by id, with live entries on the first page.
import { api, query } from "./api.js";
import { el } from "./dom.js";
import { journalSearch, matchesFilters, readJournalFilters } from "./journal-filters.js";
import { createJournalForm } from "./journal-form.js";
import { JOURNAL_COLUMNS, entryRow } from "./journal-rows.js";

export function createPage(main, { fleet }) {
  const page = new JournalPage(main, fleet);
  return { journalEntry: (entry) => page.live(entry) };
}

class JournalPage {
  constructor(main, fleet) {
    this.main = main;
    this.filters = readJournalFilters();
    this.entries = [];
    this.hasMore = false;
    this.loading = 0; // the number of the load under way; answers of older loads are dropped
    this.waiting = null; // live entries that came while a load was under way
    main.classList.add("scroll");

    this.form = createJournalForm({
      hostNames: () => fleet.hosts.keys(),
      onApply: (filters) => this.go(filters),
      onClear: () => this.go({ ...readJournalFilters(""), limit: this.filters.limit }),
      onInvalid: (text) => this.showMessage("error", text),
    });
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
