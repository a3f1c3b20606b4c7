// Host name patterns as the server reads them (docs/configuration.md, classes): `*` is any run of characters, `?`
// one character, letters match in any case, and a pattern matches a whole name.

/** A RegExp for one pattern; every character but `*` and `?` stands for itself. */
export function globToRegExp(pattern) {
  let source = "";
  for (const char of pattern) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "iu");
}

/** The names that match at least one of the patterns, in the order given. */
export function matchingNames(patterns, names) {
  const expressions = patterns.map(globToRegExp);
  return names.filter((name) => expressions.some((expression) => expression.test(name)));
}
