// Draws only the rows in view (plus a few around), so ten thousand hosts cost as much as the forty on screen.
const ROW_HEIGHT = 34; // matches .row in style.css
const OVERSCAN = 6;

export class VirtualList {
  /** @param {HTMLElement} viewport the scrolling element; create/fill make and refill a row element. */
  constructor(viewport, create, fill) {
    this.viewport = viewport;
    this.create = create;
    this.fill = fill;
    this.items = [];
    this.pool = [];
    this.spacer = document.createElement("div");
    this.spacer.className = "spacer";
    viewport.append(this.spacer);
    viewport.addEventListener("scroll", () => this.draw(), { passive: true });
    new ResizeObserver(() => this.draw()).observe(viewport);
  }

  setItems(items) {
    this.items = items;
    this.spacer.style.height = `${items.length * ROW_HEIGHT}px`;
    this.draw();
  }

  /** The row elements in use now, for updates that touch only what is shown. */
  visibleRows() {
    return this.pool.filter((row) => !row.hidden);
  }

  draw() {
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.ceil(this.viewport.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(this.items.length, first + count);
    while (this.pool.length < last - first) {
      const row = this.create();
      this.pool.push(row);
      this.spacer.append(row);
    }
    const now = Date.now();
    this.pool.forEach((row, i) => {
      const index = first + i;
      row.hidden = index >= last;
      if (row.hidden) return;
      row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      row.setAttribute("aria-rowindex", String(index + 2));
      this.fill(row, this.items[index], now);
    });
  }
}
