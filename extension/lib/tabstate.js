// What the extension knows about each tab, in memory only: the page's
// credibility and the privacy picture of its sub-requests. Nothing here is
// ever written to storage (a public PC must keep no trace of the pages its
// patrons saw); a tab's state is dropped when the tab closes or navigates.
//
// Only registrable domains, entities and rule names are kept per request,
// never the request URLs.

import {readCredibility} from './messages.js';

let navCounter = 0;

export function newTabState(url, now = Date.now()) {
  return {
    nav: ++navCounter,  // tells answers for an older page of the same tab apart
    since: now,  // when this page was first seen (epoch ms, as webRequest's timeStamp)
    url,
    meta: null,  // what the content script read, for asking again
    checked: false,
    credibility: readCredibility(null),
    domain: null,
    pageError: null,
    requests: 0,
    firstParty: 0,
    thirdParty: 0,
    undecided: 0,
    thirdPartyDomains: new Map(),  // domain -> request count
    trackers: new Map(),  // tracker domain -> {domain, entity, country, categories:Set, rule, list, count}
  };
}

/** Records the answer to a `page` message. */
export function applyPage(state, answer) {
  state.checked = true;
  state.pageError = null;
  state.domain = typeof answer?.registrable_domain === 'string' ? answer.registrable_domain : null;
  state.credibility = readCredibility(answer?.credibility);
}

/** Records a failed `page` check (host missing, timeout, host error code). */
export function applyPageError(state, code) {
  state.pageError = code;
}

/**
 * Adds decided requests (readRequestResult values; null for an undecided
 * slot). A tracker matched by an exception rule (`@@`) is not counted.
 */
export function applyResults(state, results) {
  for (const r of results) {
    state.requests += 1;
    if (!r) {
      state.undecided += 1;
      continue;
    }
    if (r.thirdParty) {
      state.thirdParty += 1;
      if (r.domain) state.thirdPartyDomains.set(r.domain, (state.thirdPartyDomains.get(r.domain) ?? 0) + 1);
    } else {
      state.firstParty += 1;
    }
    const t = r.tracker;
    if (!t || t.exception) continue;
    const key = r.domain ?? `${t.entity}/${t.rule}`;
    let entry = state.trackers.get(key);
    if (!entry) {
      entry = {domain: r.domain, entity: t.entity, country: t.country, categories: new Set(),
               rule: t.rule, list: t.list, count: 0};
      state.trackers.set(key, entry);
    }
    entry.count += 1;
    entry.categories.add(t.category);
  }
}

/** The badge number: distinct tracker domains the page contacted. */
export function trackerCount(state) {
  return state ? state.trackers.size : 0;
}

const byCountThenName = (a, b) => b.count - a.count || String(a.name).localeCompare(String(b.name));

/** A plain, JSON-safe picture of the tab for the popup. */
export function summarize(state) {
  const companies = new Map();
  for (const t of state.trackers.values()) {
    let c = companies.get(t.entity);
    if (!c) {
      c = {name: t.entity, entity: t.entity, country: t.country, categories: new Set(), count: 0,
           domains: []};
      companies.set(t.entity, c);
    }
    c.count += t.count;
    c.country ??= t.country;
    for (const cat of t.categories) c.categories.add(cat);
    c.domains.push({domain: t.domain, categories: [...t.categories], rule: t.rule, list: t.list,
                    count: t.count});
  }
  const trackerDomains = new Set([...state.trackers.values()].map((t) => t.domain));
  const otherSites = [...state.thirdPartyDomains]
      .filter(([domain]) => !trackerDomains.has(domain))
      .map(([domain, count]) => ({name: domain, domain, count}))
      .sort(byCountThenName);
  return {
    url: state.url,
    domain: state.domain,
    checked: state.checked,
    pageError: state.pageError,
    credibility: state.credibility,
    counts: {
      requests: state.requests,
      firstParty: state.firstParty,
      thirdParty: state.thirdParty,
      undecided: state.undecided,
      trackers: trackerCount(state),
    },
    companies: [...companies.values()]
        .map((c) => ({...c, categories: [...c.categories].sort(),
                      domains: c.domains.sort((a, b) => b.count - a.count)}))
        .sort(byCountThenName),
    otherSites,
  };
}

/** Tab id -> state; the only place tab states live. */
export class TabStore {
  #tabs;

  constructor() {
    this.#tabs = new Map();
  }

  get(tab) {
    return this.#tabs.get(tab) ?? null;
  }

  /** A new page in `tab`: forgets the previous page's state. */
  reset(tab, url, now = Date.now()) {
    const state = newTabState(url, now);
    this.#tabs.set(tab, state);
    return state;
  }

  /** The tab's state, made if missing (a tab that was open before the extension started). */
  ensure(tab, url) {
    return this.get(tab) ?? this.reset(tab, url);
  }

  delete(tab) {
    this.#tabs.delete(tab);
  }

  /** A prerendered tab replaced a visible one. */
  replace(added, removed) {
    const state = this.#tabs.get(added);
    this.#tabs.delete(removed);
    if (state) this.#tabs.set(added, state);
  }

  /**
   * True when a navigation that started at `timeStamp` is older than the
   * page `tab` shows: an event delivered late (Firefox replays webRequest
   * events to a background that is still starting) must not reset it.
   */
  isStale(tab, timeStamp) {
    const state = this.#tabs.get(tab);
    return Boolean(state) && Number.isFinite(timeStamp) && timeStamp < state.since;
  }

  /** True when `state` is still the current page of `tab` (answers for old pages are dropped). */
  isCurrent(tab, state) {
    return this.#tabs.get(tab) === state;
  }

  size() {
    return this.#tabs.size;
  }

  ids() {
    return [...this.#tabs.keys()];
  }

  /** The tab showing `url` (without fragment), or null. */
  findByUrl(url) {
    for (const [tab, state] of this.#tabs) {
      if (state.url === url) return tab;
    }
    return null;
  }
}
