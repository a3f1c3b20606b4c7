// The token the API asks for: the read_token for reads when one is set, the api_token for changes. It is asked for
// once, when a call is refused without it, and kept in this tab's session storage, so it goes when the tab closes.
import { el } from "./dom.js";

const KEY = "hbd.token";

export function currentToken() {
  return sessionStorage.getItem(KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  dispatchEvent(new Event("hbd-token"));
}

/** Puts back the token held before one that was refused, or none. */
export function restoreToken(token) {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
  dispatchEvent(new Event("hbd-token"));
}

let asking = null;

/**
 * Asks for a token in a modal dialog; resolves to the token given (and kept), or null when the user cancels.
 * Calls that are refused at once share one dialog.
 */
export function askToken(reason) {
  asking ??= showDialog(reason).finally(() => { asking = null; });
  return asking;
}

function showDialog(reason) {
  return new Promise((resolve) => {
    const dialog = el("dialog", "token-dialog");
    const form = el("form");
    form.method = "dialog";
    const label = el("label", "field");
    const input = el("input");
    input.type = "password";
    input.name = "token";
    input.autocomplete = "off";
    input.required = true;
    label.append(el("span", null, "Token"), input);
    const ok = el("button", "primary", "Use token");
    ok.value = "ok";
    const cancel = el("button", null, "Cancel");
    cancel.value = "cancel";
    cancel.type = "button";
    cancel.addEventListener("click", () => dialog.close("cancel"));
    const buttons = el("div", "buttons");
    buttons.append(ok, cancel);
    form.append(el("h2", null, "Token needed"), el("p", null, reason), label, buttons);
    dialog.append(form);
    dialog.addEventListener("close", () => {
      const token = dialog.returnValue === "ok" ? input.value.trim() : "";
      dialog.remove();
      if (token) {
        sessionStorage.setItem(KEY, token);
        dispatchEvent(new Event("hbd-token"));
      }
      resolve(token || null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
