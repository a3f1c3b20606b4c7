// What an operator does to a host: silence it for a while (POST /api/silences, with the host's own name as the
// pattern, which matches only it) and forget it (DELETE /api/hosts/{name}, after a confirmation).
import { api } from "./api.js";
import { el } from "./dom.js";
import { localTime } from "./times.js";

const DURATIONS = [["1h", "1 hour"], ["4h", "4 hours"], ["1d", "1 day"], ["7d", "7 days"], ["custom", "until…"]];

/**
 * @param {() => string} name the host's name as the server spells it
 * @param {{ silenced: () => void }} hooks what to do once a silence is made (the host shows its silenced_until)
 */
export function hostActions(name, { silenced }) {
  const node = el("div", "host-actions");
  const status = el("p", "action-status");
  status.setAttribute("role", "status");
  const show = (text, isError) => {
    status.className = `action-status ${isError ? "error" : "muted"}`;
    status.textContent = text;
  };

  const silenceButton = el("button", null, "Silence…");
  silenceButton.type = "button";
  silenceButton.setAttribute("aria-expanded", "false");
  const toggle = (open) => {
    form.hidden = !open;
    silenceButton.setAttribute("aria-expanded", String(open));
    (open ? form.querySelector("select") : silenceButton).focus();
  };
  const form = silenceForm(name, show, () => {
    toggle(false);
    silenced();
  });
  silenceButton.addEventListener("click", () => toggle(form.hidden));

  const deleteButton = el("button", "danger", "Delete host…");
  deleteButton.type = "button";
  deleteButton.addEventListener("click", async () => {
    if (!(await confirmDelete(name()))) return;
    show("Deleting…", false);
    try {
      await api(`/api/hosts/${encodeURIComponent(name())}`, { method: "DELETE" });
      location.assign("/");
    } catch (error) {
      show(`The host was not deleted: ${error.message}`, true);
    }
  });

  const buttons = el("div", "buttons");
  buttons.append(silenceButton, deleteButton);
  node.append(buttons, form, status);
  return node;
}

/** The silence form; `done` runs once a silence is made. */
function silenceForm(name, show, done) {
  const form = el("form", "silence-form");
  form.hidden = true;
  const duration = el("select");
  for (const [value, label] of DURATIONS) {
    const option = el("option", null, label);
    option.value = value;
    duration.append(option);
  }
  const end = el("input");
  end.type = "datetime-local";
  const endField = field("Until (local time)", end);
  endField.hidden = true;
  duration.addEventListener("change", () => {
    endField.hidden = duration.value !== "custom";
    end.required = !endField.hidden;
  });
  const reason = el("input");
  reason.type = "text";
  reason.maxLength = 1024;
  reason.placeholder = "kernel upgrade";
  const submit = el("button", "primary", "Silence");
  submit.type = "submit";
  form.append(field("Silence for", duration), endField, field("Reason", reason), submit);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const until = duration.value === "custom" ? new Date(end.value).toISOString() : duration.value;
    const body = { hosts: [name()], until };
    if (reason.value.trim()) body.comment = reason.value.trim();
    submit.disabled = true;
    try {
      const silence = await api("/api/silences", { method: "POST", body });
      show(`Silenced until ${localTime(silence.until)}.`, false);
      reason.value = "";
      done();
    } catch (error) {
      show(`No silence was made: ${error.message}`, true);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function field(label, input) {
  const wrap = el("label", "field");
  wrap.append(el("span", null, label), input);
  return wrap;
}

/** A modal confirmation; resolves to true when the user chooses to delete. */
function confirmDelete(name) {
  return new Promise((resolve) => {
    const dialog = el("dialog", "confirm-dialog");
    const form = el("form");
    form.method = "dialog";
    const yes = el("button", "danger", "Delete");
    yes.value = "delete";
    const no = el("button", null, "Cancel");
    no.value = "cancel";
    const buttons = el("div", "buttons");
    buttons.append(yes, no);
    form.append(el("h2", null, `Delete ${name}?`),
      el("p", null, "hbd forgets the host, its metrics history and its state. A heartbeat from it later makes it a new host."),
      buttons);
    dialog.append(form);
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "delete");
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
