// The settings in force and the words to show them in: the administrator's
// policy (storage.managed), the user's own choices (storage.local, or
// storage.session on a public PC) and the browser's languages, read at start
// and again whenever storage changes.
//
// Nothing waits on the policy: Chromium's storage.managed.get can take
// seconds at browser start and, seen in the end-to-end tests, not answer at
// all later, so it is read on its own. `known` resolves once consent can be
// decided (storage.local read; with no answer there and consent needed, the
// policy read too, for at most POLICY_WAIT_MS); `texts` once the translator
// for the chosen language is loaded.
//
// Contract: startConfig() adds its storage listener synchronously (call it
// at the service worker's top level); onChange() is called after every
// re-read, once the new settings and texts are in force.

import {loadTranslator, pickLanguage} from '../lib/i18n.js';
import {effectiveSettings, readPolicy} from '../lib/settings.js';
import {markOnce} from '../lib/startmarks.js';

const POLICY_WAIT_MS = 5000;

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {boolean} o.consentRequired the browser wants a first-run consent (Firefox)
 * @param {(why: 'policy'|'user') => void} o.onChange the settings were read again
 */
export function startConfig({api, consentRequired, onChange}) {
  let policy = {};  // readPolicy(storage.managed), once read
  let local = {};
  let sessionChoice = {};
  let settings = effectiveSettings({consentRequired});
  let t = null;

  const compute = () => {
    settings = effectiveSettings({policy, local, session: sessionChoice, consentRequired,
                                  ephemeral: Boolean(api.extension?.inIncognitoContext)});
  };

  async function readManaged() {
    try {
      return (await api.storage.managed.get(null)) ?? {};
    } catch {
      return {};  // No policy (Firefox rejects when no managed storage exists).
    }
  }

  // Each catalogue is fetched once (the extension's files do not change while
  // it runs), and English and the browser's language at once, while the
  // user's choices are still being read: at a loaded browser start the read
  // and the fetch each took up to 300 ms, one after the other, with the
  // first page's question waiting on both (docs/EXTENSION.md).
  const catalogues = new Map();  // path -> Promise<json>
  const fetchJson = (path) => {
    if (!catalogues.has(path)) {
      const json = fetch(api.runtime.getURL(path)).then((r) => r.json());
      json.catch(() => catalogues.delete(path));  // asked again next time
      catalogues.set(path, json);
    }
    return catalogues.get(path);
  };
  // The user's preferred content languages first: a Kazakh speaker often runs
  // a browser whose interface has no Kazakh but lists kk first there.
  const browserLanguages = () => [...(navigator.languages ?? []), api.i18n.getUILanguage()];
  for (const lang of new Set(['en', pickLanguage({uiLanguages: browserLanguages()})])) {
    fetchJson(`_locales/${lang}/messages.json`);
  }

  async function loadTexts() {
    const lang = pickLanguage({preference: settings.language, uiLanguages: browserLanguages()});
    if (t?.lang !== lang) t = await loadTranslator(lang, fetchJson);
    markOnce('texts-loaded');
  }

  async function readUserChoices() {
    const [stored, inSession] = await Promise.all([
      api.storage.local.get(['consent', 'language']).catch(() => ({})),
      api.storage.session?.get('language').catch(() => ({})) ?? {}]);
    local = stored ?? {};
    sessionChoice = inSession ?? {};
    compute();
    markOnce('user-choices-read');
  }

  async function applyPolicy() {
    policy = readPolicy(await readManaged());
    markOnce('policy-read');
    compute();
    await loadTexts();
    onChange('policy');
  }

  async function reload() {
    await readUserChoices();
    await loadTexts();
    onChange('user');
  }

  const policyRead = applyPolicy();
  let known = readUserChoices().then(async () => {
    // An administrator may have consented for everyone: wait for the policy, a while.
    if (settings.consent === 'needed') {
      await Promise.race([policyRead, new Promise((r) => setTimeout(r, POLICY_WAIT_MS))]);
    }
  });
  let texts = known.then(loadTexts);

  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed') {
      applyPolicy();
    } else if (area === 'local' || (area === 'session' && changes.language)) {
      // Chained, so that events waiting on an older `known` still run first.
      known = known.then(reload, reload);
      texts = known.then(loadTexts);
    }
  });

  return {
    /** effectiveSettings() now (lib/settings.js). */
    get settings() {
      return settings;
    },
    /** The translator (lib/i18n.js); null until `texts` resolved. */
    get t() {
      return t;
    },
    /** Resolves once consent can be decided. */
    get known() {
      return known;
    },
    /** Resolves once `t` is loaded. */
    get texts() {
      return texts;
    },
    /** The policy has been read once (or found absent). */
    policyRead,
    /** The extension may ask the host about pages. */
    active: () => settings.consent === 'granted',
    /** Reads the user's choices again (after a change the caller made). */
    reload,
  };
}
