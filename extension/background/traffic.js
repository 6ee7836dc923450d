// What tabs load: navigations start a tab's state, sub-resource requests are
// batched per tab and asked about (`requests`), in-page navigations of
// single-page apps start the verdict again, and pages that loaded before the
// background listened get the content script and report their own
// resources. Observe only: nothing is ever blocked.
//
// Requests that cannot be asked about yet (the tab's page URL unknown, the
// host not ready) wait in the backlog and are replayed, never dropped.
//
// Contract: startTraffic() adds its listeners synchronously (call it at the
// service worker's top level). Per-tab state lives in `tabs` (memory only).

import {Batcher} from '../lib/batcher.js';
import {chunk, isHttpUrl, LIMITS, readRequestResult, requestsMessage, stripFragment} from '../lib/messages.js';
import {isRouteFragment} from '../lib/redirects.js';
import {resourceRequests} from '../lib/resources.js';
import {markOnce} from '../lib/startmarks.js';
import {applyResults} from '../lib/tabstate.js';

// A page parsed whose content script has not spoken after this long is
// asked (ping) and, if nobody answers, given the content script.
const ADOPT_AFTER_MS = 300;

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {import('../lib/tabstate.js').TabStore} o.tabs
 * @param {import('../lib/backlog.js').Backlog} o.backlog
 * @param {import('../lib/port.js').HostPort} o.port
 * @param {object} o.config background/config.js
 * @param {object} o.checks background/checks.js
 * @param {(tab: number) => void} o.changed the tab's state changed (badge, popups)
 */
export function startTraffic({api, tabs, backlog, port, config, checks, changed}) {
  // A tab's requests go to the host in batches: 50, or 250 ms after the first.
  const batcher = new Batcher({flush: (tab, items) => sendRequests(tab, items)});

  /** A new document in the tab: a fresh state, and `page` asked at once, without metadata. */
  function startPage(tab, url, timeStamp) {
    if (tabs.isStale(tab, timeStamp)) return;
    markOnce('navigation-seen');
    batcher.drop(tab);
    backlog.drop(tab);
    const state = tabs.reset(tab, isHttpUrl(url) ? stripFragment(url) : null, timeStamp);
    state.sawStart = true;
    if (state.url) checks.check(tab, state);
    changed(tab);
  }

  async function sendRequests(tab, items) {
    await config.known;
    const state = tabs.get(tab);
    if (!state || !config.active()) return;
    if (!state.url) {
      // The page's own navigation was not seen (the browser started with it):
      // hold the requests until the content script or webNavigation names it.
      countRefused(state, backlog.add(tab, items));
      return;
    }
    for (const part of chunk(items, LIMITS.requestsPerBatch)) {
      let results;
      try {
        const answer = await port.request(requestsMessage(tab, state.url, part));
        const raw = Array.isArray(answer.results) ? answer.results : [];
        results = part.map((_, i) => readRequestResult(raw[i]));
      } catch (e) {
        if (!tabs.isCurrent(tab, state)) return;
        if (e.code === 'host_unavailable') {
          countRefused(state, backlog.add(tab, part));  // asked again when the host is back
          continue;
        }
        results = part.map(() => null);
      }
      if (!tabs.isCurrent(tab, state)) return;
      applyResults(state, results);
      changed(tab);
    }
  }

  function countRefused(state, n) {
    if (n > 0) applyResults(state, new Array(n).fill(null));
  }

  /** The tab's page URL became known: its held requests go now. */
  function release(tab) {
    const items = backlog.take(tab);
    if (items.length) sendRequests(tab, items);
  }

  /** The host is (back) up: held requests and unanswered pages are asked now. */
  function replayAll() {
    for (const tab of backlog.tabs()) release(tab);
    for (const tab of tabs.ids()) {
      const state = tabs.get(tab);
      if (state?.url && !state.checked && !state.checking) checks.check(tab, state);
    }
  }

  /** Consent withdrawn: nothing unsent is kept. */
  function dropAll() {
    for (const tab of tabs.ids()) {
      batcher.drop(tab);
      backlog.drop(tab);
    }
  }

  /** The resources a page loaded before the background listened (performance entries), counted once. */
  function countResources(tab, entries) {
    const state = tabs.get(tab);
    if (!state || state.sawStart || state.seenUrls === null) return false;
    const seen = state.seenUrls ?? new Set();
    state.seenUrls = null;  // once per page
    for (const r of resourceRequests(entries, seen, LIMITS.requestsPerBatch)) batcher.add(tab, r);
    return true;
  }

  /** Requests seen but not asked about yet: the popup must not say "no trackers". */
  const waiting = (tab) => backlog.size(tab) + batcher.pending(tab);

  // --- Requests ----------------------------------------------------------------

  api.webRequest.onBeforeRequest.addListener((d) => {
    if (d.tabId < 0 || d.documentLifecycle === 'prerender') return;
    if (d.type === 'main_frame') {
      startPage(d.tabId, d.url, d.timeStamp);
      return;
    }
    if (!isHttpUrl(d.url) && !/^wss?:\/\//i.test(d.url)) return;
    const state = tabs.ensure(d.tabId, null);
    // A page whose navigation was not seen reports its resources itself
    // (countResources); what was seen here is not counted twice. Memory
    // only, dropped once the page has reported.
    if (!state.sawStart && state.seenUrls !== null) (state.seenUrls ??= new Set()).add(d.url);
    batcher.add(d.tabId, {url: d.url, type: d.type});
  }, {urls: ['<all_urls>']});

  api.webRequest.onBeforeRedirect.addListener((d) => {
    if (d.tabId < 0 || d.type !== 'main_frame') return;
    const state = tabs.get(d.tabId);
    if (state && isHttpUrl(d.redirectUrl)) {
      state.url = stripFragment(d.redirectUrl);
      checks.check(d.tabId, state);
    }
  }, {urls: ['<all_urls>'], types: ['main_frame']});

  // --- Navigations ---------------------------------------------------------------

  api.webNavigation?.onCommitted.addListener((d) => {
    if (d.frameId !== 0 || !isHttpUrl(d.url)) return;
    const state = tabs.get(d.tabId);
    if (!state) {
      startPage(d.tabId, d.url, d.timeStamp);  // a navigation whose request was not seen
    } else if (!state.url) {
      state.url = stripFragment(d.url);
      checks.check(d.tabId, state);
      release(d.tabId);
    }
  });

  // Same document, new article (a single-page app): the verdict and the page
  // signals start again; what the document loaded (trackers) stays counted.
  function onInPageNavigation(d) {
    if (d.frameId !== 0 || !isHttpUrl(d.url)) return;
    const state = tabs.get(d.tabId);
    if (!state) return;
    const url = stripFragment(d.url);
    if (url === state.url && !isRouteFragment(d.url)) return;  // a jump to an anchor on the same article
    state.url = url;
    state.meta = null;
    state.checked = false;
    checks.check(d.tabId, state);
    api.tabs.sendMessage(d.tabId, {type: 'location-changed'}, {frameId: 0}).catch(() => {});
  }
  api.webNavigation?.onHistoryStateUpdated.addListener(onInPageNavigation);
  api.webNavigation?.onReferenceFragmentUpdated.addListener(onInPageNavigation);

  // --- Pages that loaded before the extension was ready ---------------------------

  // The browser injects declared content scripts only into documents that
  // start after the extension is loaded: the first page after a browser
  // start may have none. When such a page is parsed and its content script
  // has not spoken, it is asked (ping) and, if nobody answers, given one.
  const contentFiles = api.runtime.getManifest().content_scripts[0].js;

  async function adopt(tab) {
    const state = tabs.get(tab);
    if (!state || state.reported || !api.scripting) return;
    const alive = await api.tabs.sendMessage(tab, {type: 'ping'}, {frameId: 0}).catch(() => null);
    if (alive || tabs.get(tab)?.reported) return;
    await api.scripting.executeScript({target: {tabId: tab, frameIds: [0]}, files: contentFiles})
        .catch(() => {});  // a page the extension may not touch (the browser's own pages)
  }

  api.webNavigation?.onDOMContentLoaded.addListener((d) => {
    if (d.frameId !== 0 || !isHttpUrl(d.url)) return;
    setTimeout(() => adopt(d.tabId), ADOPT_AFTER_MS);
  });

  // Tabs already open when the background starts (a browser restart restores
  // them, or the service worker was stopped and woke up again).
  api.tabs.query({}).then((open) => {
    for (const tab of open) {
      if (!isHttpUrl(tab.url)) continue;
      tabs.ensure(tab.id, stripFragment(tab.url));
      // A content script that asked before this background listened asks again now.
      api.tabs.sendMessage(tab.id, {type: 'ping'}, {frameId: 0}).catch(() => {});
      // Still loading: its content script may yet come by itself.
      setTimeout(() => adopt(tab.id), tab.status === 'complete' ? 0 : ADOPT_AFTER_MS * 3);
    }
  }).catch(() => {});

  // --- Tabs closing and swapping -----------------------------------------------------

  api.tabs.onRemoved.addListener((tab) => {
    batcher.drop(tab);
    backlog.drop(tab);
    tabs.delete(tab);
  });

  api.tabs.onReplaced.addListener((added, removed) => {
    tabs.replace(added, removed);
    changed(added);
  });

  return {release, replayAll, dropAll, countResources, waiting};
}
