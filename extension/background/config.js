// The settings in force and the words to show them in: the administrator's
// policy (storage.managed), the user's own choices (storage.local, or
// storage.session on a public PC) and the browser's languages, read at start
// and again whenever storage changes.
//
// The policy and the first page: Chromium answers storage.managed.get 3–5 s
// after every browser start (measured here in Chromium 156, with and without
// a fresh profile; 3–8 s reported elsewhere), yet an administrator's
// `dataConsent: false` must hold before anything about a page reaches the
// host. So the policy as last read is remembered in storage.local
// (`lastPolicy`: readPolicy() of it, settings only) and stands in for this
// session's read until that answers; then the new one is in force (and
// remembered). A profile that never read the policy (the first start after
// install, a public PC that resets its profiles) waits for the read.
// `known` resolves once consent is decided on one or the other: until then
// active() is false and nothing is sent to the host (checks, traffic, page
// answers and the host's start all wait on it). What is left: the first
// seconds after an administrator changes the policy, until Chromium
// answers, follow the previous policy (docs/EXTENSION.md). A read that does
// not answer is asked again every POLICY_RETRY_MS (a later read answered in
// milliseconds where the first took seconds). `texts` resolves once the
// translator for the chosen language is loaded.
//
// Contract: startConfig() adds its storage listener synchronously (call it
// at the service worker's top level); onChange() is called after every
// re-read, once the new settings and texts are in force.

import {loadTranslator, pickLanguage} from '../lib/i18n.js';
import {effectiveSettings, readPolicy} from '../lib/settings.js';
import {markOnce} from '../lib/startmarks.js';

const POLICY_RETRY_MS = 5000;
const REMEMBERED_POLICY = 'lastPolicy';  // storage.local key

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {boolean} o.consentRequired the browser wants a first-run consent (Firefox)
 * @param {(why: 'policy'|'user') => void} o.onChange the settings were read again
 * @param {number} [o.policyRetryMs] how long a policy read may go unanswered before it is asked again
 */
export function startConfig({api, consentRequired, onChange, policyRetryMs = POLICY_RETRY_MS}) {
  let policy = null;  // readPolicy(storage.managed) of this session, once it answered
  let remembered = null;  // readPolicy() of the last session's read (storage.local), if any
  let decided = false;  // consent is decided on a policy read now or remembered (`known`)
  let local = {};
  let sessionChoice = {};
  let settings = effectiveSettings({consentRequired});
  let t = null;

  const compute = () => {
    settings = effectiveSettings({policy: policy ?? remembered ?? {}, local, session: sessionChoice, consentRequired,
                                  ephemeral: Boolean(api.extension?.inIncognitoContext)});
  };

  // The managed storage; asked again while a read goes unanswered.
  async function readManaged() {
    for (;;) {
      let timer;
      const answer = await Promise.race([
        Promise.resolve().then(() => api.storage.managed.get(null))
            .then((v) => v ?? {}, () => ({})),  // No policy (Firefox rejects when no managed storage exists).
        new Promise((r) => { timer = setTimeout(r, policyRetryMs); })]);
      clearTimeout(timer);
      if (answer !== undefined) return answer;
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
      api.storage.local.get(['consent', 'language', REMEMBERED_POLICY]).catch(() => ({})),
      api.storage.session?.get('language').catch(() => ({})) ?? {}]);
    local = stored ?? {};
    if (local[REMEMBERED_POLICY] && typeof local[REMEMBERED_POLICY] === 'object') {
      remembered = readPolicy(local[REMEMBERED_POLICY]);
    }
    sessionChoice = inSession ?? {};
    compute();
    markOnce('user-choices-read');
  }

  async function applyPolicy() {
    policy = readPolicy(await readManaged());
    markOnce('policy-read');
    if (JSON.stringify(policy) !== JSON.stringify(remembered)) {
      remembered = policy;
      api.storage.local.set({[REMEMBERED_POLICY]: policy}).catch(() => {});
    }
    compute();
    await loadTexts();
    // Before consent is decided nobody acted on the settings (`known` tells
    // them once it is): an undecided consent is not "off".
    if (decided) onChange('policy');
  }

  async function reload() {
    await readUserChoices();
    await loadTexts();
    onChange('user');
  }

  const policyRead = applyPolicy();
  let known = readUserChoices().then(async () => {
    // Never read on this profile: nothing to stand in for it.
    if (policy === null && remembered === null) await policyRead;
    decided = true;
    markOnce('consent-decided');
    if (policy !== null) onChange('policy');  // read meanwhile: applyPolicy() did not tell
  });
  let texts = known.then(loadTexts);

  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed') {
      applyPolicy();
    } else if ((area === 'local' && Object.keys(changes).some((k) => k !== REMEMBERED_POLICY)) ||
               (area === 'session' && changes.language)) {
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
    /** The extension may ask the host about pages (never before `known`). */
    active: () => decided && settings.consent === 'granted',
    /** Reads the user's choices again (after a change the caller made). */
    reload,
  };
}
