// One host (/hosts/NAME): its state and facts, actions, history charts, checks, current metrics, state changes,
// journal, inventory and DNS record. Refetched (at most once a second) whenever the live feed says the host changed.
import { api } from "./api.js";
import { el } from "./dom.js";
import { agoNode, badge, factList, tickAgo } from "./facts.js";
import { hostActions } from "./host-actions.js";
import { HostHistory } from "./host-history.js";
import { HostJournal } from "./host-journal.js";
import { HostStates } from "./host-state.js";
import { checksTable, metricsTable } from "./host-values.js";
import { inventoryView } from "./inventory-view.js";
import { RANGES, RANGE_LABELS, readRange, writeRange } from "./range.js";
import { duration, localTime } from "./times.js";

const MIN_REFETCH_MS = 1000;

/** The page module's entry (app.js). */
export function createPage(main, { param }) {
  const page = new HostPage(main, param);
  return {
    fleetChanged: (name) => {
      if (name === undefined || page.is(name)) page.refreshSoon();
    },
    journalEntry: (entry) => {
      if (entry.host && page.is(entry.host)) page.journalEntry(entry);
    },
  };
}

class HostPage {
  constructor(main, name) {
    this.name = name;
    this.range = readRange();
    this.host = null;
    this.fetchedAt = 0;
    this.timer = 0;
    this.generation = 0;
    document.title = `${name} – hbd`;
    main.classList.add("scroll", "host-page");

    this.message = el("div", "panel host-message");
    this.message.hidden = true;
    this.head = el("div", "host-head-info");
    const headPanel = panel(null, this.head, hostActions(() => this.host?.name ?? this.name, { silenced: () => this.refresh() }));
    headPanel.classList.add("host-head");

    this.checks = el("div");
    this.metrics = el("div");
    const columns = el("div", "host-columns");
    columns.append(panel("Checks", this.checks), panel("Metrics", this.metrics));

    this.states = new HostStates();
    this.history = new HostHistory(el("div", "charts"));
    this.rangeButtons = this.rangeSelector();
    const historyPanel = panel(null, this.states.timeline, this.history.container);
    historyPanel.prepend(heading("History", this.rangeButtons));
    historyPanel.classList.add("host-history");

    this.journal = new HostJournal(name);
    this.inventory = el("div");
    this.dns = el("div");
    this.dnsPanel = panel("DNS", this.dns);
    this.dnsPanel.hidden = true;

    this.body = el("div", "host-body");
    this.body.hidden = true;
    // The charts come right after the facts: what an operator opens a host's page for first.
    this.body.append(headPanel, historyPanel, columns, panel("State changes", this.states.list),
      panel("Journal", this.journal.node), panel("Inventory", this.inventory), this.dnsPanel);
    main.replaceChildren(this.message, this.body);

    setInterval(() => tickAgo(this.head), 1000);
    this.start();
  }

  async start() {
    // A host that cannot be read (a token refused, say) is not asked about twice more.
    if (!(await this.refresh()) && this.host === null && !this.missing) return;
    await Promise.all([
      this.journal.loadMore(),
      this.states.load(this.name).catch((error) => this.states.failed(error)).then(() => this.renderStates()),
    ]);
  }

  /** Whether a name from the feed is this host's: names are not case-sensitive. */
  is(name) {
    return name.toLowerCase() === (this.host?.name ?? this.name).toLowerCase();
  }

  /** A refetch within a second, however many changes the feed brings meanwhile. */
  refreshSoon() {
    if (this.timer) return;
    const wait = Math.max(0, this.fetchedAt + MIN_REFETCH_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.refresh();
    }, wait);
  }

  async refresh() {
    this.fetchedAt = Date.now();
    const generation = ++this.generation;
    let host;
    try {
      host = await api(`/api/hosts/${encodeURIComponent(this.name)}`);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
      return false;
    }
    if (generation !== this.generation) return false;
    this.host = host;
    this.missing = false;
    this.render();
    return true;
  }

  fail(error) {
    this.host = null;
    this.missing = error.status === 404;
    this.body.hidden = true;
    this.message.hidden = false;
    const back = el("a", null, "All hosts");
    back.href = "/";
    const text = error.status === 404
      ? el("p", "error", `No host named “${this.name}”: hbd does not know it, or it was deleted.`)
      : el("p", "error", `The host could not be loaded: ${error.message}`);
    this.message.replaceChildren(text, back);
  }

  render() {
    const host = this.host;
    this.message.hidden = true;
    this.body.hidden = false;
    document.title = `${host.name} – hbd`;
    this.renderHead(host);
    this.checks.replaceChildren(checksTable(host));
    this.metrics.replaceChildren(metricsTable(host));
    this.inventory.replaceChildren(...inventoryContent(host));
    this.dnsPanel.hidden = host.dns == null;
    if (host.dns) this.dns.replaceChildren(dnsFacts(host.dns));
    this.history.update(host, this.range);
    this.renderStates();
  }

  renderHead(host) {
    const title = el("div", "host-title");
    title.append(el("h1", null, host.name), badge("state", host.state), badge("level", host.level));
    if (host.silenced_until) title.append(el("span", "badge silenced", "silenced"));
    this.head.replaceChildren(title, factList([
      ["Last seen", agoNode(host.last_seen)],
      ["State since", localTime(host.state_since)],
      ["Address", host.address],
      ["OS", host.os],
      ["Interval", host.interval == null ? null : duration(host.interval)],
      ["Silenced until", host.silenced_until ? localTime(host.silenced_until) : undefined],
      ["First seen", localTime(host.first_seen)],
      ["Last beat", host.sent_at ? `#${host.sequence}, sent ${localTime(host.sent_at)} by the agent's clock` : undefined],
    ]));
  }

  renderStates() {
    if (this.host) this.states.render(this.host, this.range);
  }

  journalEntry(entry) {
    this.journal.add(entry);
    if (this.states.add(entry)) this.renderStates();
  }

  rangeSelector() {
    const group = el("div", "range");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Time range");
    for (const range of Object.keys(RANGES)) {
      const button = el("button", null, RANGE_LABELS[range]);
      button.type = "button";
      button.dataset.range = range;
      button.setAttribute("aria-pressed", String(range === this.range));
      button.addEventListener("click", () => this.setRange(range));
      group.append(button);
    }
    return group;
  }

  setRange(range) {
    this.range = range;
    writeRange(range);
    for (const button of this.rangeButtons.children) button.setAttribute("aria-pressed", String(button.dataset.range === range));
    if (this.host) {
      this.history.update(this.host, range);
      this.renderStates();
    }
  }
}

function panel(title, ...content) {
  const section = el("section", "panel");
  if (title) section.append(el("h2", null, title));
  section.append(...content);
  return section;
}

function heading(title, extra) {
  const head = el("div", "panel-head");
  head.append(el("h2", null, title), extra);
  return head;
}

function inventoryContent(host) {
  if (!host.inventory) return [el("p", "empty", "The agent has sent no inventory yet.")];
  return [inventoryView(host.inventory), el("p", "muted", `Received ${localTime(host.inventory_at)}.`)];
}

function dnsFacts(dns) {
  const error = dns.last_error ? el("span", "error", dns.last_error) : "none";
  return factList([
    ["Name", dns.name],
    ["Address", dns.address],
    ["Synced", dns.synced ? "yes" : "no"],
    ["Pending", dns.pending ? "yes" : "no"],
    ["Last update", localTime(dns.last_update)],
    ["Last error", error],
  ]);
}
