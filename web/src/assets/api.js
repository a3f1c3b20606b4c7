// Calls to the API of docs/api.md with the session's token; a 401 asks for the token once and tries again.
import { askToken, currentToken, restoreToken } from "./token.js";

/** An answer other than 2xx, with the API's error word (docs/api.md, Errors) and its sentence for people. */
export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail || error);
    this.status = status;
    this.error = error;
  }
}

/**
 * A JSON call; resolves to the parsed body (null for an empty one) or throws an ApiError.
 * @param {string} path @param {{method?: string, body?: unknown}} [options]
 */
export async function api(path, { method = "GET", body } = {}) {
  let before = null;
  for (let asked = false; ; asked = true) {
    const headers = { Accept: "application/json" };
    const token = currentToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && !asked) {
      const reason = method === "GET"
        ? "This server shows its data only with its read token (or its API token)."
        : "This change needs the server's API token.";
      before = token;
      if (await askToken(reason) !== null) continue;
    }
    // A token just given and refused is not kept: the next call asks again rather than failing with it.
    if (response.status === 401 && asked) restoreToken(before);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, data?.error ?? `http_${response.status}`, data?.detail);
    return data;
  }
}

/** A query string from the non-empty values of an object: query({ host: "a", kind: "" }) is "?host=a". */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
