// The popup: what Sauatty knows about the active tab, in words. It opens a
// port to the background, which pushes the tab's state whenever it changes;
// the popup redraws only when the state changed (keeping open <details> and
// focus).
//
// popup.html?tab=N shows tab N: the banner's "Details" opens it that way in
// a tab when the browser cannot open the popup itself. popup.html?url=U
// shows the tab whose page is U (the Firefox test knows no tab ids).

import {pickCitation, pickNote} from './lib/i18n.js';
import {countryName, formatDate} from './lib/locale.js';
import {
  categoryLabel, categoryWhy, errorText, levelLabel, listLabel, ratedByLabel, ratingLabel, reasonLines,
} from './lib/texts.js';
import {api, h, setupLanguageSwitch, translator} from './lib/ui.js';

const DEFAULT_NEXT_STEPS = ['who_runs_site', 'what_others_say', 'find_original'];
const THIS_SITE = 'this site';

const params = new URLSearchParams(location.search);
let t = null;
let lastJson = '';
let tabId = null;

async function targetTab() {
  if (params.has('tab')) return Number(params.get('tab'));
  if (params.has('url')) return null;
  const [tab] = await api.tabs.query({active: true, currentWindow: true});
  return tab?.id ?? null;
}

async function refresh(force = false) {
  const state = await api.runtime.sendMessage({
    type: 'popup-state', tab: tabId, url: tabId === null ? params.get('url') : undefined, retry: force});
  await show(state, force);
}

async function show(state, force = false) {
  if (!state || state.error) return;
  const json = JSON.stringify(state);
  if (!force && json === lastJson) return;
  lastJson = json;
  if (!t || t.lang !== state.lang) t = await translator(state.lang);
  setupLanguageSwitch(t, state, async (value) => {
    await api.runtime.sendMessage({type: 'set-language', value});
    await refresh(true);
  });
  draw(state);
}

function draw(state) {
  const main = document.getElementById('main');
  const open = new Set([...main.querySelectorAll('details[open]')].map((d) => d.dataset.key));
  const focusKey = document.activeElement?.closest?.('[data-key]')?.dataset.key;
  main.replaceChildren(...view(state), ...workshopSection(state));
  for (const d of main.querySelectorAll('details')) d.open = open.has(d.dataset.key);
  if (focusKey) main.querySelector(`[data-key="${CSS.escape(focusKey)}"] summary`)?.focus();
  document.getElementById('footer').replaceChildren(footer(state));
  document.body.dataset.ready = 'true';
}

function view(state) {
  const out = [];
  if (state.consent !== 'granted') return [consentNotice(state)];
  const host = hostNotice(state.host);
  if (host) out.push(host);
  const tab = state.tab;
  const url = tab?.url ?? state.tabUrl;
  if (!url || !/^https?:/i.test(url)) {
    out.push(h('p', {class: 'muted', id: 'no-page'}, t('popup_no_page')));
    return out;
  }
  if (state.publicPc) out.push(h('p', {class: 'muted', id: 'public-pc'}, t('popup_public_pc')));
  out.push(h('p', {class: 'page-url', id: 'page'}, t('popup_page', hostName(url))));
  // With no host and no verdict there is nothing to show but the notice:
  // empty sections would read as "no trackers", which nobody checked.
  if (!tab?.checked && state.host.state === 'unavailable') return out;
  out.push(sourceSection(tab));
  if (tab) out.push(privacySection(tab, state.waiting ?? 0));
  return out;
}

function hostName(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function consentNotice(state) {
  if (state.consentLocked) {
    return h('section', {class: 'notice', id: 'consent', 'data-state': 'off'},
             h('p', {}, t('consent_managed_off')));
  }
  const text = state.consent === 'declined' ? t('consent_declined') : t('consent_needed');
  return h('section', {class: 'notice', id: 'consent', 'data-state': state.consent},
           h('p', {}, text),
           h('button', {type: 'button', class: 'primary', onclick: () => {
             api.tabs.create({url: api.runtime.getURL('consent.html')});
             window.close();
           }}, t('consent_review')));
}

function hostNotice(host) {
  if (host.state === 'connected') {
    if (host.reason !== 'incompatible' && host.reason !== 'version_mismatch') return null;
    // Which one to update: the older of the two (lib/port.js versionAgreement).
    const versions = host.host?.version && host.host?.extension
        ? t(host.update === 'extension' ? 'host_update_extension' : 'host_update_host',
            host.host.version, host.host.extension)
        : null;
    return h('section', {class: host.reason === 'incompatible' ? 'notice error' : 'notice',
                         id: 'host-status', 'data-state': host.reason, 'data-update': host.update ?? ''},
        host.reason === 'incompatible' ? h('p', {}, t('host_incompatible')) : null,
        versions ? h('p', {}, versions) : null);
  }
  if (host.state !== 'unavailable') {
    return h('p', {class: 'muted', id: 'host-status', 'data-state': host.state}, t('host_connecting'));
  }
  return h('section', {class: 'notice error', id: 'host-status', 'data-state': 'unavailable',
                       'data-reason': host.reason ?? ''},
      h('h2', {}, t('host_title_missing')),
      h('p', {}, t('host_body_missing')),
      h('p', {}, t('host_howto')),
      host.detail ? h('p', {class: 'detail'}, t('host_detail', host.detail)) : null,
      h('button', {type: 'button', class: 'primary', onclick: async () => {
        await api.runtime.sendMessage({type: 'retry-host'});
        await refresh(true);
      }}, t('host_retry')));
}

function sourceSection(tab) {
  const section = h('section', {id: 'source', class: 'card'}, h('h2', {}, t('section_source')));
  if (!tab?.checked) {
    section.dataset.level = 'unknown';
    const text = tab?.pageError ? t('popup_check_failed', errorText(t, tab.pageError))
                                : tab ? t('popup_checking') : t('popup_not_checked');
    section.append(h('p', {class: 'muted'}, text));
    return section;
  }
  const c = tab.credibility;
  section.dataset.level = c.level;
  section.append(h('p', {class: 'level-row'},
      h('span', {class: `pill level-${c.level}`, id: 'level'}, levelLabel(t, c.level)),
      c.rating ? h('span', {class: 'rating', id: 'rating', 'data-rating': c.rating},
                   t('rating_label', ratingLabel(t, c.rating))) : null));
  section.append(h('p', {}, t(`level_${c.level}_explain`)));
  const reasons = reasonLines(t, c);
  if (reasons.length) {
    section.append(h('h3', {}, t('reasons_title')),
                   h('ul', {id: 'reasons'}, reasons.map((r) => h('li', {}, r))));
  }
  if (c.source) section.append(sourceDetails(c.source));
  if (c.signals.length) {
    section.append(h('h3', {}, t('signals_title')),
                   h('ul', {id: 'signals'}, c.signals.map((s) => h('li', {}, t.code('signal', s)))));
  }
  const steps = c.nextSteps.length ? c.nextSteps : c.level !== 'none' ? DEFAULT_NEXT_STEPS : [];
  if (steps.length) {
    section.append(h('h3', {}, t('next_title')),
                   h('ul', {id: 'next-steps'}, steps.map((s) => h('li', {}, t.code('next', s)))));
  }
  return section;
}

function sourceDetails(source) {
  const box = h('div', {class: 'source', id: 'rated-by'});
  if (source.ratedBy) box.append(h('p', {}, t('source_rated_by', ratedByLabel(t, source.ratedBy))));
  if (source.list) box.append(h('p', {'data-list': source.list}, t('source_list', listLabel(t, source.list))));
  if (source.reviewed) box.append(h('p', {}, t('source_reviewed', formatDate(source.reviewed, t.lang))));
  const citation = pickCitation(source, t.lang);
  if (citation) {
    box.append(h('p', {}, h('a', {id: 'citation', href: citation.url, hreflang: citation.lang,
                                  target: '_blank', rel: 'noopener noreferrer'}, t('source_citation'))));
  }
  const note = pickNote(source.notes, t.lang);
  if (note) {
    const noteLang = Object.keys(source.notes).find((k) => source.notes[k] === note);
    box.append(h('p', {class: 'note-label'}, t('source_note')),
               h('blockquote', {lang: noteLang}, note));
  }
  return box;
}

function privacySection(tab, waiting) {
  const n = tab.counts;
  const section = h('section', {id: 'privacy', class: 'card'},
      h('h2', {}, t('section_privacy')),
      h('p', {class: 'big', id: 'trackers-count', 'data-count': n.trackers}, t('privacy_trackers', n.trackers)),
      h('p', {id: 'request-counts'}, t('privacy_requests', n.requests, n.firstParty, n.thirdParty)));
  const decided = n.requests - n.undecided;
  if (waiting > 0) {
    // Requests seen and not decided yet: "no trackers" would be a guess.
    section.append(h('p', {class: 'muted', id: 'waiting', 'data-count': waiting}, t('popup_waiting')));
  }
  if (!tab.companies.length) {
    if (waiting === 0 && tab.checked && (decided > 0 || n.requests === 0)) {
      section.append(h('p', {class: 'muted', id: 'no-trackers'}, t('privacy_no_trackers')));
    }
  } else {
    section.append(h('h3', {}, t('privacy_companies')),
                   h('ul', {class: 'companies', id: 'companies'}, tab.companies.map(company)));
  }
  if (tab.otherSites.length) {
    section.append(h('details', {'data-key': 'other-sites', id: 'other-sites'},
        h('summary', {}, `${t('privacy_other_sites')} (${tab.otherSites.length})`),
        h('ul', {class: 'plain'}, tab.otherSites.map((s) => h('li', {}, `${s.domain} (${s.count})`)))));
  }
  if (n.undecided) section.append(h('p', {class: 'muted'}, t('privacy_undecided', n.undecided)));
  return section;
}

function company(c) {
  // The host names a list's hit on the page's own site "this site" (docs/PROTOCOL.md `requests`).
  const name = c.entity === THIS_SITE ? t('privacy_this_site')
      : c.entity && c.entity !== 'unknown' ? c.entity : t('privacy_unknown_company');
  const categories = c.categories.map((cat) => categoryLabel(t, cat)).join(', ');
  const country = countryName(c.country, t.lang);
  return h('li', {class: 'company', 'data-entity': c.entity},
      h('details', {'data-key': `company:${c.entity}`},
          h('summary', {}, h('strong', {}, name), ' ',
            h('span', {class: 'muted'}, t('privacy_company_summary', categories, c.count))),
          country ? h('p', {}, t('privacy_country', country)) : null,
          h('ul', {class: 'domains'}, c.domains.map((d) => h('li', {'data-domain': d.domain},
              h('code', {}, d.domain ?? '?'), ' — ', d.categories.map((cat) => categoryLabel(t, cat)).join(', '),
              h('ul', {class: 'why'}, d.categories.map((cat) => h('li', {}, categoryWhy(t, cat)))),
              d.rule ? h('p', {class: 'rule'}, t('privacy_rule', d.rule, d.list ? listLabel(t, d.list) : '?'))
                     : null)))));
}

/**
 * The workshop view's switch (background/workshop.js): on asks the host to
 * start its workshop server, and the background opens the page in a new
 * tab. Shown once the host is there; disabled, with the reason, when the
 * administrator forbids it or the host is too old to have it.
 */
function workshopSection(state) {
  const w = state.workshop;
  if (!w || state.consent !== 'granted' || state.host?.state !== 'connected') return [];
  const blocked = !w.allowed ? t('workshop_forbidden') : !w.supported ? t('workshop_unsupported') : null;
  const on = w.running;
  const label = w.busy === 'start' ? t('workshop_starting') : w.busy === 'stop' ? t('workshop_stopping')
      : on ? t('workshop_on') : t('workshop_off');
  const toggle = h('button', {type: 'button', class: 'switch', id: 'workshop-switch', role: 'switch',
                              'aria-checked': on ? 'true' : 'false', 'aria-labelledby': 'workshop-title',
                              'aria-describedby': blocked ? 'workshop-reason' : 'workshop-explain',
                              disabled: Boolean(blocked) || Boolean(w.busy),
                              onclick: () => switchWorkshop(on ? 'stop' : 'start')},
                   h('span', {class: 'knob', 'aria-hidden': 'true'}), h('span', {class: 'switch-state'}, label));
  const section = h('section', {id: 'workshop', class: 'card',
                                'data-state': blocked ? 'blocked' : w.busy ?? (on ? 'on' : 'off')},
      h('div', {class: 'switch-row'}, h('h2', {id: 'workshop-title'}, t('workshop_title')), toggle),
      h('p', {class: 'muted', id: 'workshop-explain'}, t('workshop_explain')));
  if (blocked) section.append(h('p', {id: 'workshop-reason', class: 'detail'}, blocked));
  if (on && w.url) {
    section.append(h('p', {}, h('a', {href: w.url, target: '_blank', id: 'workshop-open'}, t('workshop_open'))));
  }
  if (w.error) {
    section.append(h('p', {class: 'error', id: 'workshop-error', role: 'alert', 'data-code': w.error.code},
                     t('workshop_failed', workshopError(w.error))));
  }
  return [section];
}

function workshopError(error) {
  if (error.code === 'unknown_type') return t('workshop_unsupported');
  if (error.code === 'forbidden') return t('workshop_forbidden');
  if (error.code === 'timeout' || error.code === 'host_unavailable') return errorText(t, error.code);
  if (error.code === 'dashboard_failed') return t('workshop_cannot_start', error.message);
  // The host's own message is English; the code is what a helper desk asks for.
  return error.message ? `${errorText(t, error.code)}: ${error.message}` : errorText(t, error.code);
}

async function switchWorkshop(action) {
  // The background answers when the host has; its push redraws meanwhile ("Starting…").
  const answer = await api.runtime.sendMessage({type: 'workshop', action});
  if (answer?.workshop) await refresh(true);
}

function footer(state) {
  const host = state.host?.host;
  if (!host?.version) return '';
  const rules = host.rules ?? {};
  // Every loaded tracker list's filters (hello's `loaded`), not only our own map's.
  const filters = host.loaded?.tracker_filters ?? rules.trackers;
  const rated = host.loaded?.credibility_entries ?? rules.credibility;
  const version = !Number.isFinite(filters) || !Number.isFinite(rated)
    ? t('host_version_only', host.version) : t('host_version', host.version, filters, rated);
  // The lists the host loaded, by the names people read (when the host says which).
  const lists = Array.isArray(host.lists) ? host.lists : [];
  const out = h('span', {}, version);
  if (lists.length) {
    out.append(h('br'), h('span', {id: 'lists'},
        t('host_lists', lists.map((l) => t.code('list', l.id ?? l.name ?? String(l),
            l.title ?? l.id ?? l.name ?? String(l))).join(', '))));
  }
  // Published datasets, credited as their licences ask (the host's `settings`).
  const datasets = state.datasets ?? [];
  if (datasets.length) {
    out.append(h('ul', {id: 'datasets', class: 'plain'}, datasets.map((d) => h('li', {'data-name': d.name ?? ''},
        d.license ? t('host_dataset', d.attribution, d.license) : d.attribution))));
  }
  return out;
}

async function main() {
  tabId = await targetTab();
  await refresh(true);
  // From now on the background pushes every change of the tab.
  const port = api.runtime.connect({name: 'popup'});
  port.onMessage.addListener((m) => {
    if (m?.type === 'state') show(m.state).catch(() => {});
  });
  port.postMessage({type: 'watch', tab: tabId, url: tabId === null ? params.get('url') : undefined});
}

main().catch((e) => {
  document.getElementById('main').textContent = String(e?.message ?? e);
});
