// Answers to the extension's own pages (the popup, the consent page): the
// state of a tab as the popup shows it, language and consent changes, the
// host's retry button and the workshop switch. Popups that watch a tab get
// each change pushed over their port (lib/watchers.js).
//
// Contract: makePopupAnswers() returns {handlers, popupState, hostConnected}
// (call it when the host said hello); handlers is
// the table {type: (message) => Promise<answer>} for messages whose sender
// is a page of this extension (the caller checked that).

import {readDatasets} from '../lib/messages.js';
import {summarize} from '../lib/tabstate.js';

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {import('../lib/tabstate.js').TabStore} o.tabs
 * @param {import('../lib/port.js').HostPort} o.port
 * @param {object} o.config background/config.js
 * @param {object} o.checks background/checks.js
 * @param {object} o.traffic background/traffic.js
 * @param {object} o.workshop background/workshop.js
 */
export function makePopupAnswers({api, tabs, port, config, checks, traffic, workshop}) {
  // The published datasets the host loaded (its `settings` answer), for the
  // popup's about line; asked once each time the host (re)connects.
  let datasets = [];

  async function hostConnected() {
    try {
      datasets = readDatasets(await port.request({type: 'settings'}));
    } catch {
      datasets = [];  // an older host, or gone again: no about line
    }
  }

  async function popupState(message) {
    await config.texts;
    // The popup names its tab; a test that opens popup.html as a page may name
    // the tab by its page's URL instead.
    let tab = Number.isInteger(message.tab) ? message.tab : null;
    if (tab === null && typeof message.url === 'string') tab = tabs.findByUrl(message.url);
    if (tab !== null && tab < 0) tab = null;
    const info = tab === null ? null : await api.tabs.get(tab).catch(() => null);
    // Opening the popup tries the host again at once (it may just have been installed).
    if (message.retry && config.active() && port.status().state !== 'connected') {
      await Promise.race([port.retryNow(), new Promise((r) => setTimeout(r, 2000))]);
    }
    const state = tab === null ? null : tabs.get(tab);
    // The host was away when the page loaded and is back: ask now.
    if (state?.pageError && port.status().state === 'connected') await checks.check(tab, state);
    // Opening the popup asks whether the workshop server still runs.
    if (message.retry && config.active() && port.status().state === 'connected' && workshop.view().allowed) {
      await workshop.handle('status');
    }
    const {settings, t} = config;
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
      waiting: tab === null ? 0 : traffic.waiting(tab),
      workshop: workshop.view(),
      datasets,
    };
  }

  const handlers = {
    'popup-state': (m) => popupState(m),
    // Never starts the host for a user (or a PC) that has not consented.
    'retry-host': async () => ({host: config.active() ? await port.retryNow() : port.status()}),
    'set-language': async (m) => {
      if (!config.settings.languageLocked) {
        const value = String(m.value);
        // On a public PC the choice lives in session memory only.
        if (config.settings.publicPc) await api.storage.session?.set({language: value});
        else await api.storage.local.set({language: value});
      }
      await config.reload();
      return {lang: config.t.lang};
    },
    'set-consent': async (m) => {
      if (!config.settings.consentLocked) {
        await api.storage.local.set({consent: m.value === 'granted' ? 'granted' : 'declined'});
      }
      await config.reload();
      return {consent: config.settings.consent};
    },
    'consent-state': async () => ({consent: config.settings.consent, locked: config.settings.consentLocked,
                                   lang: config.t.lang, language: config.settings.language,
                                   languageLocked: config.settings.languageLocked}),
    'workshop': async (m) => {
      await config.known;
      if (!config.active()) return {error: 'consent'};
      return {workshop: await workshop.handle(m.action)};
    },
  };

  return {handlers, popupState, hostConnected};
}
