// background/config.js: consent is decided on the administrator's policy —
// this session's read or the one remembered from an earlier session — and
// never before (Chromium answers storage.managed seconds after a browser
// start). Storage is a fake in memory; the catalogues are the real files.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';

import {startConfig} from '../../../extension/background/config.js';

const EXTENSION = new URL('../../../extension/', import.meta.url);
globalThis.navigator ??= {languages: ['en-US']};
globalThis.fetch = async (url) => ({json: async () => JSON.parse(fs.readFileSync(new URL(url)))});

const flush = () => new Promise((r) => setTimeout(r, 5));

/** A deferred answer for storage.managed.get. */
function deferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return {promise, resolve};
}

/**
 * The browser's API with storage in memory. `managed` is what each
 * storage.managed.get answers with (a promise, or a function giving one).
 */
function fakeApi({local = {}, managed}) {
  const listeners = [];
  const store = {...local};
  let managedReads = 0;
  const api = {
    runtime: {getURL: (path) => new URL(path, EXTENSION).href},
    i18n: {getUILanguage: () => 'en'},
    extension: {inIncognitoContext: false},
    storage: {
      managed: {get: () => (managedReads++, typeof managed === 'function' ? managed(managedReads) : managed)},
      local: {
        get: async (keys) => Object.fromEntries(keys.filter((k) => k in store).map((k) => [k, store[k]])),
        set: async (items) => {
          Object.assign(store, structuredClone(items));
          const changes = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, {newValue: v}]));
          for (const l of listeners) l(changes, 'local');
        },
      },
      session: {get: async () => ({})},
      onChanged: {addListener: (l) => listeners.push(l)},
    },
  };
  return {api, store, managedReads: () => managedReads};
}

function start(api, {consentRequired = false, policyRetryMs} = {}) {
  const changes = [];
  const config = startConfig({api, consentRequired, onChange: (why) => changes.push(why),
                              ...(policyRetryMs ? {policyRetryMs} : {})});
  let known = false;
  config.known.then(() => { known = true; });
  return {config, changes, known: () => known};
}

test('a profile that never read the policy decides nothing until the policy answers', async () => {
  const managed = deferred();
  const {api, store} = fakeApi({managed: managed.promise});
  const {config, known, changes} = start(api);
  await flush();
  assert.equal(known(), false, 'consent decided before the policy was read');
  assert.equal(config.active(), false, 'the host may be asked before the policy is known');
  managed.resolve({dataConsent: false});
  await config.known;
  assert.equal(config.active(), false);
  assert.equal(config.settings.consent, 'declined');
  assert.ok(changes.includes('policy'), 'the background is told once consent is decided');
  assert.deepEqual(store.lastPolicy, {dataConsent: false}, 'the policy is remembered for the next start');
});

test('no policy on a fresh profile: on once the read answers', async () => {
  const managed = deferred();
  const {api, store} = fakeApi({managed: managed.promise});
  const {config} = start(api);
  await flush();
  assert.equal(config.active(), false);
  managed.resolve({});
  await config.known;
  assert.equal(config.active(), true);
  assert.deepEqual(store.lastPolicy, {});
});

test('a remembered policy decides at once; this session\'s read then takes over', async () => {
  // Remembered: the administrator said nothing. Chromium has not answered yet.
  const managed = deferred();
  const {api, store} = fakeApi({local: {lastPolicy: {}}, managed: managed.promise});
  const {config, changes} = start(api);
  await config.known;
  assert.equal(config.active(), true, 'the first page waits for a read that takes seconds');
  // The administrator has turned it off since: off as soon as the read answers.
  managed.resolve({dataConsent: false, language: 'kk'});
  await config.policyRead;
  assert.equal(config.active(), false);
  assert.equal(config.t.lang, 'kk');
  assert.ok(changes.includes('policy'), 'the background is told (it closes the port)');
  assert.deepEqual(store.lastPolicy, {dataConsent: false, language: 'kk'});
});

test('a remembered dataConsent:false keeps it off from the start, before the read answers', async () => {
  const managed = deferred();
  const {api} = fakeApi({local: {lastPolicy: {dataConsent: false}}, managed: managed.promise});
  const {config} = start(api);
  await config.known;
  assert.equal(config.active(), false);
  assert.equal(config.settings.consent, 'declined');
  assert.equal(config.settings.consentLocked, true);
  managed.resolve({dataConsent: false});
  await config.policyRead;
});

test('remembering the policy is not taken for a change of the user\'s choices', async () => {
  const {api} = fakeApi({managed: Promise.resolve({showBanner: false})});
  const {config, changes} = start(api);
  await config.known;
  await flush();
  assert.equal(config.settings.showBanner, false);
  assert.deepEqual(changes.filter((why) => why === 'user'), []);
});

test('a user who declined stays off whatever the policy read does', async () => {
  const managed = deferred();
  const {api} = fakeApi({local: {consent: 'declined', lastPolicy: {}}, managed: managed.promise});
  const {config} = start(api);
  await config.known;
  assert.equal(config.active(), false);
  assert.equal(config.settings.consent, 'declined');
  managed.resolve({});
  await config.policyRead;
  assert.equal(config.active(), false);
});

test('a policy read that never answers is asked again', async () => {
  const {api, managedReads} = fakeApi({
    managed: (n) => (n === 1 ? new Promise(() => {}) : Promise.resolve({dataConsent: true}))});
  const {config} = start(api, {consentRequired: true, policyRetryMs: 20});
  await config.known;
  assert.equal(managedReads(), 2);
  assert.equal(config.active(), true, 'the administrator consented for everyone');
});

test('Firefox without managed storage (the read rejects): no policy, the user\'s answer counts', async () => {
  const {api} = fakeApi({local: {consent: 'granted'}, managed: Promise.reject(new Error('no managed storage'))});
  const {config} = start(api, {consentRequired: true});
  await config.known;
  assert.equal(config.active(), true);
});
