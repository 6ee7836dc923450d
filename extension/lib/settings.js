// Settings: what the administrator's policy fixes (storage.managed, see
// managed_schema.json) wins over what the user chose (storage.local), which
// wins over the defaults. Only settings live in storage, never anything
// about the pages visited.

import {LANGUAGES} from './i18n.js';

export const DEFAULTS = Object.freeze({
  language: 'auto',
  showBanner: true,
  markLinks: true,
  allowDismiss: true,
  publicPc: false,
  idleMinutes: 10,
  workshopView: true,
});

const IDLE_MINUTES = Object.freeze({min: 1, max: 240});

const isLanguage = (v) => v === 'auto' || LANGUAGES.includes(v);

/** Keeps the policy keys we know with values of the right type; drops the rest. */
export function readPolicy(managed) {
  const out = {};
  if (!managed || typeof managed !== 'object') return out;
  if (typeof managed.dataConsent === 'boolean') out.dataConsent = managed.dataConsent;
  if (isLanguage(managed.language)) out.language = managed.language;
  for (const key of ['showBanner', 'markLinks', 'allowDismiss', 'publicPc', 'workshopView']) {
    if (typeof managed[key] === 'boolean') out[key] = managed[key];
  }
  if (Number.isInteger(managed.idleMinutes) && managed.idleMinutes >= IDLE_MINUTES.min &&
      managed.idleMinutes <= IDLE_MINUTES.max) {
    out.idleMinutes = managed.idleMinutes;
  }
  return out;
}

/**
 * @param {object} o
 * @param {object} o.policy readPolicy() of storage.managed
 * @param {object} o.local storage.local: {consent?: 'granted'|'declined', language?}
 * @param {object} o.session storage.session: {language?} (the choice of a
 *   patron on a public PC, which must not outlive the browser session)
 * @param {boolean} o.consentRequired the browser wants a first-run consent (Firefox)
 * @param {boolean} o.ephemeral the browser runs the extension in a private
 *   or guest window: public-PC mode whatever the policy says
 * @returns the settings in force. consent is 'granted' (the extension works),
 *   'needed' (ask on first run) or 'declined' (it stays off); *Locked says
 *   that the policy fixed it and the popup must not offer to change it.
 */
export function effectiveSettings({policy = {}, local = {}, session = {}, consentRequired = false,
                                   ephemeral = false} = {}) {
  let consent;
  if (policy.dataConsent !== undefined) consent = policy.dataConsent ? 'granted' : 'declined';
  else if (local.consent === 'granted' || local.consent === 'declined') consent = local.consent;
  else consent = consentRequired ? 'needed' : 'granted';
  const publicPc = policy.publicPc === true || ephemeral;
  // On a public PC the language someone picked lives in storage.session only.
  const chosen = publicPc ? session.language : local.language;
  const language = policy.language ?? (isLanguage(chosen) ? chosen : DEFAULTS.language);
  const pick = (key) => policy[key] ?? DEFAULTS[key];
  return {
    consent,
    consentLocked: policy.dataConsent !== undefined,
    language,
    languageLocked: policy.language !== undefined,
    showBanner: pick('showBanner'),
    markLinks: pick('markLinks'),
    allowDismiss: pick('allowDismiss'),
    publicPc,
    idleMinutes: pick('idleMinutes'),
    // The popup's workshop switch; false: the administrator forbids it.
    workshopView: pick('workshopView'),
  };
}
