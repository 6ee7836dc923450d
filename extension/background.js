// The background: observes what tabs load, asks sauatty-host about it over
// one native port, keeps the answers per tab in memory, sets the badge, and
// pushes each change to the popups that watch the tab.
// Chrome runs it as a module service worker, Firefox as an event page.
//
// Listeners are added synchronously at the top level (a service worker that
// wakes up for an event must find its listener there). Nothing waits on the
// administrator's policy (reading storage.managed can take seconds at browser
// start): events are recorded at once, and the host is asked as soon as the
// user's own consent answer (storage.local, a few milliseconds) is known.
// Requests that cannot be asked about yet (page URL unknown, host not ready)
// wait in a backlog and are replayed, never dropped.

import {Backlog} from './lib/backlog.js';
import {Batcher} from './lib/batcher.js';
import {BADGE_TEXT_COLOR, badgeFor} from './lib/badge.js';
import {loadTranslator, pickLanguage} from './lib/i18n.js';
import {
  chunk, isHttpUrl, LIMITS, linksMessage, pageMessage, readFlaggedLinks, readRequestResult,
  requestsMessage, stripFragment,
} from './lib/messages.js';
import {HostPort} from './lib/port.js';
import {groupLinks, isRouteFragment} from './lib/redirects.js';
import {resourceRequests} from './lib/resources.js';
import {SessionMemory} from './lib/session.js';
import {PopupWatchers} from './lib/watchers.js';
import {effectiveSettings, readPolicy} from './lib/settings.js';
import {
  applyPage, applyPageError, applyResults, summarize, TabStore, trackerCount,
} from './lib/tabstate.js';
import {badgeTitle, bannerView, linkMark, linkLegend} from './lib/texts.js';

const api = globalThis.browser ?? globalThis.chrome;
const isFirefox = typeof api.runtime.getBrowserInfo === 'function';
const EXTENSION_ORIGIN = api.runtime.getURL('');

const tabs = new TabStore();
const backlog = new Backlog();
const session = new SessionMemory({area: api.storage.session ?? null});
let policy = {};  // readPolicy(storage.managed), once read
let local = {};
let sessionChoice = {};
let settings = effectiveSettings({consentRequired: isFirefox});
let t = null;

const port = new HostPort({
  connect: () => api.runtime.connectNative('sauatty'),
  // Chrome reports the reason in runtime.lastError, Firefox in port.error.
  lastError: (p) => p?.error?.message ?? api.runtime.lastError?.message,
  extensionVersion: api.runtime.getManifest().version,
  onStatus: (status) => {
    if (status.state === 'connected') replayAll();
    pushAll();
  },
});

// A tab's requests go to the host in batches: 50, or 250 ms after the first.
const batcher = new Batcher({flush: (tab, items) => sendRequests(tab, items)});

// --- Settings: the user's answer first, the policy when it comes ---------------

function compute() {
  settings = effectiveSettings({policy, local, session: sessionChoice, consentRequired: isFirefox,
                                ephemeral: Boolean(api.extension?.inIncognitoContext)});
}

// Chromium's storage.managed.get can take seconds at start and, seen in the
// end-to-end tests, not answer at all later: it is read on its own, never
// in a chain that something else waits for.
async function readManaged() {
  try {
    return (await api.storage.managed.get(null)) ?? {};
  } catch {
    return {};  // No policy (Firefox rejects when no managed storage exists).
  }
}

const POLICY_WAIT_MS = 5000;  // how long a first-run consent question waits for a policy that may answer it

async function fetchJson(path) {
  const response = await fetch(api.runtime.getURL(path));
  return response.json();
}

async function loadTexts() {
  // The user's preferred content languages first: a Kazakh speaker often runs
  // a browser whose interface has no Kazakh but lists kk first there.
  const lang = pickLanguage({preference: settings.language,
                             uiLanguages: [...(navigator.languages ?? []), api.i18n.getUILanguage()]});
  if (t?.lang !== lang) t = await loadTranslator(lang, fetchJson);
}

async function readUserChoices() {
  const [stored, inSession] = await Promise.all([
    api.storage.local.get(['consent', 'language']).catch(() => ({})),
    api.storage.session?.get('language').catch(() => ({})) ?? {}]);
  local = stored ?? {};
  sessionChoice = inSession ?? {};
  compute();
}

// `known`: consent can be decided (storage.local read; on Firefox with no
// answer there, the policy read too). `texts`: words for banners and marks.
const policyRead = applyPolicy();
let known = readUserChoices().then(async () => {
  // An administrator may have consented for everyone: wait for the policy, a while.
  if (settings.consent === 'needed') {
    await Promise.race([policyRead, new Promise((r) => setTimeout(r, POLICY_WAIT_MS))]);
  }
});
let texts = known.then(loadTexts);
// The host starts (and loads its rules) while the browser is still starting,
// not when the first page asks.
known.then(() => {
  if (active()) port.retryNow();
});

async function applyPolicy() {
  policy = readPolicy(await readManaged());
  compute();
  await loadTexts();
  if (!active()) stopAll();
  setupIdle();
}

async function reloadAll() {
  await readUserChoices();
  await loadTexts();
  if (!active()) stopAll();
  for (const tab of tabs.ids()) updateBadge(tab);
}

const active = () => settings.consent === 'granted';

function stopAll() {
  port.close();
  for (const tab of tabs.ids()) {
    batcher.drop(tab);
    backlog.drop(tab);
    updateBadge(tab);
  }
}

// --- Public-PC mode: forget a patron's choices after N idle minutes -------------

let idleSetFor = 0;
function setupIdle() {
  if (!api.idle || !settings.publicPc || idleSetFor === settings.idleMinutes) return;
  idleSetFor = settings.idleMinutes;
  api.idle.setDetectionInterval(settings.idleMinutes * 60);
}

api.idle?.onStateChanged.addListener((state) => {
  if (state === 'active') return;
  known.then(async () => {
    if (!settings.publicPc) return;
    await session.clear();
    await api.storage.session?.remove('language').catch(() => {});
    await reloadAll();
  });
});

// --- Observing requests ----------------------------------------------------------

api.webRequest.onBeforeRequest.addListener((d) => {
  if (d.tabId < 0 || d.documentLifecycle === 'prerender') return;
  if (d.type === 'main_frame') {
    startPage(d.tabId, d.url, d.timeStamp);
    return;
  }
  if (!isHttpUrl(d.url) && !/^wss?:\/\//i.test(d.url)) return;
  const state = tabs.ensure(d.tabId, null);
  // A page whose navigation was not seen reports its resources itself
  // (onResources); what was seen here is not counted twice. Memory only,
  // dropped once the page has reported.
  if (!state.sawStart && state.seenUrls !== null) (state.seenUrls ??= new Set()).add(d.url);
  batcher.add(d.tabId, {url: d.url, type: d.type});
}, {urls: ['<all_urls>']});

api.webRequest.onBeforeRedirect.addListener((d) => {
  if (d.tabId < 0 || d.type !== 'main_frame') return;
  const state = tabs.get(d.tabId);
  if (state && isHttpUrl(d.redirectUrl)) {
    state.url = stripFragment(d.redirectUrl);
    checkPage(d.tabId, state);
  }
}, {urls: ['<all_urls>'], types: ['main_frame']});

/** A new document in the tab: a fresh state, and `page` asked at once, without metadata. */
function startPage(tab, url, timeStamp) {
  if (tabs.isStale(tab, timeStamp)) return;
  batcher.drop(tab);
  backlog.drop(tab);
  const state = tabs.reset(tab, isHttpUrl(url) ? stripFragment(url) : null, timeStamp);
  state.sawStart = true;
  if (state.url) checkPage(tab, state);
  updateBadge(tab);
}

async function sendRequests(tab, items) {
  await known;
  const state = tabs.get(tab);
  if (!state || !active()) return;
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

function replayAll() {
  for (const tab of backlog.tabs()) release(tab);
  for (const tab of tabs.ids()) {
    const state = tabs.get(tab);
    if (state?.url && !state.checked && !state.checking) checkPage(tab, state);
  }
}

// --- Navigations inside a page (single-page apps) --------------------------------

api.webNavigation?.onCommitted.addListener((d) => {
  if (d.frameId !== 0 || !isHttpUrl(d.url)) return;
  const state = tabs.get(d.tabId);
  const url = stripFragment(d.url);
  if (!state) {
    startPage(d.tabId, d.url, d.timeStamp);  // a navigation whose request was not seen
  } else if (!state.url) {
    state.url = url;
    checkPage(d.tabId, state);
    release(d.tabId);
  }
});

// A page that loaded before the extension was ready (the first page after a
// browser start) may have no content script: the browser injects declared
// scripts only into documents that start after the extension is loaded.
// When a page is parsed and its content script has not spoken, it is asked
// (ping) and, if nobody answers, given the content script.
const CONTENT_FILES = api.runtime.getManifest().content_scripts[0].js;
const ADOPT_AFTER_MS = 300;

api.webNavigation?.onDOMContentLoaded.addListener((d) => {
  if (d.frameId !== 0 || !isHttpUrl(d.url)) return;
  setTimeout(() => adopt(d.tabId), ADOPT_AFTER_MS);
});

async function adopt(tab) {
  const state = tabs.get(tab);
  if (!state || state.reported || !api.scripting) return;
  const alive = await api.tabs.sendMessage(tab, {type: 'ping'}, {frameId: 0}).catch(() => null);
  if (alive || tabs.get(tab)?.reported) return;
  await api.scripting.executeScript({target: {tabId: tab, frameIds: [0]}, files: CONTENT_FILES})
      .catch(() => {});  // a page the extension may not touch (the browser's own pages)
}

// Tabs already open when the background starts (a browser restart restores them).
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

function onInPageNavigation(d) {
  if (d.frameId !== 0 || !isHttpUrl(d.url)) return;
  const state = tabs.get(d.tabId);
  if (!state) return;
  const url = stripFragment(d.url);
  const route = isRouteFragment(d.url);
  if (url === state.url && !route) return;  // a jump to an anchor on the same article
  // Same document, new article: the verdict and the page signals start again;
  // what the document loaded (trackers) stays counted.
  state.url = url;
  state.meta = null;
  state.checked = false;
  checkPage(d.tabId, state);
  api.tabs.sendMessage(d.tabId, {type: 'location-changed'}, {frameId: 0}).catch(() => {});
}
api.webNavigation?.onHistoryStateUpdated.addListener(onInPageNavigation);
api.webNavigation?.onReferenceFragmentUpdated.addListener(onInPageNavigation);

// --- Asking about the page ----------------------------------------------------------

/**
 * Sends `page` for the tab's current URL (and metadata, when the content
 * script has sent it). The promise is kept on the state (state.check), so
 * that the content script's question waits for this answer instead of asking
 * again; the latest check wins.
 */
function checkPage(tab, state) {
  const url = state.url;
  state.checking = true;
  const p = (async () => {
    await known;
    if (!active()) return false;
    try {
      const answer = await port.request(pageMessage(tab, url, state.meta));
      if (!tabs.isCurrent(tab, state) || state.url !== url || state.check !== p) return false;
      applyPage(state, answer);
      return true;
    } catch (e) {
      if (tabs.isCurrent(tab, state) && state.check === p) applyPageError(state, e.code ?? 'internal');
      return false;
    } finally {
      if (state.check === p) state.checking = false;
      changed(tab);
    }
  })();
  state.check = p;
  return p;
}

/**
 * The outcome of the latest check of the page: a check that a newer one
 * replaced (metadata came, the host came back) waits for that one, so that
 * no answer says "no banner" only because it was overtaken.
 */
async function latestCheck(tab, state, p) {
  let ok = await p;
  while (!ok && tabs.isCurrent(tab, state) && state.check && state.check !== p) {
    p = state.check;
    ok = await p;
  }
  return ok;
}

// --- Tabs, badge, popups ---------------------------------------------------------

api.tabs.onRemoved.addListener((tab) => {
  batcher.drop(tab);
  backlog.drop(tab);
  tabs.delete(tab);
});

api.tabs.onReplaced.addListener((added, removed) => {
  tabs.replace(added, removed);
  updateBadge(added);
});

// Chrome clears a tab's badge when a navigation commits; set it again.
api.tabs.onUpdated.addListener((tab, change) => {
  if (change.status) updateBadge(tab);
});

function updateBadge(tab) {
  const state = active() ? tabs.get(tab) : null;
  const level = state?.credibility.level ?? 'none';
  const count = trackerCount(state);
  const {text, color} = badgeFor({trackers: count, level});
  const quiet = () => {};
  api.action.setBadgeText({tabId: tab, text}).catch(quiet);
  api.action.setBadgeBackgroundColor({tabId: tab, color}).catch(quiet);
  api.action.setBadgeTextColor?.({tabId: tab, color: BADGE_TEXT_COLOR})?.catch(quiet);
  if (t) api.action.setTitle({tabId: tab, title: badgeTitle(t, count, level)}).catch(quiet);
}

// Popups are pushed every change of their tab over a port (lib/watchers.js).
const watchers = new PopupWatchers({stateOf: (query) => popupState(query)});

api.runtime.onConnect.addListener((p) => {
  if (p.name === 'popup' && p.sender?.id === api.runtime.id) watchers.add(p);
});

function pushAll() {
  watchers.changed(null);
}

/** Something about `tab` changed: badge and watching popups follow. */
function changed(tab) {
  updateBadge(tab);
  watchers.changed(tab);
}

// --- Messages from the content script and the extension's pages -------------------

const contentHandlers = {
  'page-start': onPageStart,
  'page-meta': onPageMeta,
  'links': onLinks,
  'resources': onResources,
  'legend-shown': async () => {
    await session.add('legend', 'shown');
    return {ok: true};
  },
  'dismiss': onDismiss,
  'open-details': onOpenDetails,
};

const pageHandlers = {
  'popup-state': (m) => popupState(m),
  'retry-host': async () => ({host: await port.retryNow()}),
  'set-language': async (m) => {
    if (!settings.languageLocked) {
      const value = String(m.value);
      // On a public PC the choice lives in session memory only.
      if (settings.publicPc) await api.storage.session?.set({language: value});
      else await api.storage.local.set({language: value});
    }
    await reloadAll();
    return {lang: t.lang};
  },
  'set-consent': async (m) => {
    if (!settings.consentLocked) {
      await api.storage.local.set({consent: m.value === 'granted' ? 'granted' : 'declined'});
    }
    await reloadAll();
    return {consent: settings.consent};
  },
  'consent-state': async () => ({consent: settings.consent, locked: settings.consentLocked,
                                 lang: t.lang, language: settings.language,
                                 languageLocked: settings.languageLocked}),
};

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || typeof message.type !== 'string' || sender.id !== api.runtime.id) return false;
  const fromPage = typeof sender.url === 'string' && sender.url.startsWith(EXTENSION_ORIGIN);
  const handler = fromPage ? pageHandlers[message.type]
                           : sender.tab ? contentHandlers[message.type] : undefined;
  if (!handler) return false;
  texts.then(() => handler(message, sender))
      .then(sendResponse, (e) => sendResponse({error: String(e?.message ?? e)}));
  return true;  // Answer asynchronously.
});

/**
 * The tab's state for the document that sent `sender`, made or brought up to
 * date: the browser may have started with this page before the background
 * saw its navigation, or restored it from the back/forward cache.
 */
function stateFor(sender, message) {
  const tab = sender.tab.id;
  // The document's address now: a single-page app may have changed it with
  // pushState since the browser recorded sender.url (Chrome keeps the first).
  const own = typeof message?.url === 'string' && sameOrigin(message.url, sender.url ?? '') ? message.url : null;
  const url = stripFragment(own ?? sender.url ?? '');
  if (!isHttpUrl(url) || sender.frameId !== 0) return null;
  let state = tabs.get(tab);
  if (state) state.reported = true;
  if (state && (!state.url || (!state.checked && sameOrigin(state.url, url)))) {
    if (state.url !== url) {
      state.url = url;  // A redirect or history change before the content script ran.
      checkPage(tab, state);
    }
    release(tab);
  } else if (!state || state.url !== url) {
    state = tabs.reset(tab, url);  // A page restored from the back/forward cache.
    state.reported = true;
    checkPage(tab, state);
  }
  if (!state.check) checkPage(tab, state);
  return state;
}

/** At document_start: the verdict on the URL, as soon as the host gave it. */
async function onPageStart(message, sender) {
  await known;
  if (!active()) return {active: false};
  const state = stateFor(sender, message);
  if (!state) return {active: false};
  return answerFor(sender.tab.id, state, await latestCheck(sender.tab.id, state, state.check));
}

/** When the document is parsed: `page` again with the metadata (page signals). */
async function onPageMeta(message, sender) {
  await known;
  if (!active()) return {active: false};
  const state = stateFor(sender, message);
  if (!state) return {active: false};
  state.meta = message.meta;  // kept (in memory) to ask again if the host was away
  return answerFor(sender.tab.id, state, await latestCheck(sender.tab.id, state, checkPage(sender.tab.id, state)));
}

async function answerFor(tab, state, ok) {
  if (!tabs.isCurrent(tab, state)) return {active: false};
  const markLinks = settings.markLinks;
  if (!ok) return {active: true, banner: null, markLinks: false};
  await session.load();
  const domain = state.domain;
  const view = settings.showBanner ? bannerView(t, state.credibility, {
    domain,
    dismissed: domain ? session.has('dismissed', domain) : false,
    // The page that got the site's notice keeps it when it asks again (metadata, bfcache).
    noticed: domain ? session.has('noticed', domain) && state.noticeFor !== state.url : false,
    allowDismiss: settings.allowDismiss,
  }) : null;
  // A caution notice shows on the first page of a site per browser session.
  if (view?.kind === 'notice' && domain) {
    state.noticeFor = state.url;
    await session.add('noticed', domain);
  }
  // The page loaded before the background listened: it lists its own resources.
  return {active: true, banner: view, markLinks, wantResources: !state.sawStart && state.seenUrls !== null};
}

/** The resources a page loaded before the background listened (performance entries), counted once. */
async function onResources(message, sender) {
  const state = tabs.get(sender.tab.id);
  if (!state || state.sawStart || state.seenUrls === null) return {ok: false};
  const seen = state.seenUrls ?? new Set();
  state.seenUrls = null;  // once per page
  for (const r of resourceRequests(message.entries, seen, LIMITS.requestsPerBatch)) batcher.add(sender.tab.id, r);
  return {ok: true};
}

function sameOrigin(a, b) {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

async function onLinks(message, sender) {
  await known;
  if (!active() || !settings.markLinks) return {marks: []};
  const page = stripFragment(sender.url ?? '');
  // A link behind a search engine's or a social network's redirect is asked
  // about by the address it leads to.
  const asked = groupLinks(message.links, page);
  const marks = [];
  for (const part of chunk(asked, LIMITS.linksPerBatch)) {
    try {
      const answer = await port.request(linksMessage(page, part.map((e) => e.target)));
      for (const f of readFlaggedLinks(answer, part.length)) {
        if (f.level !== 'caution' && f.level !== 'warning') continue;
        const mark = linkMark(t, f);
        for (const href of part[f.index].hrefs) marks.push({url: href, ...mark});
      }
    } catch {
      // No host: no marks; the popup says why.
    }
  }
  await session.load();
  const legend = marks.length && !session.has('legend', 'shown') ? linkLegend(t) : null;
  return {marks, lang: t.lang, legend};
}

async function onDismiss(message, sender) {
  const domain = tabs.get(sender.tab.id)?.domain;
  if (!settings.allowDismiss || !domain) return {ok: false};
  await session.add('dismissed', domain);
  return {ok: true};
}

async function onOpenDetails(message, sender) {
  try {
    await api.action.openPopup();
    return {ok: true};
  } catch {
    await api.tabs.create({url: api.runtime.getURL(`popup.html?tab=${sender.tab.id}`),
                           index: sender.tab.index + 1});
    return {ok: true};
  }
}

async function popupState(message) {
  await texts;
  // The popup names its tab; a test that opens popup.html as a page may name
  // the tab by its page's URL instead.
  let tab = Number.isInteger(message.tab) ? message.tab : null;
  if (tab === null && typeof message.url === 'string') tab = tabs.findByUrl(message.url);
  if (tab !== null && tab < 0) tab = null;
  const info = tab === null ? null : await api.tabs.get(tab).catch(() => null);
  // Opening the popup tries the host again at once (it may just have been installed).
  if (message.retry && active() && port.status().state !== 'connected') {
    await Promise.race([port.retryNow(), new Promise((r) => setTimeout(r, 2000))]);
  }
  const state = tab === null ? null : tabs.get(tab);
  // The host was away when the page loaded and is back: ask now.
  if (state?.pageError && port.status().state === 'connected') await checkPage(tab, state);
  return {
    lang: t.lang,
    language: settings.language,
    languageLocked: settings.languageLocked,
    publicPc: settings.publicPc,
    consent: settings.consent,
    consentLocked: settings.consentLocked,
    host: port.status(),
    tabUrl: info?.url ?? null,
    tab: state ? summarize(state) : null,
    // Requests seen but not asked about yet: the popup must not say "no trackers".
    waiting: tab === null ? 0 : backlog.size(tab) + batcher.pending(tab),
  };
}

// --- Install, consent, settings changes --------------------------------------------

api.runtime.onInstalled.addListener((details) => {
  if (details.reason !== 'install') return;
  // Read the policy first: an administrator may have consented for everyone.
  policyRead.then(() => {
    if (settings.consent === 'needed') api.tabs.create({url: api.runtime.getURL('consent.html')});
  });
});

api.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed') {
    applyPolicy();
  } else if (area === 'local' || (area === 'session' && changes.language)) {
    // Chained, so that events waiting on an older `known` still run first.
    known = known.then(reloadAll, reloadAll);
    texts = known.then(loadTexts);
  }
});
