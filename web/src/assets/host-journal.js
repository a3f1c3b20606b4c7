// The host's journal, newest first: a page at a time ("Older" goes on from the last id), and live entries on top.
import { api, query } from "./api.js";
import { el } from "./dom.js";
import { badge, gridTable, row } from "./facts.js";
import { localTime } from "./times.js";

const PAGE = 50;

export class HostJournal {
  constructor(name) {
    this.name = name;
    this.ids = new Set();
    this.lastId = undefined;
    const { wrap, body } = gridTable(["Time", "Kind", "Level", "Text"]);
    this.body = body;
    this.older = el("button", null, "Older");
    this.older.type = "button";
    this.older.hidden = true;
    this.older.addEventListener("click", () => this.loadMore());
    this.status = el("p", "muted");
    this.node = el("div", "host-journal");
    const buttons = el("div", "buttons");
    buttons.append(this.older);
    this.node.append(wrap, this.status, buttons);
  }

  async loadMore() {
    this.older.disabled = true;
    try {
      const entries = await api(`/api/journal${query({ host: this.name, limit: PAGE, before: this.lastId })}`);
      for (const entry of entries) {
        if (this.ids.has(entry.id)) continue;
        this.ids.add(entry.id);
        this.body.append(entryRow(entry));
      }
      if (entries.length) this.lastId = entries[entries.length - 1].id;
      this.older.hidden = entries.length < PAGE;
      this.status.className = "muted";
      this.status.textContent = this.ids.size === 0 ? "No journal entries for this host." : "";
    } catch (error) {
      this.status.className = "error";
      this.status.textContent = `The journal could not be loaded: ${error.message}`;
    } finally {
      this.older.disabled = false;
    }
  }

  /** A live entry, on top (the feed brings them in order). */
  add(entry) {
    if (this.ids.has(entry.id)) return;
    this.ids.add(entry.id);
    this.body.prepend(entryRow(entry));
    this.status.textContent = "";
  }
}

function entryRow(entry) {
  const tr = row([localTime(entry.time), entry.kind, entry.level ? badge("level", entry.level) : "–", entry.text]);
  tr.dataset.id = String(entry.id);
  return tr;
}
