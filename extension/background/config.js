// The settings in force and the words to show them in: the administrator's
// policy (storage.managed), the user's own choices (storage.local, or
// storage.session on a public PC) and the browser's languages, read at start
// and again whenever storage changes.
//
// The policy and the first page: Chromium answers storage.managed.get 3–5 s
// after every browser start (measured here in Chromium 156, with and without
// a fresh profile; 3–8 s reported elsewhere), yet an administrator's
// `dataConsent: false` must hold before anything about a page reaches the
// host. Until this session's read answers, consent is decided on:
//   1. the policy as last read, remembered in storage.local (`lastPolicy`:
//      readPolicy() of it, settings only);
//   2. on a profile that never read it (the first start after install, a
//      public PC that resets its profiles), the host's reading of the same
//      policy files (`askHost`: the `policy` message, docs/PROTOCOL.md),
//      asked before anything about a page — unless the user has declined
//      (then nothing the policy says can matter before the read, and the
//      host is not started) or the host cannot tell (no host, an unknown
//      answer: a browser or file it cannot read; an extension installed by
//      policy that no file the host read installs, whose policy then comes
//      from cloud management or a managed account);
//   3. else this session's read, waited for.
// Once this session's read answers it is in force (and remembered); a
// `dataConsent: false` then closes the port. `known` resolves once consent
// is decided: until then active() is false and nothing is sent to the host
// (checks, traffic, page answers and the host's start all wait on it).
// What is left: the first seconds after an administrator changes the
// policy, until Chromium answers, follow the previous policy
// (docs/EXTENSION.md). A read that does not answer is asked again every
// POLICY_RETRY_MS, without end: with nothing else to decide on, the
// extension stays off rather than guess (a later read answered in
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
 * Which browser's policy files the host can read for this one
 * (docs/PROTOCOL.md `policy`): 'chromium', 'chrome' or 'edge' from
 * navigator.userAgentData.brands, or null — for Firefox (no brands; its
 * storage.managed answers at once), and for a browser that names any other
 * brand (Brave, Opera, Yandex …: their policy lives elsewhere, so the host's
 * "no policy" would be wrong). Brands like "Not/A)Brand" are the browser's
 * decoys and are passed over.
 * @param {Array<{brand: string}>|undefined} brands
 */
export function hostPolicyBrowser(brands) {
  if (!Array.isArray(brands) || brands.length === 0) return null;
  const names = new Set();
  for (const b of brands) {
    const brand = String(b?.brand ?? '');
    if (/^not.a.brand$/i.test(brand.replace(/[^a-z]/gi, ' ').replace(/\s+/g, ' ').trim())) continue;
    names.add(brand);
  }
  const known = {'Microsoft Edge': 'edge', 'Google Chrome': 'chrome', 'Chromium': 'chromium'};
  if ([...names].some((n) => !(n in known))) return null;
  for (const [brand, browser] of Object.entries(known)) {
    if (names.has(brand)) return browser;
  }
  return null;
}

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {boolean} o.consentRequired the browser wants a first-run consent (Firefox)
 * @param {(why: 'policy'|'user') => void} o.onChange the settings were read again
 * @param {number} [o.policyRetryMs] how long a policy read may go unanswered before it is asked again
 * @param {() => Promise<object>} [o.askHost] asks the host's `policy` (docs/PROTOCOL.md); only
 *   where the host reads the browser's policy files (hostPolicyBrowser())
 */
export function startConfig({api, consentRequired, onChange, policyRetryMs = POLICY_RETRY_MS, askHost = null}) {
  let policy = null;  // readPolicy(storage.managed) of this session, once it answered
  let remembered = null;  // readPolicy() of the last session's read (storage.local), if any
  let fromHost = null;  // readPolicy() of the host's answer, on a profile with nothing remembered
  let decided = false;  // consent is decided on a policy read now or remembered (`known`)
  let local = {};
  let sessionChoice = {};
  let settings = effectiveSettings({consentRequired});
  let t = null;

  const compute = () => {
    settings = effectiveSettings({policy: policy ?? remembered ?? fromHost ?? {}, local, session: sessionChoice, consentRequired,
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

  // Never read on this profile: the host's reading of the policy files, or
  // whichever of it and the browser's read answers first; an unknown answer
  // (or none) waits for the browser's.
  async function standIn() {
    if (!askHost || local.consent === 'declined') return policyRead;
    // Installed by policy (installType 'admin') but by no file the host
    // read: the policy comes from cloud management or a managed account,
    // which the files do not show, so the host's answer is not taken.
    const installedByPolicy = Promise.resolve().then(() => api.management?.getSelf?.())
        .then((self) => self?.installType === 'admin', () => false);
    const hostRead = Promise.all([Promise.resolve().then(askHost), installedByPolicy]).then(
        ([a, admin]) => (a?.known === true && a.policy && typeof a.policy === 'object' &&
                         (!admin || a.installs === true) ? readPolicy(a.policy) : null),
        () => null);
    await Promise.race([policyRead, hostRead.then((p) => {
      if (p === null) return policyRead;
      if (policy !== null) return;  // the browser's read came first after all
      fromHost = p;
      markOnce('policy-from-host');
      compute();
    })]);
  }

  const policyRead = applyPolicy();
  let known = readUserChoices().then(async () => {
    if (policy === null && remembered === null) await standIn();
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
