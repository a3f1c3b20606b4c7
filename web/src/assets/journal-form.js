// The journal page's filter form: host, kind, level, a local time range and the page size, read into and shown from filters.
import { el } from "./dom.js";
import { JOURNAL_LEVELS, KINDS, PAGE_SIZES } from "./journal-filters.js";
import { fromLocalInput, toLocalInput } from "./times.js";

/** Host names offered as the host filter is typed; a longer list would cost more than it helps. */
const MAX_SUGGESTIONS = 1000;

/**
 * The form, and `show(filters)` to set its fields.
 * @param {{hostNames: () => Iterable<string>, onApply: (filters: object) => void, onClear: () => void,
 *   onInvalid: (text: string) => void}} handlers
 */
export function createJournalForm({ hostNames, onApply, onClear, onInvalid }) {
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
    const known = [...hostNames()].sort().slice(0, MAX_SUGGESTIONS);
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
  const clear = el("button", "", "Clear");
  clear.type = "button";
  clear.addEventListener("click", onClear);
  buttons.append(show, clear);
  element.append(buttons);

  element.addEventListener("submit", (event) => {
    event.preventDefault();
    const since = fromLocalInput(from.value);
    const until = fromLocalInput(to.value);
    if (since && until && Date.parse(until) <= Date.parse(since)) {
      onInvalid("“To” must be later than “From”.");
      return;
    }
    onApply({ host: host.value.trim(), kind: kind.value, level: level.value, since, until, limit: Number(limit.value), before: "" });
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
