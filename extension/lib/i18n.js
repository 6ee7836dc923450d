// Text in the user's language, switchable at run time.
//
// The browsers' i18n API follows the browser's language only, so the
// extension reads its own _locales/<lang>/messages.json (the same files, in
// the browsers' format: {key: {message, description}}) and picks the
// language itself: the administrator's policy first, then the user's choice
// in the popup, then the browser's languages, then English.
//
// Messages use $1…$9 for substitutions and $$ for a literal dollar sign.

export const LANGUAGES = Object.freeze(['en', 'ru', 'kk']);

// Each language is named in itself, so a user who cannot read the current
// language still finds their own.
export const LANGUAGE_NAMES = Object.freeze({en: 'English', ru: 'Русский', kk: 'Қазақша'});

const baseOf = (tag) => String(tag || '').toLowerCase().split(/[-_]/)[0];

/**
 * @param {{policy?: string, preference?: string, uiLanguages?: string[]}} o
 *   policy and preference are a language code or 'auto'/undefined.
 */
export function pickLanguage({policy, preference, uiLanguages = []} = {}) {
  for (const choice of [policy, preference]) {
    if (LANGUAGES.includes(choice)) return choice;
  }
  for (const tag of uiLanguages) {
    const base = baseOf(tag);
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export function format(template, subs = []) {
  return String(template).replace(/\$(\$|[1-9])/g, (all, what) => {
    if (what === '$') return '$';
    const value = subs[Number(what) - 1];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Turns a protocol code ("state-controlled") into a message key ("rating_state_controlled"). */
export function codeKey(prefix, code) {
  return `${prefix}_${String(code).replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * @param {object} catalogue messages of the chosen language
 * @param {object} [fallback] English messages, for a key the catalogue lacks
 * @returns {function} t(key, ...subs) -> string; t.has(key); t.lang
 */
export function makeTranslator(catalogue, fallback = {}, lang = 'en') {
  const lookup = (key) => catalogue?.[key]?.message ?? fallback?.[key]?.message;
  const t = (key, ...subs) => {
    const m = lookup(key);
    return m === undefined ? key : format(m, subs);
  };
  t.has = (key) => lookup(key) !== undefined;
  t.lang = lang;
  /** The message for a protocol code, or `fallbackText` when there is none. */
  t.code = (prefix, code, fallbackText = code) => {
    const key = codeKey(prefix, code);
    return t.has(key) ? t(key) : String(fallbackText);
  };
  return t;
}

/** Loads the catalogues of `lang` and English with `fetchJson(path)`. */
export async function loadTranslator(lang, fetchJson) {
  const chosen = LANGUAGES.includes(lang) ? lang : 'en';
  const english = await fetchJson('_locales/en/messages.json');
  const catalogue = chosen === 'en' ? english : await fetchJson(`_locales/${chosen}/messages.json`);
  return makeTranslator(catalogue, english, chosen);
}

/**
 * The citation link for a reader of `lang`: the list's version in that
 * language when it gives one (`source.citations`), else its default
 * citation (lang null: the document's own language). Null without either.
 */
export function pickCitation(source, lang) {
  const local = source?.citations?.[lang];
  if (local) return {url: local, lang};
  return source?.citation ? {url: source.citation, lang: null} : null;
}

/** A note from a list, in the wanted language if the list wrote one, else English, else any. */
export function pickNote(notes, lang) {
  if (!notes) return null;
  return notes[lang] ?? notes.en ?? Object.values(notes)[0] ?? null;
}
