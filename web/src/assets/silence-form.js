// The form that makes a silence (POST /api/silences): host patterns, how long, why; with the known hosts it covers.
import { api } from "./api.js";
import { el } from "./dom.js";
import { matchingNames } from "./glob.js";
import { problem } from "./problem.js";
import { toLocalInput } from "./times.js";

/** Durations the API takes as `until`, as configuration durations; "custom" shows a date-time field instead. */
const DURATIONS = [["1h", "1 hour"], ["4h", "4 hours"], ["1d", "1 day"], ["7d", "1 week"], ["custom", "Until a time…"]];

/** At most this many matching names are listed under the patterns; the rest are counted. */
const PREVIEW_NAMES = 8;

export class SilenceForm {
  /**
   * @param {import("./fleet.js").Fleet} fleet the hosts the feed knows, for the preview of what the patterns cover
   * @param {(silence: object) => void} created called with the silence the API stored
   */
  constructor(fleet, created) {
    this.fleet = fleet;
    this.created = created;

    this.form = el("form", "silence-form");
    this.form.noValidate = true;
    this.form.setAttribute("aria-label", "New silence");
    this.hosts = this.input("hosts", "text", "Host patterns (space or comma between them: web* db1)");
    this.hosts.autocomplete = "off";
    this.hosts.spellcheck = false;
    this.preview = el("p", "muted silence-preview");
    this.preview.setAttribute("aria-live", "polite");

    this.duration = el("select");
    this.duration.name = "duration";
    for (const [value, label] of DURATIONS) {
      const option = el("option", null, label);
      option.value = value;
      this.duration.append(option);
    }
    this.until = this.input("until", "datetime-local", "Ends at (your local time)");
    this.untilField = this.until.parentElement;
    this.untilField.hidden = true;
    this.duration.addEventListener("change", () => this.durationChanged());

    this.comment = this.input("comment", "text", "Reason");
    this.comment.maxLength = 1024;

    this.submit = el("button", "primary", "Add silence");
    this.submit.type = "submit";
    this.error = el("p", "error form-error");
    this.error.setAttribute("role", "alert");

    const durationField = el("label", "field");
    durationField.append(el("span", null, "For"), this.duration);
    const buttons = el("div", "buttons");
    buttons.append(this.submit);
    this.form.append(this.hosts.parentElement, this.preview, durationField, this.untilField,
      this.comment.parentElement, buttons, this.error);
    this.hosts.addEventListener("input", () => this.updatePreview());
    this.form.addEventListener("submit", (e) => { e.preventDefault(); this.send(); });
    this.updatePreview();
  }

  /** A labelled input in a `.field`; the label is the input's parent. */
  input(name, type, label) {
    const field = el("label", "field");
    const input = el("input");
    input.name = name;
    input.type = type;
    field.append(el("span", null, label), input);
    return input;
  }

  durationChanged() {
    const custom = this.duration.value === "custom";
    this.untilField.hidden = !custom;
    if (custom) {
      const now = new Date();
      this.until.min = toLocalInput(now);
      if (!this.until.value) this.until.value = toLocalInput(new Date(now.getTime() + 2 * 3600_000));
      this.until.focus();
    }
  }

  patterns() {
    return this.hosts.value.split(/[\s,]+/).filter((p) => p.length > 0);
  }

  /** Which known hosts the patterns cover, by the server's rules; the server may know hosts the feed has not sent yet. */
  updatePreview() {
    const patterns = this.patterns();
    const known = this.fleet.hosts.size;
    if (patterns.length === 0) {
      this.preview.textContent = `${known} known hosts.`;
      return;
    }
    let names;
    try {
      names = matchingNames(patterns, [...this.fleet.hosts.keys()]).sort();
    } catch {
      this.preview.textContent = "";
      return;
    }
    if (names.length === 0) {
      this.preview.textContent = `Matches none of the ${known} known hosts.`;
      return;
    }
    const shown = names.slice(0, PREVIEW_NAMES).join(", ");
    const more = names.length > PREVIEW_NAMES ? ` and ${names.length - PREVIEW_NAMES} more` : "";
    this.preview.textContent = `Matches ${names.length} of ${known} known hosts: ${shown}${more}.`;
  }

  /** The `until` the API takes: a duration, or the custom local time as an RFC 3339 time; null when none is given. */
  untilValue() {
    if (this.duration.value !== "custom") return this.duration.value;
    const time = this.until.value ? new Date(this.until.value) : null;
    return time && !Number.isNaN(time.getTime()) ? time.toISOString() : null;
  }

  async send() {
    const hosts = this.patterns();
    const until = this.untilValue();
    if (hosts.length === 0) return this.fail("Give at least one host pattern.", this.hosts);
    if (until === null) return this.fail("Give the time the silence ends.", this.until);
    const body = { hosts, until };
    const comment = this.comment.value.trim();
    if (comment) body.comment = comment;

    this.error.textContent = "";
    this.submit.disabled = true;
    try {
      const silence = await api("/api/silences", { method: "POST", body });
      this.hosts.value = "";
      this.comment.value = "";
      this.updatePreview();
      this.created(silence);
    } catch (error) {
      this.fail(problem(error));
    } finally {
      this.submit.disabled = false;
    }
  }

  fail(message, field) {
    this.error.textContent = message;
    field?.focus();
  }
}
