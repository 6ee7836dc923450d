import assert from 'node:assert/strict';
import {test} from 'node:test';
import fs from 'node:fs';

import {effectiveSettings, readPolicy} from '../../extension/lib/settings.js';

const schema = JSON.parse(fs.readFileSync(new URL('../../extension/managed_schema.json', import.meta.url)));

test('readPolicy keeps only well-typed known keys', () => {
  assert.deepEqual(readPolicy({dataConsent: 'yes', language: 'fr', showBanner: false, other: 1}),
                   {showBanner: false});
  assert.deepEqual(readPolicy({dataConsent: true, language: 'kk', markLinks: false, allowDismiss: false}),
                   {dataConsent: true, language: 'kk', markLinks: false, allowDismiss: false});
  assert.deepEqual(readPolicy(undefined), {});
});

test('readPolicy reads exactly the keys of managed_schema.json', () => {
  const all = {dataConsent: true, language: 'ru', showBanner: true, markLinks: true, allowDismiss: true,
               publicPc: true, idleMinutes: 5, workshopView: false};
  assert.deepEqual(Object.keys(readPolicy(all)).sort(), Object.keys(schema.properties).sort());
});

const cases = [
  {name: 'Chrome, nothing set: on', in: {}, consent: 'granted'},
  {name: 'Firefox, nothing set: ask', in: {consentRequired: true}, consent: 'needed'},
  {name: 'Firefox, user agreed', in: {consentRequired: true, local: {consent: 'granted'}}, consent: 'granted'},
  {name: 'Firefox, user declined', in: {consentRequired: true, local: {consent: 'declined'}}, consent: 'declined'},
  {name: 'policy consents for a managed PC', in: {consentRequired: true, policy: {dataConsent: true}},
   consent: 'granted', locked: true},
  {name: 'policy turns it off, whatever the user said',
   in: {policy: {dataConsent: false}, local: {consent: 'granted'}}, consent: 'declined', locked: true},
];
for (const c of cases) {
  test(`consent: ${c.name}`, () => {
    const s = effectiveSettings(c.in);
    assert.equal(s.consent, c.consent);
    assert.equal(s.consentLocked, Boolean(c.locked));
  });
}

test('language: policy wins and locks; else the user\'s choice; else auto', () => {
  assert.deepEqual(pickLang({policy: {language: 'kk'}, local: {language: 'ru'}}), ['kk', true]);
  assert.deepEqual(pickLang({local: {language: 'ru'}}), ['ru', false]);
  assert.deepEqual(pickLang({local: {language: 'xx'}}), ['auto', false]);
  assert.deepEqual(pickLang({}), ['auto', false]);
});

function pickLang(input) {
  const s = effectiveSettings(input);
  return [s.language, s.languageLocked];
}

test('display defaults and policy overrides', () => {
  assert.deepEqual(pickDisplay({}), [true, true, true]);
  assert.deepEqual(pickDisplay({policy: {showBanner: false, markLinks: false, allowDismiss: false}}),
                   [false, false, false]);
});

function pickDisplay(input) {
  const s = effectiveSettings(input);
  return [s.showBanner, s.markLinks, s.allowDismiss];
}

test('the workshop switch: allowed unless the policy says false, and only a boolean counts', () => {
  assert.equal(effectiveSettings({}).workshopView, true);
  assert.equal(effectiveSettings({policy: readPolicy({workshopView: false})}).workshopView, false);
  assert.equal(effectiveSettings({policy: readPolicy({workshopView: 'no'})}).workshopView, true);
  // A public PC does not forbid it by itself: it is off until someone switches it on.
  assert.equal(effectiveSettings({policy: readPolicy({publicPc: true})}).workshopView, true);
});
