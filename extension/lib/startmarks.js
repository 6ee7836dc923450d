// Marks on the way to the first page's verdict, for measuring where the
// first page after a browser start spends its time
// (tests/e2e/tools/first-page-timeline.mjs reads them; DevTools shows them
// in a performance recording of the service worker).
//
// Contract: markOnce(name) adds a User Timing mark `sauatty:<name>` the
// first time it is called with that name in this worker, and never again:
// the marks stay bounded however long the worker runs. Names are fixed
// words, never a URL or anything from a page.

const marked = new Set();

export function markOnce(name) {
  if (marked.has(name)) return;
  marked.add(name);
  globalThis.performance?.mark?.(`sauatty:${name}`);
}
