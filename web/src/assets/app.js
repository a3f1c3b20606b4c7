// The dashboard's entry: one feed for the whole page, and the page the path names.
import { LiveFeed } from "./feed.js";
import { Fleet } from "./fleet.js";
import { Overview } from "./overview.js";
import { readViewState } from "./view-state.js";

const fleet = new Fleet();
const main = document.getElementById("page");
const connection = document.querySelector(".connection");
const page = new Overview(main, document.querySelector(".counts"), fleet, readViewState());

const LABELS = { connecting: "connecting…", live: "live", reconnecting: "reconnecting…" };

new LiveFeed({
  snapshot(hosts) { fleet.replace(hosts); page.invalidate(); },
  host(host) { fleet.set(host); page.invalidate(); },
  removed(name) { fleet.remove(name); page.invalidate(); },
  status(state) {
    connection.textContent = LABELS[state];
    connection.dataset.state = state;
  },
}).start();
