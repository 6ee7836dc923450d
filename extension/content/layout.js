// Makes room for the banner instead of covering the page: the document is
// pushed down by the banner's height (a margin on <html>), and every fixed or
// sticky element that sits in that strip (site headers, sticky navigation) is
// moved down by the same amount. reserve(0) puts everything back as it was.
// Part of the content script (a classic script: it shares the isolated
// world's `sauattyContent` namespace with the others, which pages cannot see).

(() => {
  'use strict';

  const ns = (globalThis.sauattyContent ??= {});
  const MAX_ELEMENTS = 10000;  // bounds the scan on huge pages (fixed headers come early in the DOM)
  const RESCAN_MS = 250;

  let height = 0;
  let ownHost = null;
  let saved = null;  // <html>'s own inline margin-top and position, to restore
  const moved = new Map();  // element -> {value, priority, top}: its inline top before, its own top in px
  let observer = null;
  let timer = 0;

  function setImportant(el, prop, value) {
    // Unchanged values are not written again: each write is a mutation the observer would see.
    if (el.style.getPropertyValue(prop) === value && el.style.getPropertyPriority(prop) === 'important') return;
    el.style.setProperty(prop, value, 'important');
  }

  function restoreInline(el, prop, value, priority) {
    if (value) el.style.setProperty(prop, value, priority);
    else el.style.removeProperty(prop);
  }

  /** Moves fixed and sticky elements out of the banner's strip (and back when height is 0). */
  function adjust() {
    timer = 0;
    for (const [el, orig] of moved) {
      if (!el.isConnected) moved.delete(el);
      else if (height) setImportant(el, 'top', `${orig.top + height}px`);
      else restoreInline(el, 'top', orig.value, orig.priority);
    }
    if (!height) {
      moved.clear();
      return;
    }
    const all = document.body ? document.body.getElementsByTagName('*') : [];
    const n = Math.min(all.length, MAX_ELEMENTS);
    for (let i = 0; i < n; i++) {
      const el = all[i];
      if (moved.has(el) || el === ownHost) continue;
      const cs = getComputedStyle(el);
      if (cs.position !== 'fixed' && cs.position !== 'sticky') continue;
      if (cs.top === 'auto' || cs.display === 'none') continue;
      const top = parseFloat(cs.top);
      // A fixed element counts when it starts inside the strip the banner
      // takes; a sticky one when it would stick inside it.
      if (!Number.isFinite(top) || top >= height) continue;
      if (cs.position === 'fixed' && el.getBoundingClientRect().top >= height) continue;
      moved.set(el, {value: el.style.getPropertyValue('top'), priority: el.style.getPropertyPriority('top'), top});
      setImportant(el, 'top', `${top + height}px`);
    }
  }

  function scheduleAdjust() {
    if (!timer && height) timer = setTimeout(adjust, RESCAN_MS);
  }

  /**
   * Keeps `px` pixels free at the top of the viewport for `host` (the banner).
   * Elements the page adds later (a header drawn by a script) are moved too.
   */
  ns.reserve = (px, host) => {
    const html = document.documentElement;
    ownHost = host ?? ownHost;
    if (px > 0 && !saved) {
      saved = {margin: html.style.getPropertyValue('margin-top'),
               marginPriority: html.style.getPropertyPriority('margin-top'),
               base: parseFloat(getComputedStyle(html).marginTop) || 0,
               position: html.style.getPropertyValue('position'),
               positionPriority: html.style.getPropertyPriority('position'),
               static: getComputedStyle(html).position === 'static'};
    }
    height = Math.max(0, Math.ceil(px));
    if (height && saved) {
      setImportant(html, 'margin-top', `${saved.base + height}px`);
      // Absolutely positioned page elements follow the push as well.
      if (saved.static) setImportant(html, 'position', 'relative');
    } else if (saved) {
      restoreInline(html, 'margin-top', saved.margin, saved.marginPriority);
      restoreInline(html, 'position', saved.position, saved.positionPriority);
      saved = null;
    }
    adjust();
    if (height && !observer) {
      observer = new MutationObserver(scheduleAdjust);
      observer.observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                                  attributeFilter: ['class', 'style']});
      addEventListener('resize', scheduleAdjust);
      addEventListener('DOMContentLoaded', scheduleAdjust);
      addEventListener('load', scheduleAdjust);
    } else if (!height && observer) {
      observer.disconnect();
      observer = null;
      removeEventListener('resize', scheduleAdjust);
    }
  };
})();
