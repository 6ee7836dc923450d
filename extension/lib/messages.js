// Message shapes of the native-messaging protocol (docs/PROTOCOL.md is the
// authority) and the defensive readers for what the host answers. Pure: no
// browser API, so node's test runner can load it.

export const PROTOCOL_VERSION = 1;

// Bounds the host enforces; batches are cut to fit them so that a busy page
// never earns a `too_many` error. The first three are written once, in
// extension/limits.json, from which the host is built; a unit test holds
// these to it. metaFieldChars is the extension's own cut (the host keeps
// 4,096 bytes of each field).
export const LIMITS = Object.freeze({
  requestsPerBatch: 2000,
  linksPerBatch: 5000,
  urlBytes: 8192,
  metaFieldChars: 1000,
});

export const LEVELS = Object.freeze(['none', 'info', 'caution', 'warning']);

const META_KEYS = ['title', 'lang', 'canonical', 'site_name', 'og_type', 'author',
                   'published', 'modified', 'description'];

/** True for an absolute http(s) URL no longer than the host accepts. */
export function isHttpUrl(url) {
  if (typeof url !== 'string' || url.length > LIMITS.urlBytes) return false;
  return /^https?:\/\//i.test(url);
}

/** The URL without its #fragment: the fragment never names another document. */
export function stripFragment(url) {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

/** Keeps the known metadata keys with non-empty string values, trimmed and bounded. */
export function cleanMeta(meta) {
  const out = {};
  if (!meta || typeof meta !== 'object') return out;
  for (const key of META_KEYS) {
    const value = meta[key];
    if (typeof value !== 'string') continue;
    const trimmed = value.replace(/\s+/g, ' ').trim();
    if (trimmed) out[key] = trimmed.slice(0, LIMITS.metaFieldChars);
  }
  return out;
}

export function helloMessage(extensionVersion) {
  return {type: 'hello', extension: extensionVersion, protocol: PROTOCOL_VERSION};
}

export function pageMessage(tab, url, meta) {
  return {type: 'page', tab, url, meta: cleanMeta(meta)};
}

/** `requests` is [{url, type}]; the caller keeps it within LIMITS.requestsPerBatch. */
export function requestsMessage(tab, page, requests) {
  return {type: 'requests', tab, page, requests};
}

export function linksMessage(page, links) {
  return {type: 'links', page, links};
}

export const DASHBOARD_ACTIONS = Object.freeze(['start', 'stop', 'status']);

/** The workshop view's switch (docs/PROTOCOL.md `dashboard`); `lang` is the popup's language. */
export function dashboardMessage(action, lang) {
  return {type: 'dashboard', action, lang};
}

/**
 * Reads a `dashboard` answer: {running, url}. url is kept only when it is
 * the host's own page on this computer (http, 127.0.0.1 or localhost, with a
 * port), so that nothing else is ever opened in a tab on the host's word.
 */
export function readDashboardAnswer(answer) {
  const running = answer?.running === true;
  let url = null;
  if (running && typeof answer.url === 'string' && answer.url.length <= LIMITS.urlBytes) {
    try {
      const u = new URL(answer.url);
      if (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost') && u.port &&
          !u.username && !u.password) {
        url = u.href;
      }
    } catch {
      // Not a URL: nothing to open.
    }
  }
  return {running, url};
}

/**
 * Reads a `settings` answer into the published datasets the host loaded,
 * [{name, attribution, license}] (each as its licence asks to be credited;
 * lists without an attribution are not datasets and are left out). Strings
 * are bounded, so a host cannot flood the popup.
 */
export function readDatasets(answer) {
  const lists = Array.isArray(answer?.lists) ? answer.lists : [];
  const text = (v) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 400) : null);
  const out = [];
  for (const l of lists.slice(0, 100)) {
    const attribution = text(l?.attribution);
    if (!attribution) continue;
    out.push({name: text(l.name), attribution, license: text(l.license)});
  }
  return out;
}

/** Splits a list into chunks of at most `size` items. */
export function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function normalizeLevel(level) {
  return LEVELS.includes(level) ? level : 'none';
}

/** Index of a level in LEVELS; unknown levels count as 'none'. */
export function levelRank(level) {
  return LEVELS.indexOf(normalizeLevel(level));
}

const asString = (v) => (typeof v === 'string' && v ? v : null);
const asStrings = (v) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string' && s) : []);

/**
 * The letters a lookalike writes instead of the original's ("vv" for "w"),
 * from `lookalike.substitution`; null unless both are short strings.
 */
function readSubstitution(lookalike) {
  const s = lookalike && typeof lookalike === 'object' ? lookalike.substitution : null;
  const ok = (v) => typeof v === 'string' && v.length > 0 && v.length <= 4;
  return s && typeof s === 'object' && ok(s.written) && ok(s.instead_of)
    ? {written: s.written, insteadOf: s.instead_of} : null;
}

/**
 * Reads the `credibility` object of a `page` answer into a shape the UI can
 * use without checks: every field present, unknown levels as 'none'.
 */
export function readCredibility(c) {
  if (!c || typeof c !== 'object') {
    return {level: 'none', rating: null, reasons: [], lookalikeOf: null, substitution: null,
            source: null, nextSteps: [], signals: []};
  }
  let source = null;
  if (c.source && typeof c.source === 'object') {
    const notes = {};
    if (c.source.notes && typeof c.source.notes === 'object') {
      for (const [lang, text] of Object.entries(c.source.notes)) {
        if (typeof text === 'string' && text) notes[lang] = text;
      }
    }
    const citation = asString(c.source.citation);
    // The citation in other languages: https links only.
    const citations = {};
    if (c.source.citations && typeof c.source.citations === 'object') {
      for (const [lang, url] of Object.entries(c.source.citations)) {
        if (typeof url === 'string' && /^https:\/\//i.test(url)) citations[lang] = url;
      }
    }
    source = {
      list: asString(c.source.list),
      entry: asString(c.source.entry),
      citation: citation && /^https?:\/\//i.test(citation) ? citation : null,
      citations,
      ratedBy: asString(c.source.rated_by),
      reviewed: asString(c.source.reviewed),
      notes,
    };
  }
  return {
    level: normalizeLevel(c.level),
    rating: asString(c.rating),
    reasons: asStrings(c.reasons),
    lookalikeOf: asString(c.lookalike_of),
    substitution: readSubstitution(c.lookalike),
    source,
    nextSteps: asStrings(c.next_steps),
    signals: asStrings(c.signals),
  };
}

/**
 * Reads one slot of a `requests` answer. Returns null for a slot the host
 * could not decide (it carries an error) or a malformed one.
 */
export function readRequestResult(r) {
  if (!r || typeof r !== 'object' || r.error) return null;
  let tracker = null;
  if (r.tracker && typeof r.tracker === 'object') {
    tracker = {
      entity: asString(r.tracker.entity) ?? 'unknown',
      category: asString(r.tracker.category) ?? 'unknown',
      country: asString(r.tracker.country),
      rule: asString(r.tracker.rule),
      list: asString(r.tracker.list),
      exception: r.tracker.exception === true,
    };
  }
  return {
    thirdParty: r.third_party === true,
    domain: asString(r.registrable_domain),
    tracker,
  };
}

/** Reads a `links` answer into [{index, level, rating, lookalikeOf}] with valid indexes. */
export function readFlaggedLinks(answer, count) {
  const flagged = Array.isArray(answer?.flagged) ? answer.flagged : [];
  const out = [];
  for (const f of flagged) {
    if (!f || !Number.isInteger(f.index) || f.index < 0 || f.index >= count) continue;
    out.push({index: f.index, level: normalizeLevel(f.level), rating: asString(f.rating),
              lookalikeOf: asString(f.lookalike_of)});
  }
  return out;
}
