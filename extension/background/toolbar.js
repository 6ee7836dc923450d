// The toolbar button of each tab: the badge (tracker count, colour by the
// page's level) and its title in the user's language (lib/badge.js decides
// text and colour).

import {BADGE_TEXT_COLOR, badgeFor} from '../lib/badge.js';
import {trackerCount} from '../lib/tabstate.js';
import {badgeTitle} from '../lib/texts.js';

/**
 * @param {object} o
 * @param {object} o.api the browser's extension API
 * @param {import('../lib/tabstate.js').TabStore} o.tabs
 * @param {object} o.config background/config.js
 * @returns {(tab: number) => void} sets the tab's badge from its state now
 */
export function makeToolbar({api, tabs, config}) {
  const quiet = () => {};
  return function update(tab) {
    const state = config.active() ? tabs.get(tab) : null;
    const level = state?.credibility.level ?? 'none';
    const count = trackerCount(state);
    const {text, color} = badgeFor({trackers: count, level});
    api.action.setBadgeText({tabId: tab, text}).catch(quiet);
    api.action.setBadgeBackgroundColor({tabId: tab, color}).catch(quiet);
    api.action.setBadgeTextColor?.({tabId: tab, color: BADGE_TEXT_COLOR})?.catch(quiet);
    if (config.t) api.action.setTitle({tabId: tab, title: badgeTitle(config.t, count, level)}).catch(quiet);
  };
}
