// The header's counts on the pages other than the overview: links to the overview filtered by that state or level.
import { el, oncePerFrame } from "./dom.js";
import { LEVELS, STATES } from "./fleet.js";

export class CountLinks {
  /** @param {HTMLElement} nav @param {import("./fleet.js").Fleet} fleet */
  constructor(nav, fleet) {
    this.fleet = fleet;
    /** Counted again at the next frame at most once, however many hosts a feed frame changed. */
    this.invalidate = oncePerFrame(() => this.render());
    this.links = [];
    for (const [kind, names] of [["state", STATES], ["level", LEVELS]]) {
      for (const name of names) {
        const link = el("a", `count ${kind}-${name}`);
        link.href = `/?${kind}=${name}`;
        link.dataset.kind = kind;
        link.dataset.value = name;
        this.links.push(link);
      }
    }
    nav.replaceChildren(...this.links);
    this.render();
  }


  render() {
    const counts = this.fleet.counts();
    for (const link of this.links) link.textContent = `${counts[link.dataset.kind][link.dataset.value]} ${link.dataset.value}`;
  }
}
