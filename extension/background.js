// The background: observes what tabs load, asks sauatty-host about it over
// one native port, keeps the answers per tab in memory, sets the badge, and
// answers the content script and the extension's pages. Chrome runs it as a
// module service worker, Firefox as an event page. This file only wires the
// parts in background/ together; each has one job:
//
//   background/config.js        settings in force (policy, user, browser) and the translator
//   background/traffic.js       navigations and requests → per-tab state; pages loaded too early
//   background/checks.js        `page` for a tab, latest answer wins
//   background/page-answers.js  answers to the content script (banner, link marks, …)
//   background/popup-answers.js answers to the popup and the consent page
//   background/workshop.js      the popup's workshop switch (`dashboard`)
//   background/toolbar.js       badge and title per tab
//   background/idle.js          public-PC mode: forget after idle minutes
//
// Listeners are added synchronously while this module is evaluated (a
// service worker that wakes up for an event must find its listener there).
//
// When the service worker is stopped: Chrome keeps a worker alive while it
// holds a native-messaging port (connectNative), so as long as the host runs
// it is not stopped for being idle. If it is stopped anyway (no host, consent
// not given, the browser updating the extension), everything in memory goes
// with it: the tab states (verdicts, tracker counts), the backlog and the
// port. When an event wakes it again, the open tabs are found again
// (tabs.query: each gets an empty state with its URL) and pinged; a content
// script that was answered before tells the new worker its page again,
// with its own Resource Timing, so verdicts and tracker counts come back
// (background/traffic.js, content.js). The host restarts with the port,
// so a workshop view that was running has stopped too (the popup says so).
// What must outlive the worker lives in storage.session (memory, never
// disk): hidden banners, shown notices, the legend, a public PC's language.

import {Backlog} from './lib/backlog.js';
import {HostPort} from './lib/port.js';
import {SessionMemory} from './lib/session.js';
import {markOnce} from './lib/startmarks.js';
import {TabStore} from './lib/tabstate.js';
import {PopupWatchers} from './lib/watchers.js';
import {makeChecks} from './background/checks.js';
import {hostPolicyBrowser, startConfig} from './background/config.js';
import {startIdle} from './background/idle.js';
import {makePageAnswers} from './background/page-answers.js';
import {makePopupAnswers} from './background/popup-answers.js';
import {makeToolbar} from './background/toolbar.js';
import {startTraffic} from './background/traffic.js';
import {makeWorkshop} from './background/workshop.js';

const api = globalThis.browser ?? globalThis.chrome;
const EXTENSION_ORIGIN = api.runtime.getURL('');

const tabs = new TabStore();
const backlog = new Backlog();
const session = new SessionMemory({area: api.storage.session ?? null});
// Read now, not when the first page's answer needs it: at a browser start
// this read took 100 ms and more (docs/EXTENSION.md).
session.load();

const consentRequired = typeof api.runtime.getBrowserInfo === 'function';  // Firefox
// Where the host can read this browser's policy files, a profile that never
// read the policy asks it before anything about a page (background/config.js).
const policyBrowser = consentRequired ? null : hostPolicyBrowser(globalThis.navigator?.userAgentData?.brands);
const config = startConfig({
  api,
  consentRequired,
  askHost: policyBrowser && (() => port.request({type: 'policy', browser: policyBrowser})),
  onChange: () => {
    if (!config.active()) {
      port.close();
      traffic.dropAll();
    }
    for (const tab of tabs.ids()) updateBadge(tab);
    idle.setup();
    if (!workshop.view().allowed) workshop.stop();
    watchers.changed(null);
  },
});

const port = new HostPort({
  connect: () => api.runtime.connectNative('sauatty'),
  // Chrome reports the reason in runtime.lastError, Firefox in port.error.
  lastError: (p) => p?.error?.message ?? api.runtime.lastError?.message,
  extensionVersion: api.runtime.getManifest().version,
  onStatus: (status) => {
    markOnce(`host-${status.state}`);
    if (status.state === 'connected') {
      traffic.replayAll();
      popup.hostConnected().then(() => watchers.changed(null));
    } else {
      workshop.hostGone();
    }
    watchers.changed(null);
  },
});

const updateBadge = makeToolbar({api, tabs, config});
// Popups are pushed every change of their tab over a port (lib/watchers.js).
const watchers = new PopupWatchers({stateOf: (query) => popup.popupState(query)});

/** Something about `tab` changed: badge and watching popups follow. */
function changed(tab) {
  updateBadge(tab);
  watchers.changed(tab);
}

const checks = makeChecks({tabs, port, config, changed});
const traffic = startTraffic({api, tabs, backlog, port, config, checks, changed});
const workshop = makeWorkshop({api, port, config, onChange: () => watchers.changed(null)});
const popup = makePopupAnswers({api, tabs, port, config, checks, traffic, workshop});
const contentHandlers = makePageAnswers({api, tabs, session, port, config, checks, traffic});
const idle = startIdle({api, config, forget: async () => {
  await session.clear();
  await api.storage.session?.remove('language').catch(() => {});
  await workshop.stop();
  await config.reload();
}});

// The host starts (and loads its rules) as soon as the user's choices are
// read, not when the first page asks: its start is the longest step before
// the first page's verdict (docs/EXTENSION.md). Never before they are read:
// a host started for a user who turned Sauatty off would still start its
// automatic list update, reaching the lists' publishers.
// A port opened only to ask the host for the policy (a fresh profile) is
// closed at once when the answer keeps Sauatty off: the host exits, having
// been told nothing about a page.
config.known.then(() => {
  if (config.active()) port.retryNow();
  else if (port.status().state !== 'idle') port.close();
});

// Chrome clears a tab's badge when a navigation commits; set it again.
api.tabs.onUpdated.addListener((tab, change) => {
  if (change.status) updateBadge(tab);
});

api.runtime.onConnect.addListener((p) => {
  if (p.name === 'popup' && p.sender?.id === api.runtime.id) watchers.add(p);
});

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || typeof message.type !== 'string' || sender.id !== api.runtime.id) return false;
  const fromPage = typeof sender.url === 'string' && sender.url.startsWith(EXTENSION_ORIGIN);
  const handler = fromPage ? popup.handlers[message.type]
                           : sender.tab ? contentHandlers[message.type] : undefined;
  if (!handler) return false;
  markOnce(`asked-${message.type}`);
  config.texts.then(() => handler(message, sender))
      .then(sendResponse, (e) => sendResponse({error: String(e?.message ?? e)}));
  return true;  // Answer asynchronously.
});

api.runtime.onInstalled.addListener((details) => {
  if (details.reason !== 'install') return;
  // Read the policy first: an administrator may have consented for everyone.
  config.policyRead.then(() => {
    if (config.settings.consent === 'needed') api.tabs.create({url: api.runtime.getURL('consent.html')});
  });
});

markOnce('worker-evaluated');
