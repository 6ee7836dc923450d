import assert from 'node:assert/strict';
import {test} from 'node:test';

import {BADGE_TEXT_COLOR, badgeFor, contrastRatio, LEVEL_COLORS} from '../../extension/lib/badge.js';

const cases = [
  {name: 'no trackers, unrated: quiet', in: {trackers: 0, level: 'none'}, text: '', color: LEVEL_COLORS.none},
  {name: 'trackers on an unrated page: grey', in: {trackers: 3, level: 'none'}, text: '3', color: LEVEL_COLORS.none},
  {name: 'info level is blue', in: {trackers: 1, level: 'info'}, text: '1', color: LEVEL_COLORS.info},
  {name: 'caution without trackers shows !', in: {trackers: 0, level: 'caution'}, text: '!', color: LEVEL_COLORS.caution},
  {name: 'warning with trackers', in: {trackers: 12, level: 'warning'}, text: '12', color: LEVEL_COLORS.warning},
  {name: 'over 99 is capped', in: {trackers: 150, level: 'none'}, text: '99+', color: LEVEL_COLORS.none},
  {name: 'unknown level is neutral', in: {trackers: 2, level: 'bogus'}, text: '2', color: LEVEL_COLORS.none},
];

for (const c of cases) {
  test(`badgeFor: ${c.name}`, () => {
    assert.deepEqual(badgeFor(c.in), {text: c.text, color: c.color});
  });
}

test('every badge colour gives white text at least 4.5:1 contrast', () => {
  for (const [level, color] of Object.entries(LEVEL_COLORS)) {
    assert.ok(contrastRatio(color, BADGE_TEXT_COLOR) >= 4.5, `${level} ${color}`);
  }
});

test('contrastRatio of black on white is 21', () => {
  assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
});

test('the popup uses the badge\'s level colours, and its text colours are readable', async () => {
  const fs = await import('node:fs');
  const css = fs.readFileSync(new URL('../../extension/popup.css', import.meta.url), 'utf8');
  const v = (name) => css.match(new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i'))?.[1].toLowerCase();
  for (const [level, color] of Object.entries(LEVEL_COLORS)) assert.equal(v(level), color, level);
  for (const name of ['text', 'muted', 'info', 'warning']) {
    assert.ok(contrastRatio(v(name), '#ffffff') >= 4.5, `--${name} on white`);
    assert.ok(contrastRatio(v(name), '#fef2f2') >= 4.5, `--${name} on the error notice`);
  }
});
