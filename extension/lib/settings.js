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
});

const isLanguage = (v) => v === 'auto' || LANGUAGES.includes(v);

/** Keeps the policy keys we know with values of the right type; drops the rest. */
export function readPolicy(managed) {
  const out = {};
  if (!managed || typeof managed !== 'object') return out;
  if (typeof managed.dataConsent === 'boolean') out.dataConsent = managed.dataConsent;
  if (isLanguage(managed.language)) out.language = managed.language;
  for (const key of ['showBanner', 'markLinks', 'allowDismiss']) {
    if (typeof managed[key] === 'boolean') out[key] = managed[key];
  }
  return out;
}

/**
 * @param {object} o
 * @param {object} o.policy readPolicy() of storage.managed
 * @param {object} o.local storage.local: {consent?: 'granted'|'declined', language?}
 * @param {boolean} o.consentRequired the browser wants a first-run consent (Firefox)
 * @returns the settings in force. consent is 'granted' (the extension works),
 *   'needed' (ask on first run) or 'declined' (it stays off); *Locked says
 *   that the policy fixed it and the popup must not offer to change it.
 */
export function effectiveSettings({policy = {}, local = {}, consentRequired = false} = {}) {
  let consent;
  if (policy.dataConsent !== undefined) consent = policy.dataConsent ? 'granted' : 'declined';
  else if (local.consent === 'granted' || local.consent === 'declined') consent = local.consent;
  else consent = consentRequired ? 'needed' : 'granted';
  const language = policy.language ?? (isLanguage(local.language) ? local.language : DEFAULTS.language);
  const pick = (key) => policy[key] ?? DEFAULTS[key];
  return {
    consent,
    consentLocked: policy.dataConsent !== undefined,
    language,
    languageLocked: policy.language !== undefined,
    showBanner: pick('showBanner'),
    markLinks: pick('markLinks'),
    allowDismiss: pick('allowDismiss'),
  };
}
