// Answers to the content script: the verdict on its page (and the banner to
// show, in the user's language), marks for its links, its own resource list
// when the background missed the page's requests, hiding a site's banner
// and opening the details.
//
// Contract: makePageAnswers() returns the handler table {type: (message,
// sender) => Promise<answer>} for messages whose sender is a tab; the
// caller has checked that the sender is this extension's content script.

import {chunk, isHttpUrl, LIMITS, linksMessage, readFlaggedLinks, stripFragment} from '../lib/messages.js';
import {groupLinks} from '../lib/redirects.js';
import {markOnce} from '../lib/startmarks.js';
import {bannerView, linkLegend, linkMark} from '../lib/texts.js';

function sameOrigin(a, b) {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {import('../lib/tabstate.js').TabStore} o.tabs
 * @param {import('../lib/session.js').SessionMemory} o.session
 * @param {import('../lib/port.js').HostPort} o.port
 * @param {object} o.config background/config.js
 * @param {object} o.checks background/checks.js
 * @param {object} o.traffic background/traffic.js
 */
export function makePageAnswers({api, tabs, session, port, config, checks, traffic}) {
  /**
   * The tab's state for the document that sent `sender`, made or brought up
   * to date: the browser may have started with this page before the
   * background saw its navigation, or restored it from the back/forward cache.
   */
  function stateFor(sender, message) {
    const tab = sender.tab.id;
    // The document's address now: a single-page app may have changed it with
    // pushState since the browser recorded sender.url (Chrome keeps the first).
    const own = typeof message?.url === 'string' && sameOrigin(message.url, sender.url ?? '') ? message.url : null;
    const url = stripFragment(own ?? sender.url ?? '');
    if (!isHttpUrl(url) || sender.frameId !== 0) return null;
    let state = tabs.get(tab);
    if (state) state.reported = true;
    if (state && (!state.url || (!state.checked && sameOrigin(state.url, url)))) {
      if (state.url !== url) {
        state.url = url;  // A redirect or history change before the content script ran.
        checks.check(tab, state);
      }
      traffic.release(tab);
    } else if (!state || state.url !== url) {
      state = tabs.reset(tab, url);  // A page restored from the back/forward cache.
      state.reported = true;
      checks.check(tab, state);
    }
    if (!state.check) checks.check(tab, state);
    return state;
  }

  /** At document_start: the verdict on the URL, as soon as the host gave it. */
  async function onPageStart(message, sender) {
    markOnce('page-start-handled');
    await config.known;
    if (!config.active()) return {active: false};
    const state = stateFor(sender, message);
    if (!state) return {active: false};
    const answer = await answerFor(sender.tab.id, state, await checks.latest(sender.tab.id, state, state.check));
    markOnce('page-start-answered');
    return answer;
  }

  /** When the document is parsed: `page` again with the metadata (page signals). */
  async function onPageMeta(message, sender) {
    await config.known;
    if (!config.active()) return {active: false};
    const state = stateFor(sender, message);
    if (!state) return {active: false};
    state.meta = message.meta;  // kept (in memory) to ask again if the host was away
    const tab = sender.tab.id;
    return answerFor(tab, state, await checks.latest(tab, state, checks.check(tab, state)));
  }

  async function answerFor(tab, state, ok) {
    if (!tabs.isCurrent(tab, state)) return {active: false};
    const {settings, t} = config;
    if (!ok) return {active: true, banner: null, markLinks: false};
    await session.load();
    markOnce('session-loaded');
    const domain = state.domain;
    const view = settings.showBanner ? bannerView(t, state.credibility, {
      domain,
      dismissed: domain ? session.has('dismissed', domain) : false,
      // The page that got the site's notice keeps it when it asks again (metadata, bfcache).
      noticed: domain ? session.has('noticed', domain) && state.noticeFor !== state.url : false,
      allowDismiss: settings.allowDismiss,
    }) : null;
    // A caution notice shows on the first page of a site per browser session.
    if (view?.kind === 'notice' && domain) {
      state.noticeFor = state.url;
      await session.add('noticed', domain);
    }
    // The page loaded before the background listened: it lists its own resources.
    return {active: true, banner: view, markLinks: settings.markLinks,
            wantResources: !state.sawStart && state.seenUrls !== null};
  }

  async function onLinks(message, sender) {
    await config.known;
    if (!config.active() || !config.settings.markLinks) return {marks: []};
    const t = config.t;
    const page = stripFragment(sender.url ?? '');
    // A link behind a search engine's or a social network's redirect is asked
    // about by the address it leads to.
    const asked = groupLinks(message.links, page);
    const marks = [];
    for (const part of chunk(asked, LIMITS.linksPerBatch)) {
      try {
        const answer = await port.request(linksMessage(page, part.map((e) => e.target)));
        for (const f of readFlaggedLinks(answer, part.length)) {
          if (f.level !== 'caution' && f.level !== 'warning') continue;
          const mark = linkMark(t, f);
          for (const href of part[f.index].hrefs) marks.push({url: href, ...mark});
        }
      } catch {
        // No host: no marks; the popup says why.
      }
    }
    await session.load();
    const legend = marks.length && !session.has('legend', 'shown') ? linkLegend(t) : null;
    return {marks, lang: t.lang, legend};
  }

  async function onDismiss(message, sender) {
    const domain = tabs.get(sender.tab.id)?.domain;
    if (!config.settings.allowDismiss || !domain) return {ok: false};
    await session.add('dismissed', domain);
    return {ok: true};
  }

  async function onOpenDetails(message, sender) {
    try {
      await api.action.openPopup();
    } catch {
      await api.tabs.create({url: api.runtime.getURL(`popup.html?tab=${sender.tab.id}`),
                             index: sender.tab.index + 1});
    }
    return {ok: true};
  }

  return {
    'page-start': onPageStart,
    'page-meta': onPageMeta,
    'links': onLinks,
    'resources': async (message, sender) => ({ok: traffic.countResources(sender.tab.id, message.entries)}),
    'legend-shown': async () => {
      await session.add('legend', 'shown');
      return {ok: true};
    },
    'dismiss': onDismiss,
    'open-details': onOpenDetails,
  };
}
