// Small DOM helpers shared by the popup and the consent page.

import {LANGUAGE_NAMES, LANGUAGES, loadTranslator} from './i18n.js';

export const api = globalThis.browser ?? globalThis.chrome;

/** h('p', {class: 'x'}, 'text', child…): an element; text is always text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) node.append(c);
  }
  return node;
}

export async function translator(lang) {
  return loadTranslator(lang, async (path) => (await fetch(api.runtime.getURL(path))).json());
}

/**
 * Fills the language switch: "Browser language" plus each language named in
 * itself. Hidden when the administrator fixed the language.
 */
export function setupLanguageSwitch(t, {language, languageLocked}, onChange) {
  const box = document.getElementById('lang-box');
  const select = document.getElementById('lang-select');
  document.getElementById('lang-label').textContent = t('ui_language');
  box.hidden = Boolean(languageLocked);
  select.replaceChildren(
      h('option', {value: 'auto'}, t('ui_language_auto')),
      ...LANGUAGES.map((l) => h('option', {value: l, lang: l}, LANGUAGE_NAMES[l])));
  select.value = language ?? 'auto';
  select.onchange = () => onChange(select.value);
  document.documentElement.lang = t.lang;
}
