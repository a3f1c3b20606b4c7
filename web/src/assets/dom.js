// Element building without HTML strings: text from heartbeats only ever reaches the page as textContent.

/** An element with a class and, optionally, text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
