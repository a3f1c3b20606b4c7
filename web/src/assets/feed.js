// The WebSocket feed of docs/api.md: a snapshot, then frames of committed changes. A lost connection is re-opened by
// itself with ?since= the last sequence number, so the server sends only what was missed (or a new snapshot). With a
// read_token set the feed needs ?token= (a browser cannot set headers on a WebSocket).
import { api } from "./api.js";
import { currentToken } from "./token.js";

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

export class LiveFeed {
  /**
   * @param {{snapshot(hosts: object[]): void, host(host: object): void, removed(name: string): void,
   *          event(entry: object): void, status(state: "connecting"|"live"|"reconnecting"): void}} sink
   */
  constructor(sink) {
    this.sink = sink;
    this.seq = null;
    this.delay = MIN_DELAY_MS;
    this.socket = null;
    this.opened = false;
    this.declined = false;
  }

  start() {
    this.sink.status(this.seq === null ? "connecting" : "reconnecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const params = new URLSearchParams();
    if (this.seq !== null) params.set("since", String(this.seq));
    const token = currentToken();
    if (token) params.set("token", token);
    const search = params.size ? `?${params}` : "";
    const socket = new WebSocket(`${scheme}//${location.host}/ws${search}`);
    this.socket = socket;
    this.opened = false;
    socket.addEventListener("open", () => {
      this.opened = true;
      this.sink.status("live");
    });
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
        else if (change.type === "event") this.sink.event(change.event);
      }
    }
    this.seq = message.seq;
    this.delay = MIN_DELAY_MS;
  }

  retry(socket) {
    if (socket !== this.socket) return;
    this.sink.status("reconnecting");
    // A browser is not told why a WebSocket was refused; a call to the API is, and a 401 there asks for the token.
    // Once the question is cancelled it is not put again at every retry: a reload asks anew.
    const probe = this.opened || this.declined ? Promise.resolve()
      : api("/api/status").catch((error) => { this.declined = error?.status === 401; });
    probe.then(() => setTimeout(() => this.start(), this.delay));
    this.delay = Math.min(MAX_DELAY_MS, this.delay * 2);
  }
}
