// The host's state over the chosen range as a coloured timeline, and its latest state and level changes as a list,
// both from the journal's host_* and level_changed entries (GET /api/journal), kept current by the live feed.
import { api, query } from "./api.js";
import { el } from "./dom.js";
import { badge, gridTable, row } from "./facts.js";
import { RANGES, RANGE_LABELS } from "./range.js";
import { duration, localTime } from "./times.js";

/** The state each kind of entry puts the host in. */
const STATE_OF = { host_new: "up", host_up: "up", host_late: "late", host_down: "down" };
const KINDS = [...Object.keys(STATE_OF), "level_changed"];
const PER_KIND = 200;
const LISTED = 20;

export class HostStates {
  constructor() {
    this.entries = new Map();
    this.timeline = el("div", "timeline-box");
    this.list = el("div", "state-changes");
  }

  /** The latest entries of each kind, in parallel: a host's many messages do not crowd its state changes out. */
  async load(name) {
    const pages = await Promise.all(KINDS.map((kind) => api(`/api/journal${query({ host: name, kind, limit: PER_KIND })}`)));
    for (const entry of pages.flat()) this.entries.set(entry.id, entry);
  }

  /** A live journal entry; true when it is one of the changes shown here. */
  add(entry) {
    if (!KINDS.includes(entry.kind)) return false;
    this.entries.set(entry.id, entry);
    return true;
  }

  /** Says why the changes are missing; the timeline still shows the current state. */
  failed(error) {
    this.error = `The state changes could not be loaded: ${error.message}`;
  }

  render(host, range, now = Date.now()) {
    const changes = [...this.entries.values()].sort((a, b) => b.id - a.id);
    this.renderTimeline(host, changes, range, now);
    this.renderList(changes);
  }

  renderTimeline(host, changes, range, now) {
    const start = now - RANGES[range] * 1000;
    const marks = changes.filter((e) => e.kind in STATE_OF).map((e) => ({ t: Date.parse(e.time), state: STATE_OF[e.kind] }));
    // The registry knows best when the current state began (after a restart, "unknown" has no entry).
    if (host.state_since) marks.push({ t: Date.parse(host.state_since), state: host.state });
    marks.sort((a, b) => a.t - b.t);
    const segments = [];
    let state = null;
    let from = start;
    for (const mark of marks) {
      if (mark.t <= start) { state = mark.state; continue; }
      if (mark.t >= now) break;
      if (mark.state === state) continue;
      segments.push({ from, to: mark.t, state });
      from = mark.t;
      state = mark.state;
    }
    segments.push({ from, to: now, state });

    const bar = el("div", "timeline");
    const share = {};
    for (const s of segments) {
      if (s.to <= s.from) continue;
      const name = s.state ?? "none";
      const part = el("span", `tl tl-${name}`);
      part.style.width = `${((s.to - s.from) / (now - start)) * 100}%`;
      part.title = `${s.state ?? "no data"}: ${localTime(new Date(s.from).toISOString())} – ${localTime(new Date(s.to).toISOString())} (${duration((s.to - s.from) / 1000)})`;
      bar.append(part);
      share[name] = (share[name] ?? 0) + (s.to - s.from);
    }
    const summary = Object.entries(share)
      .map(([name, ms]) => `${name === "none" ? "no data" : name} ${Math.round((ms / (now - start)) * 1000) / 10}%`).join(", ");
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", `State over the last ${RANGE_LABELS[range]}: ${summary}`);
    const scale = el("div", "timeline-scale");
    scale.append(el("span", null, `${RANGE_LABELS[range]} ago`), el("span", "timeline-summary", summary), el("span", null, "now"));
    this.timeline.replaceChildren(bar, scale);
  }

  renderList(changes) {
    if (this.error) {
      this.list.replaceChildren(el("p", "error", this.error));
      return;
    }
    if (changes.length === 0) {
      this.list.replaceChildren(el("p", "empty", "No state or level changes in the journal."));
      return;
    }
    const { wrap, body } = gridTable(["Time", "Change", "Text"]);
    for (const e of changes.slice(0, LISTED)) {
      const change = e.kind === "level_changed" ? badge("level", e.level) : badge("state", STATE_OF[e.kind]);
      body.append(row([localTime(e.time), change, e.text]));
    }
    this.list.replaceChildren(wrap);
  }
}
