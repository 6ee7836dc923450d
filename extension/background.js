// The background: observes what tabs load, asks sauatty-host about it over
// one native port, keeps the answers per tab in memory, and sets the badge.
// Chrome runs it as a module service worker, Firefox as an event page.
//
// Listeners are added synchronously at the top level (a service worker that
// wakes up for an event must find its listener there); each one waits for
// `ready` (settings and texts) before it acts.

import {Batcher} from './lib/batcher.js';
import {BADGE_TEXT_COLOR, badgeFor} from './lib/badge.js';
import {loadTranslator, pickLanguage} from './lib/i18n.js';
import {
  chunk, isHttpUrl, LIMITS, linksMessage, pageMessage, readFlaggedLinks, readRequestResult,
  requestsMessage, stripFragment,
} from './lib/messages.js';
import {HostPort} from './lib/port.js';
import {effectiveSettings, readPolicy} from './lib/settings.js';
import {
  applyPage, applyPageError, applyResults, summarize, TabStore, trackerCount,
} from './lib/tabstate.js';
import {badgeTitle, bannerView, linkTooltip} from './lib/texts.js';

const api = globalThis.browser ?? globalThis.chrome;
const isFirefox = typeof api.runtime.getBrowserInfo === 'function';
const EXTENSION_ORIGIN = api.runtime.getURL('');
const MAX_DISMISSED = 500;

const tabs = new TabStore();
let settings = effectiveSettings({});
let t = null;

const port = new HostPort({
  connect: () => api.runtime.connectNative('sauatty'),
  // Chrome reports the reason in runtime.lastError, Firefox in port.error.
  lastError: (p) => p?.error?.message ?? api.runtime.lastError?.message,
  extensionVersion: api.runtime.getManifest().version,
});

const batcher = new Batcher({flush: (tab, items) => sendRequests(tab, items)});

let ready = reloadSettings();

async function readManaged() {
  try {
    return (await api.storage.managed.get(null)) ?? {};
  } catch {
    return {};  // No policy (Firefox rejects when no managed storage exists).
  }
}

async function fetchJson(path) {
  const response = await fetch(api.runtime.getURL(path));
  return response.json();
}

async function reloadSettings() {
  const [managed, local] = await Promise.all([
    readManaged(), api.storage.local.get(['consent', 'language'])]);
  settings = effectiveSettings({policy: readPolicy(managed), local, consentRequired: isFirefox});
  // The user's preferred content languages first: a Kazakh speaker often runs
  // a browser whose interface has no Kazakh but lists kk first there.
  const lang = pickLanguage({preference: settings.language,
                             uiLanguages: [...(navigator.languages ?? []), api.i18n.getUILanguage()]});
  t = await loadTranslator(lang, fetchJson);
  if (!active()) {
    port.close();
    for (const tab of tabs.ids()) updateBadge(tab);
  }
}

const active = () => settings.consent === 'granted';

// --- Observing requests -----------------------------------------------------

api.webRequest.onBeforeRequest.addListener((d) => {
  if (d.tabId < 0) return;
  ready.then(() => onRequest(d));
}, {urls: ['<all_urls>']});

api.webRequest.onBeforeRedirect.addListener((d) => {
  if (d.tabId < 0 || d.type !== 'main_frame') return;
  ready.then(() => {
    const state = tabs.get(d.tabId);
    if (state && !state.checked) state.url = stripFragment(d.redirectUrl);
  });
}, {urls: ['<all_urls>'], types: ['main_frame']});

function onRequest(d) {
  if (!active() || d.documentLifecycle === 'prerender') return;
  if (d.type === 'main_frame') {
    if (tabs.isStale(d.tabId, d.timeStamp)) return;
    batcher.drop(d.tabId);
    tabs.reset(d.tabId, isHttpUrl(d.url) ? stripFragment(d.url) : null);
    updateBadge(d.tabId);
    return;
  }
  if (!isHttpUrl(d.url) && !/^wss?:\/\//i.test(d.url)) return;
  tabs.ensure(d.tabId, null);
  batcher.add(d.tabId, {url: d.url, type: d.type});
}

async function sendRequests(tab, items) {
  const state = tabs.get(tab);
  if (!state) return;
  if (!state.url) {
    const info = await api.tabs.get(tab).catch(() => null);
    if (!tabs.isCurrent(tab, state) || !isHttpUrl(info?.url)) return;
    state.url = stripFragment(info.url);
  }
  for (const part of chunk(items, LIMITS.requestsPerBatch)) {
    let results;
    try {
      const answer = await port.request(requestsMessage(tab, state.url, part));
      const raw = Array.isArray(answer.results) ? answer.results : [];
      results = part.map((_, i) => readRequestResult(raw[i]));
    } catch {
      results = part.map(() => null);
    }
    if (!tabs.isCurrent(tab, state)) return;
    applyResults(state, results);
    updateBadge(tab);
  }
}

// --- Tabs and badge ------------------------------------------------------------

api.tabs.onRemoved.addListener((tab) => {
  batcher.drop(tab);
  tabs.delete(tab);
});

api.tabs.onReplaced.addListener((added, removed) => {
  tabs.replace(added, removed);
  updateBadge(added);
});

// Chrome clears a tab's badge when a navigation commits; set it again.
api.tabs.onUpdated.addListener((tab, change) => {
  if (change.status === 'complete') ready.then(() => updateBadge(tab));
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

// --- Messages from the content script and the extension's pages ------------

const contentHandlers = {
  'page-meta': onPageMeta,
  'links': onLinks,
  'dismiss': onDismiss,
  'open-details': onOpenDetails,
};

const pageHandlers = {
  'popup-state': onPopupState,
  'retry-host': async () => ({host: await port.retryNow()}),
  'set-language': async (m) => {
    if (!settings.languageLocked) await api.storage.local.set({language: String(m.value)});
    await reloadSettings();
    return {lang: t.lang};
  },
  'set-consent': async (m) => {
    if (!settings.consentLocked) {
      await api.storage.local.set({consent: m.value === 'granted' ? 'granted' : 'declined'});
    }
    await reloadSettings();
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
  ready.then(() => handler(message, sender))
      .then(sendResponse, (e) => sendResponse({error: String(e?.message ?? e)}));
  return true;  // Answer asynchronously.
});

async function onPageMeta(message, sender) {
  if (!active()) return {active: false};
  const tab = sender.tab.id;
  const url = stripFragment(sender.url ?? '');
  if (!isHttpUrl(url) || sender.frameId !== 0) return {active: false};
  let state = tabs.get(tab);
  if (state && !state.checked && (!state.url || sameOrigin(state.url, url))) {
    state.url = url;  // A redirect or history change before the content script ran.
  } else if (!state || state.url !== url) {
    state = tabs.reset(tab, url);  // A page restored from the back/forward cache.
  }
  state.meta = message.meta;  // kept (in memory) to ask again if the host was away
  if (!await checkPage(tab, state)) return {active: true, banner: null, markLinks: false};
  if (!tabs.isCurrent(tab, state)) return {active: false};
  const dismissed = state.domain ? (await dismissedDomains()).includes(state.domain) : false;
  return {
    active: true,
    banner: settings.showBanner ? bannerView(t, state.credibility, {
      domain: state.domain, dismissed, allowDismiss: settings.allowDismiss}) : null,
    markLinks: settings.markLinks,
  };
}

/** Sends `page` for the tab's current page; false when the host gave no verdict. */
async function checkPage(tab, state) {
  try {
    const answer = await port.request(pageMessage(tab, state.url, state.meta));
    if (!tabs.isCurrent(tab, state)) return false;
    applyPage(state, answer);
    return true;
  } catch (e) {
    if (tabs.isCurrent(tab, state)) applyPageError(state, e.code ?? 'internal');
    return false;
  } finally {
    updateBadge(tab);
  }
}

function sameOrigin(a, b) {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

async function onLinks(message, sender) {
  if (!active() || !settings.markLinks) return {marks: []};
  const links = Array.isArray(message.links) ? message.links.filter(isHttpUrl) : [];
  const page = stripFragment(sender.url ?? '');
  const marks = [];
  for (const part of chunk(links, LIMITS.linksPerBatch)) {
    try {
      const answer = await port.request(linksMessage(page, part));
      for (const f of readFlaggedLinks(answer, part.length)) {
        if (f.level !== 'caution' && f.level !== 'warning') continue;
        marks.push({url: part[f.index], level: f.level, tooltip: linkTooltip(t, f)});
      }
    } catch {
      // No host: no marks; the popup says why.
    }
  }
  return {marks, lang: t.lang};
}

// Hidden banners live in storage.session: memory only, gone when the browser
// closes, so a public PC's next patron sees every warning again.
async function dismissedDomains() {
  const {dismissed} = await api.storage.session.get('dismissed').catch(() => ({}));
  return Array.isArray(dismissed) ? dismissed : [];
}

async function onDismiss(message, sender) {
  const domain = tabs.get(sender.tab.id)?.domain;
  if (!settings.allowDismiss || !domain) return {ok: false};
  const list = (await dismissedDomains()).filter((d) => d !== domain);
  list.push(domain);
  await api.storage.session.set({dismissed: list.slice(-MAX_DISMISSED)});
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

async function onPopupState(message) {
  // The popup names its tab; a test that opens popup.html as a page may name
  // the tab by its page's URL instead.
  let tab = Number.isInteger(message.tab) ? message.tab : null;
  if (tab === null && typeof message.url === 'string') tab = tabs.findByUrl(message.url);
  const info = tab === null ? null : await api.tabs.get(tab).catch(() => null);
  // Opening the popup tries the host again at once (it may just have been
  // installed); its once-a-second refreshes do not.
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
    consent: settings.consent,
    consentLocked: settings.consentLocked,
    host: port.status(),
    tabUrl: info?.url ?? null,
    tab: state ? summarize(state) : null,
  };
}

// --- Install, consent, settings changes ------------------------------------

api.runtime.onInstalled.addListener((details) => {
  if (details.reason !== 'install') return;
  // Read the settings again: Firefox may start the background once before
  // the administrator's managed storage can be read.
  ready.then(() => reloadSettings()).then(() => {
    if (settings.consent === 'needed') api.tabs.create({url: api.runtime.getURL('consent.html')});
  });
});

api.storage.onChanged.addListener((changes, area) => {
  // Chained, so that events waiting on an older `ready` still run first.
  if (area === 'local' || area === 'managed') ready = ready.then(reloadSettings, reloadSettings);
});
