// Element building without HTML strings: text from heartbeats only ever reaches the page as textContent.

/** An element with a class and, optionally, text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A function that runs `fn` at the next animation frame, once however often it is called before then: a feed frame
 * that changes a thousand hosts redraws once.
 */
export function oncePerFrame(fn) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fn();
    });
  };
}
