// The WebSocket feed of docs/api.md: a snapshot, then frames of committed changes. A lost connection is re-opened by
// itself with ?since= the last sequence number, so the server sends only what was missed (or a new snapshot).

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

export class LiveFeed {
  /**
   * @param {{snapshot(hosts: object[]): void, host(host: object): void, removed(name: string): void,
   *          status(state: "connecting"|"live"|"reconnecting"): void}} sink
   */
  constructor(sink) {
    this.sink = sink;
    this.seq = null;
    this.delay = MIN_DELAY_MS;
    this.socket = null;
  }

  start() {
    this.sink.status(this.seq === null ? "connecting" : "reconnecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const since = this.seq === null ? "" : `?since=${this.seq}`;
    const socket = new WebSocket(`${scheme}//${location.host}/ws${since}`);
    this.socket = socket;
    socket.addEventListener("open", () => this.sink.status("live"));
    socket.addEventListener("message", (e) => this.receive(JSON.parse(e.data)));
    socket.addEventListener("close", () => this.retry(socket));
  }

  receive(message) {
    if (message.type === "snapshot") {
      this.sink.snapshot(message.hosts);
    } else {
      for (const change of message.changes ?? []) {
        if (change.type === "host") this.sink.host(change.host);
        else if (change.type === "removed") this.sink.removed(change.name);
      }
    }
    this.seq = message.seq;
    this.delay = MIN_DELAY_MS;
  }

  retry(socket) {
    if (socket !== this.socket) return;
    this.sink.status("reconnecting");
    setTimeout(() => this.start(), this.delay);
    this.delay = Math.min(MAX_DELAY_MS, this.delay * 2);
  }
}
