// The content script: tells the background what the page says about itself
// (metadata), shows the banner on a flagged source, and marks links that
// lead to flagged sources. A classic script (Chrome cannot load content
// scripts as modules), so it is self-contained; the background sends every
// text it shows, already in the user's language.
//
// It never changes a link: a mark is a separate element next to it. It runs
// at document_start, after content/meta.js, content/layout.js,
// content/banner.js and content/marks.js (the manifest lists them in that
// order; they share the isolated world's `sauattyContent` namespace, which
// pages cannot see).

(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  // Injected again by the background into a page that loaded before the
  // extension was ready: one copy is enough.
  if (globalThis.sauattyContent?.started) return;
  const MAX_LINKS_PER_PAGE = 20000;  // bounds a page that keeps adding links (infinite feeds)
  const LINK_SCAN_DELAY_MS = 800;
  const MAX_RESOURCES = 2000;  // the host's bound for one batch of requests

  // --- Link marks ------------------------------------------------------------

  const ns = globalThis.sauattyContent ?? {};
  // When this page's verdict came, in ms after its navigation started, for
  // measuring the first page after a browser start
  // (tests/e2e/tools/first-page-timeline.mjs reads it): the first moment of
  // each step, and how many asks found no background listening.
  const timeline = ns.timeline = {failedAsks: 0};
  const stamp = (step) => {
    timeline[step] ??= Math.round(performance.now());
  };
  stamp('started');
  const anchorsByUrl = new Map();  // href -> [anchor] not yet answered
  const verdicts = new Map();  // href -> mark | null (answered)
  let scanTimer = 0;
  let linksSent = 0;

  // An off-site link, or a same-site one that carries an address (a search
  // engine's or a social network's redirect: the background unwraps it).
  function linkUrl(a) {
    const href = a.href;
    if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return null;
    const url = href.split('#')[0];
    try {
      if (new URL(url).hostname === location.hostname && !/[=*]https?(:|%3A)/i.test(url)) return null;
    } catch {
      return null;
    }
    return url;
  }

  function scanLinks() {
    scanTimer = 0;
    const fresh = [];
    for (const a of document.querySelectorAll('a[href], area[href]')) {
      if (a.nextElementSibling?.localName === ns.MARK_TAG) continue;
      const url = linkUrl(a);
      if (!url || ns.inNavigation(a)) continue;
      if (verdicts.has(url)) {
        const mark = verdicts.get(url);
        if (mark) ns.markLink(a, mark);
        continue;
      }
      let list = anchorsByUrl.get(url);
      if (!list) {
        if (linksSent + fresh.length >= MAX_LINKS_PER_PAGE) continue;
        anchorsByUrl.set(url, list = []);
        fresh.push(url);
      }
      if (!list.includes(a)) list.push(a);
    }
    if (!fresh.length) return;
    linksSent += fresh.length;
    send({type: 'links', links: fresh}).then((answer) => {
      const marks = new Map((answer?.marks ?? []).map((m) => [m.url, m]));
      for (const url of fresh) {
        const mark = marks.get(url) ?? null;
        verdicts.set(url, mark);
        const anchors = anchorsByUrl.get(url) ?? [];
        anchorsByUrl.delete(url);
        if (mark) anchors.forEach((a) => ns.markLink(a, mark));
      }
      if (answer?.legend && marks.size) {
        ns.showLegend(answer.legend, answer.lang);
        send({type: 'legend-shown'});
      }
    });
  }

  let watching = false;

  function watchLinks() {
    if (watching) return;
    watching = true;
    scanLinks();
    new MutationObserver((records) => {
      if (scanTimer) return;
      const added = records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 &&
          n.localName !== ns.MARK_TAG && n.id !== ns.BANNER_ID && n.id !== 'sauatty-legend'));
      if (added) scanTimer = setTimeout(scanLinks, LINK_SCAN_DELAY_MS);
    }).observe(document.documentElement, {childList: true, subtree: true});
  }

  // --- Talking to the background ------------------------------------------

  let stopped = false;

  // Right after a browser start the page can be here before the background
  // listens ("Receiving end does not exist"): ask again every 50 ms for the
  // first two seconds, then less often, for up to about 7 s. On the first
  // page after a browser start the answer came 70–900 ms after this script
  // started (docs/EXTENSION.md); a failed ask costs next to nothing, while a
  // longer gap between asks in that window delayed the banner by up to the gap.
  // The background also says when it is up (a ping), which asks again at once.
  const RETRY_MS = [...new Array(40).fill(50), 200, 400, 800, 1600, 2000];

  const wakers = new Set();  // questions waiting to be asked again

  async function send(message) {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        return await api.runtime.sendMessage(message);
      } catch {
        timeline.failedAsks++;
        // No runtime id: the extension was updated or removed, this script is orphaned.
        if (!api.runtime?.id || attempt >= RETRY_MS.length) stopped = !api.runtime?.id;
        if (stopped || attempt >= RETRY_MS.length) return null;
        await new Promise((r) => {
          const timer = setTimeout(r, RETRY_MS[attempt]);
          wakers.add(() => {
            clearTimeout(timer);
            r();
          });
        });
      }
    }
    return null;
  }

  const whenParsed = (fn) => {
    if (document.readyState === 'loading') addEventListener('DOMContentLoaded', fn, {once: true});
    else fn();
  };

  let generation = 0;  // answers for an older address of this document are dropped

  let resourcesSent = false;

  // The page loaded before the extension listened: its own record of what
  // it loaded (Resource Timing) stands in for the requests nobody saw.
  function sendResources() {
    if (resourcesSent) return;
    resourcesSent = true;
    const entries = performance.getEntriesByType('resource').slice(0, MAX_RESOURCES)
        .map((e) => ({url: e.name, type: e.initiatorType}));
    send({type: 'resources', entries});
  }

  let answered = false;  // a background has answered this document (so it knew it)

  function apply(answer, gen) {
    if (answer) answered = true;
    if (!answer?.active || gen !== generation) return;
    stamp('answered');
    if (answer.wantResources) {
      if (document.readyState === 'complete') sendResources();
      else addEventListener('load', sendResources, {once: true});
    }
    ns.showBanner(answer.banner, {
      onDetails: () => send({type: 'open-details'}),
      onDismiss: () => send({type: 'dismiss'}),
    });
    if (answer.banner) stamp('shown');
    if (answer.markLinks) whenParsed(watchLinks);
  }

  // The verdict on the address comes first (at document_start, so that the
  // banner shows while the page loads); the metadata follows once parsed.
  async function report() {
    const gen = ++generation;
    stamp('asked');
    send({type: 'page-start', url: location.href}).then((answer) => apply(answer, gen));
    whenParsed(async () => apply(await send({type: 'page-meta', url: location.href, meta: ns.extractMeta(document)}), gen));
  }

  async function reportAgain() {
    const answer = await send({type: 'page-start', url: location.href});
    send({type: 'page-meta', url: location.href, meta: ns.extractMeta(document)});
    if (answer?.active && answer.wantResources) {
      resourcesSent = false;
      sendResources();
    }
  }

  // A single-page app moved to another article: read its metadata again
  // once the app has had a moment to update the title and meta tags.
  const SPA_SETTLE_MS = 300;
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (message?.type === 'ping') {
      sendResponse({ok: true});
      // The background is up now: questions waiting to be asked again go at once.
      const waiting = [...wakers];
      wakers.clear();
      waiting.forEach((wake) => wake());
      // Asked although a background answered this document before: the
      // service worker was stopped and started again, and knows nothing of
      // the page. Tell it again (the verdict, and what the page loaded from
      // its own Resource Timing), leaving the banner as it is.
      if (!waiting.length && answered) reportAgain();
      return;
    }
    if (message?.type !== 'location-changed') return;
    const gen = ++generation;
    send({type: 'page-start', url: location.href}).then((answer) => apply(answer, gen));
    setTimeout(async () => apply(await send({type: 'page-meta', url: location.href, meta: ns.extractMeta(document)}), gen),
               SPA_SETTLE_MS);
  });

  ns.started = true;
  report();
  // A page restored from the back/forward cache runs no script again: report it anew.
  addEventListener('pageshow', (e) => {
    if (e.persisted) report();
  });
})();
