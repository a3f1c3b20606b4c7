// The dashboard's entry: one feed for the whole page, the header's navigation, and the page the path names. Every
// view is its own URL (served by hbd as the same page), so links, reloads and the back button work as usual.
import { CountLinks } from "./count-links.js";
import { LiveFeed } from "./feed.js";
import { Fleet } from "./fleet.js";
import { currentToken, forgetToken } from "./token.js";

/** Path → the module of its page; each exports `createPage(main, context)` returning an object with optional hooks. */
const ROUTES = [
  [/^\/$/, "overview.js", "hosts"],
  [/^\/hosts\/(.+)$/, "host-page.js", "hosts"],
  [/^\/journal$/, "journal-page.js", "journal"],
  [/^\/silences$/, "silences-page.js", "silences"],
  [/^\/status$/, "status-page.js", "status"],
];

const LABELS = { connecting: "connecting…", live: "live", reconnecting: "reconnecting…" };

const fleet = new Fleet();
const main = document.getElementById("page");
const connection = document.querySelector(".connection");
const [, module, section, param] = route(location.pathname);
markSection(section);
setUpTokenButton();

// The feed is opened before the page's module loads, so the snapshot (megabytes for a large fleet) is already on its
// way; until the page is there, its messages only update the fleet, which the page draws from when it starts.
let page = {};
const counts = document.querySelector(".counts");
// The overview draws its own counts (buttons that filter it); elsewhere they are links to it.
const countLinks = module === "overview.js" ? null : new CountLinks(counts, fleet);
const changed = (name) => {
  countLinks?.invalidate();
  page.fleetChanged?.(name);
};
new LiveFeed({
  snapshot(hosts) { fleet.replace(hosts); changed(); },
  host(host) { fleet.set(host); changed(host.name); },
  removed(name) { fleet.remove(name); changed(name); },
  event(entry) { page.journalEntry?.(entry); },
  status(state) {
    connection.textContent = LABELS[state];
    connection.dataset.state = state;
  },
}).start();

const { createPage } = await import(`./${module}`);
page = createPage(main, { fleet, param, counts });

function route(path) {
  for (const [pattern, file, name] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return [path, file, name, match[1] === undefined ? undefined : decodeURIComponent(match[1])];
  }
  return [path, "overview.js", "hosts", undefined];
}

function markSection(name) {
  for (const link of document.querySelectorAll(".sections a")) {
    if (link.dataset.section === name) link.setAttribute("aria-current", "page");
  }
}

/** "Forget token" while the tab holds one; the token itself is asked for by the first call refused without it. */
function setUpTokenButton() {
  const button = document.querySelector(".forget-token");
  const update = () => { button.hidden = currentToken() === null; };
  button.addEventListener("click", () => { forgetToken(); location.reload(); });
  addEventListener("storage", update);
  addEventListener("hbd-token", update);
  update();
}
