// Asking the host about a tab's page (`page`), for the background's other
// parts: the navigation observer sends it as soon as a URL is known, the
// content script's questions wait for its answer.
//
// Contract: check(tab, state) sends `page` for state.url (with state.meta
// when the content script has sent it) and keeps the promise on the state
// (state.check); the latest check wins: an answer for an older URL or an
// overtaken check is dropped. It resolves true when the answer was applied.
// latest(tab, state, p) waits for p and, when p was overtaken, for the check
// that replaced it, so that no answer says "no banner" only because it was
// overtaken.

import {pageMessage} from '../lib/messages.js';
import {markOnce} from '../lib/startmarks.js';
import {applyPage, applyPageError} from '../lib/tabstate.js';

/**
 * @param {object} o
 * @param {import('../lib/tabstate.js').TabStore} o.tabs
 * @param {import('../lib/port.js').HostPort} o.port
 * @param {object} o.config background/config.js
 * @param {(tab: number) => void} o.changed the tab's state changed (badge, popups)
 */
export function makeChecks({tabs, port, config, changed}) {
  function check(tab, state) {
    const url = state.url;
    state.checking = true;
    const p = (async () => {
      await config.known;
      if (!config.active()) return false;
      try {
        markOnce('page-sent');
        const answer = await port.request(pageMessage(tab, url, state.meta));
        markOnce('page-answered');
        if (!tabs.isCurrent(tab, state) || state.url !== url || state.check !== p) return false;
        applyPage(state, answer);
        return true;
      } catch (e) {
        if (tabs.isCurrent(tab, state) && state.check === p) applyPageError(state, e.code ?? 'internal');
        return false;
      } finally {
        if (state.check === p) state.checking = false;
        changed(tab);
      }
    })();
    state.check = p;
    return p;
  }

  async function latest(tab, state, p) {
    let ok = await p;
    while (!ok && tabs.isCurrent(tab, state) && state.check && state.check !== p) {
      p = state.check;
      ok = await p;
    }
    return ok;
  }

  return {check, latest};
}
