// The status page's sections, built from one GET /api/status answer (docs/api.md); pure DOM building, no fetching.
import { el } from "./dom.js";
import { ago, duration, localTime } from "./times.js";

const STATES = ["up", "late", "down", "unknown"];

/** The panels for a status answer, in reading order. */
export function statusSections(status) {
  return [server(status), hosts(status.hosts), datagrams(status.datagrams), store(status.store), feed(status.feed),
    history(status.history), notifications(status.notifications)];
}

function server(s) {
  return section("Server", figures([
    ["Version", s.version],
    ["Started", localTime(s.started_at)],
    ["Uptime", duration(s.uptime_seconds)],
  ]));
}

function hosts(byState) {
  const rows = STATES.map((state) => {
    const label = el("span", `badge state-${state}`, state);
    return [label, number(byState[state] ?? 0), (byState[state] ?? 0) === 0];
  });
  rows.push(["Total", number(byState.total ?? 0)]);
  return section("Hosts", figures(rows));
}

function datagrams(d) {
  const all = Object.entries(d.rejected ?? {});
  // Most reasons stay at 0 for the life of a server: only those that happened are listed, the most frequent first.
  const reasons = all.filter(([, count]) => count > 0).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const parts = [figures([
    ["Heartbeats accepted", number(d.accepted)],
    ["Messages", number(d.messages)],
    ["Rejected", number(d.rejected_total), d.rejected_total === 0],
  ])];
  if (reasons.length > 0) {
    const table = el("table", "grid reasons");
    table.createCaption().textContent = "Rejected by reason";
    const head = el("tr");
    head.append(el("th", "", "Reason"), el("th", "num", "Datagrams"));
    table.createTHead().append(head);
    const body = table.createTBody();
    for (const [reason, count] of reasons) {
      const row = el("tr");
      row.append(el("td", "", reason), el("td", "num", number(count)));
      body.append(row);
    }
    parts.push(table);
  }
  const quiet = all.length - reasons.length;
  if (quiet > 0) {
    parts.push(el("p", "muted", reasons.length > 0 ? `The other ${quiet} reasons: none.` : "None rejected, for any reason."));
  }
  return section("Datagrams", ...parts);
}

function store(s) {
  const failing = s.failing_since !== null;
  const parts = [];
  if (failing) parts.push(el("p", "error", "Writes to the store are failing."));
  parts.push(figures([
    ["Last write", s.last_write ? `${localTime(s.last_write)} (${ago(s.last_write)})` : "none yet"],
    ["Failing since", failing ? localTime(s.failing_since) : "—", !failing],
    ["Consecutive failures", number(s.consecutive_failures), s.consecutive_failures === 0],
    ["Last error", s.last_error ?? "—", s.last_error === null],
    ["Journal entries waiting", number(s.pending_journal), s.pending_journal === 0],
  ]));
  return section("Store", ...parts);
}

function feed(f) {
  if (!f) return section("Live feed", el("p", "muted", "Not reported by this server."));
  return section("Live feed", figures([
    ["Clients", `${number(f.clients)} of ${number(f.max_clients)}`],
    ["Dropped for not reading", number(f.dropped), f.dropped === 0],
    ["Latest seq", number(f.seq)],
  ]));
}

function history(h) {
  if (!h) return section("History", el("p", "muted", "History off (history_days is 0)."));
  return section("History", figures([
    ["Days kept", number(h.days)],
    ["Hosts", number(h.hosts)],
    ["Series", number(h.series)],
    ["Samples", number(h.samples)],
    ["Blocks written", number(h.blocks_written)],
    ["Blocks dropped", number(h.blocks_dropped), h.blocks_dropped === 0],
    ["Write failures", number(h.write_failures), h.write_failures === 0],
    ["Fell behind", number(h.lagged), h.lagged === 0],
    ["Folds waiting", number(h.folds_waiting), h.folds_waiting === 0],
    ["File size", bytes(h.file_bytes)],
  ]));
}

function notifications(n) {
  return section("Notifications", figures([
    ["Channels", n.channels.length ? n.channels.join(", ") : "none set up", n.channels.length === 0],
    ["Sent", number(n.sent)],
    ["Given up", number(n.given_up), n.given_up === 0],
  ]));
}

function section(title, ...content) {
  const panel = el("section", "panel");
  const heading = el("h2", "", title);
  heading.id = `status-${title.toLowerCase().replaceAll(" ", "-")}`;
  panel.setAttribute("aria-labelledby", heading.id);
  panel.append(heading, ...content);
  return panel;
}

/** A two-column table of [label, value, quiet?] rows; a quiet row (a zero, nothing wrong) is muted. */
function figures(rows) {
  const table = el("table", "grid figures");
  const body = table.createTBody();
  for (const [label, value, quiet] of rows) {
    const row = el("tr", quiet ? "muted" : "");
    const th = el("th");
    th.scope = "row";
    th.append(label);
    row.append(th, el("td", "num", String(value)));
    body.append(row);
  }
  return table;
}

const number = (n) => (typeof n === "number" ? n.toLocaleString() : "—");


function bytes(n) {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
