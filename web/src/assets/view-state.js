// What the overview shows (filter and sort) lives in the page's URL, so a link to it shows the same.

const KEYS = ["q", "state", "level", "class", "sort", "desc"];

export function readViewState(search = location.search) {
  const params = new URLSearchParams(search);
  const list = (key) => (params.get(key) ?? "").split(",").filter((s) => s.length > 0);
  return {
    q: params.get("q") ?? "",
    state: list("state"),
    level: list("level"),
    classes: list("class"),
    sort: params.get("sort") ?? "name",
    desc: params.get("desc") === "1",
  };
}

/** Replaces the URL's query with the view; replaceState, so typing in the filter does not fill the history. */
export function writeViewState(view) {
  const params = new URLSearchParams(location.search);
  for (const key of KEYS) params.delete(key);
  if (view.q) params.set("q", view.q);
  if (view.state.length) params.set("state", view.state.join(","));
  if (view.level.length) params.set("level", view.level.join(","));
  if (view.classes.length) params.set("class", view.classes.join(","));
  if (view.sort !== "name") params.set("sort", view.sort);
  if (view.desc) params.set("desc", "1");
  const query = params.toString();
  history.replaceState(null, "", query ? `${location.pathname}?${query}` : location.pathname);
}
