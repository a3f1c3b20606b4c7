// The silences page (/silences): the form that makes one, and the list of those in force (or all kept, ?all=true),
// reloaded after a change made here and whenever the journal tells of one made elsewhere or ended.
import { api, query } from "./api.js";
import { el, oncePerFrame } from "./dom.js";
import { problem } from "./problem.js";
import { SilenceForm } from "./silence-form.js";
import { HEADINGS, silenceRow, tickTimes } from "./silence-rows.js";

const SILENCE_KINDS = new Set(["silence_added", "silence_removed", "silence_expired"]);

/** How often "in 3 h" and "5 min ago" are brought up to date. */
const TICK_MS = 15_000;

export function createPage(main, { fleet }) {
  const page = new SilencesPage(main, fleet);
  return {
    fleetChanged: () => page.fleetChanged(),
    journalEntry: (entry) => { if (SILENCE_KINDS.has(entry.kind)) page.load(); },
  };
}

class SilencesPage {
  constructor(main, fleet) {
    this.all = new URLSearchParams(location.search).get("all") === "true";
    this.loads = 0;

    main.classList.add("scroll");
    this.form = new SilenceForm(fleet, () => this.load());
    const formPanel = el("section", "panel");
    formPanel.append(el("h2", null, "New silence"), this.form.form);

    const listPanel = el("section", "panel silences");
    this.heading = el("h2");
    this.heading.tabIndex = -1;
    const toggle = el("label", "show-ended");
    this.showEnded = el("input");
    this.showEnded.type = "checkbox";
    this.showEnded.checked = this.all;
    this.showEnded.addEventListener("change", () => this.setAll(this.showEnded.checked));
    toggle.append(this.showEnded, el("span", null, " Show ended silences too"));
    this.error = el("p", "error list-error");
    this.error.setAttribute("role", "alert");
    this.list = el("div", "silence-list");
    listPanel.append(this.heading, toggle, this.error, this.list);

    main.replaceChildren(el("h1", null, "Silences"), formPanel, listPanel);
    setInterval(() => tickTimes(this.list), TICK_MS);
    this.load();
  }

  /** ?all=true in the URL (replaceState, as the overview's filter), so a reload or a link shows the same list. */
  setAll(all) {
    this.all = all;
    const params = new URLSearchParams(location.search);
    if (all) params.set("all", "true");
    else params.delete("all");
    const search = params.toString();
    history.replaceState(null, "", search ? `${location.pathname}?${search}` : location.pathname);
    this.load();
  }

  /** Fetches the list again; an answer overtaken by a later load is dropped, so the newest one wins. */
  async load() {
    const load = ++this.loads;
    this.heading.textContent = this.all ? "In force and ended" : "In force";
    let silences;
    try {
      silences = await api(`/api/silences${query({ all: this.all ? "true" : "" })}`);
    } catch (error) {
      if (load === this.loads) this.error.textContent = problem(error);
      return;
    }
    if (load !== this.loads) return;
    this.error.textContent = "";
    this.render(silences);
  }

  render(silences) {
    if (silences.length === 0) {
      this.list.replaceChildren(el("p", "empty", this.all ? "No silences are kept." : "No silence is in force."));
      return;
    }
    const table = el("table", "grid");
    const head = el("tr");
    for (const [key, label] of HEADINGS) {
      const th = el("th", `c-${key}`, label);
      th.scope = "col";
      head.append(th);
    }
    table.createTHead().append(head);
    const body = table.createTBody();
    for (const silence of silences) body.append(silenceRow(silence, (s) => this.remove(s)));
    this.list.replaceChildren(table);
  }

  /** DELETE, then the list again; a refusal (401 without the token, 404 when it went meanwhile) is shown above it. */
  async remove(silence) {
    this.error.textContent = "";
    try {
      await api(`/api/silences/${silence.id}`, { method: "DELETE" });
    } catch (error) {
      this.error.textContent = problem(error);
      // A 404: someone else removed it meanwhile, so the list is out of date.
      if (error?.status === 404) await this.load();
      return;
    }
    await this.load();
    this.heading.focus();
  }

  /** The preview of matching hosts follows the fleet, at most once a frame however many hosts change. */
  fleetChanged = oncePerFrame(() => this.form.updatePreview());
}
