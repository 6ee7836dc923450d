// The toolbar badge: the number of trackers on the tab, on a colour that
// follows the page's credibility level. A site no list rates is grey, not
// green or red: unrated is neutral. Each colour gives white badge text a
// contrast ratio of at least 4.5:1 (WCAG AA), checked in the unit tests.

import {normalizeLevel} from './messages.js';

export const LEVEL_COLORS = Object.freeze({
  none: '#4b5563',     // grey
  info: '#1d4ed8',     // blue
  caution: '#b45309',  // amber
  warning: '#b91c1c',  // red
});

export const BADGE_TEXT_COLOR = '#ffffff';

/**
 * @param {{trackers: number, level: string, checked: boolean}} s
 * @returns {{text: string, color: string}} text is '' for nothing to say:
 *   no trackers on an unflagged page keeps the toolbar quiet. A flagged page
 *   with no trackers shows '!' so that its colour is seen.
 */
export function badgeFor({trackers = 0, level = 'none'} = {}) {
  const lvl = normalizeLevel(level);
  let text = '';
  if (trackers > 0) text = trackers > 99 ? '99+' : String(trackers);
  else if (lvl === 'caution' || lvl === 'warning') text = '!';
  return {text, color: LEVEL_COLORS[lvl]};
}

/** WCAG relative-luminance contrast ratio of two #rrggbb colours. */
export function contrastRatio(a, b) {
  const lum = (hex) => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
