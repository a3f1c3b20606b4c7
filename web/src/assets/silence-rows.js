// One table row per silence: patterns, reason, from, until, who; a silence in force has Remove, with a confirm step.
import { el } from "./dom.js";
import { localTime, relative } from "./times.js";

export const HEADINGS = [["hosts", "Hosts"], ["reason", "Reason"], ["from", "From"], ["until", "Until"],
  ["by", "By"], ["action", ""]];

/** Whether a silence still covers its hosts; ended ones are listed only with ?all=true. */
export function inForce(silence, now = Date.now()) {
  return Date.parse(silence.until) > now;
}

/**
 * A row for a silence. @param {object} silence as GET /api/silences gives it
 * @param {(silence: object) => Promise<void>} remove ends it; its failure is shown by the caller
 */
export function silenceRow(silence, remove) {
  const row = el("tr", inForce(silence) ? "silence" : "silence ended");
  row.dataset.id = String(silence.id);
  const cell = (key, ...content) => {
    const td = el("td", `c-${key}`);
    td.append(...content);
    row.append(td);
    return td;
  };
  cell("hosts", silence.hosts.join(", "));
  cell("reason", silence.comment ?? "");
  cell("from", ...moment(silence.created_at));
  cell("until", ...moment(silence.until));
  cell("by", silence.created_by ?? "");
  const action = cell("action");
  if (inForce(silence)) action.append(removeButton(action, silence, remove));
  else action.append(el("span", "muted", "ended"));
  return row;
}

/** A local time, and under it how far it is from now; refreshed by tickTimes. */
function moment(iso) {
  const time = el("time", null, localTime(iso));
  time.dateTime = iso;
  const ago = el("span", "muted relative", relative(iso));
  ago.dataset.time = iso;
  return [time, el("br"), ago];
}

/** Brings every "in 3 h" / "5 min ago" under root up to date. */
export function tickTimes(root, now = Date.now()) {
  for (const span of root.querySelectorAll(".relative")) span.textContent = relative(span.dataset.time, now);
}

function removeButton(cell, silence, remove) {
  const button = el("button", "danger", "Remove");
  button.type = "button";
  button.setAttribute("aria-label", `Remove the silence of ${silence.hosts.join(", ")}`);
  button.addEventListener("click", () => confirmRemove(cell, button, silence, remove));
  return button;
}

/** The confirm step in place of the button: a removal cannot be undone, so Keep has the focus. */
function confirmRemove(cell, button, silence, remove) {
  const question = el("span", "confirm");
  const yes = el("button", "danger", "Yes, remove");
  yes.type = "button";
  const keep = el("button", null, "Keep");
  keep.type = "button";
  question.append(el("span", null, "Remove?"), yes, keep);
  cell.replaceChildren(question);
  keep.focus();
  keep.addEventListener("click", () => {
    cell.replaceChildren(button);
    button.focus();
  });
  yes.addEventListener("click", async () => {
    yes.disabled = keep.disabled = true;
    try {
      await remove(silence);
    } finally {
      // Still listed: the removal failed, or the list has not been reloaded yet.
      if (cell.isConnected) {
        cell.replaceChildren(button);
        button.focus();
      }
    }
  });
}
