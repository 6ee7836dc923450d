// background/config.js: consent is decided on the administrator's policy —
// this session's read or the one remembered from an earlier session — and
// never before (Chromium answers storage.managed seconds after a browser
// start). Storage is a fake in memory; the catalogues are the real files.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';

import {hostPolicyBrowser, startConfig} from '../../../extension/background/config.js';

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

function start(api, {consentRequired = false, policyRetryMs, askHost} = {}) {
  const changes = [];
  const config = startConfig({api, consentRequired, onChange: (why) => changes.push(why),
                              ...(policyRetryMs ? {policyRetryMs} : {}), ...(askHost ? {askHost} : {})});
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

test('a policy read that never answers is asked again every policyRetryMs, without end, and decides nothing', async () => {
  // Fail-closed on purpose (docs/EXTENSION.md): nothing remembered, no host
  // to ask, and a read that hangs — the extension stays off, asking again.
  let hang = true;  // until the test ends, so that the asking stops with it
  const {api, managedReads} = fakeApi({managed: () => (hang ? new Promise(() => {}) : Promise.resolve({}))});
  const {config, known} = start(api, {policyRetryMs: 10});
  await new Promise((r) => setTimeout(r, 150));
  const asked = managedReads();
  assert.ok(asked >= 5, `asked ${asked} times in 150 ms at one ask per 10 ms`);
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(managedReads() >= asked + 4, 'it does not stop asking');
  assert.equal(known(), false);
  assert.equal(config.active(), false);
  hang = false;
  await config.known;
});

/** A host for askHost: counts its questions and answers with `answer` (a promise, or a function giving one). */
function fakeHost(answer) {
  const host = {asked: 0};
  host.ask = () => (host.asked++, typeof answer === 'function' ? answer() : answer);
  return host;
}

test('a fresh profile asks the host: its dataConsent:false keeps Sauatty off before the read answers', async () => {
  const managed = deferred();
  const {api, store} = fakeApi({local: {consent: 'granted'}, managed: managed.promise});
  const host = fakeHost(Promise.resolve({known: true, policy: {dataConsent: false}}));
  const {config, changes} = start(api, {askHost: host.ask});
  await config.known;
  assert.equal(host.asked, 1);
  assert.equal(config.active(), false, 'the administrator\'s false wins over the user\'s own yes');
  assert.equal(config.settings.consent, 'declined');
  assert.equal(config.settings.consentLocked, true);
  assert.equal(store.lastPolicy, undefined, 'only the browser\'s own read is remembered');
  // The browser's read, when it comes, is in force and remembered.
  managed.resolve({});
  await config.policyRead;
  assert.equal(config.active(), true);
  assert.deepEqual(store.lastPolicy, {});
  assert.ok(changes.includes('policy'));
});

test('a fresh profile with no policy in the host\'s reading is on at once, not after the read', async () => {
  const managed = deferred();
  const {api} = fakeApi({managed: managed.promise});
  const host = fakeHost(Promise.resolve({known: true, policy: {}}));
  const {config} = start(api, {askHost: host.ask});
  await config.known;
  assert.equal(config.active(), true);
  // The read then says off: off.
  managed.resolve({dataConsent: false});
  await config.policyRead;
  assert.equal(config.active(), false);
});

test('installed by policy that no file the host read installs: the host\'s answer waits for the read', async () => {
  // Cloud management or a managed account: the files show nothing of it.
  for (const [installs, decidedAtOnce] of [[false, false], [undefined, false], [true, true]]) {
    const managed = deferred();
    const {api} = fakeApi({managed: managed.promise});
    api.management = {getSelf: async () => ({installType: 'admin'})};
    const host = fakeHost(Promise.resolve({known: true, policy: {}, ...(installs === undefined ? {} : {installs})}));
    const {config, known} = start(api, {askHost: host.ask});
    await new Promise((r) => setTimeout(r, 20));
    try {
      assert.equal(known(), decidedAtOnce, `installs: ${installs}`);
      assert.equal(config.active(), decidedAtOnce);
    } finally {
      managed.resolve({dataConsent: false});  // a failing test must still end
    }
    await config.known;
    await config.policyRead;
    assert.equal(config.active(), false, 'the read\'s dataConsent:false holds');
  }
  // Installed by the user (or unpacked): the answer is taken as before.
  const managed = deferred();
  const {api} = fakeApi({managed: managed.promise});
  api.management = {getSelf: async () => ({installType: 'normal'})};
  const {config} = start(api, {askHost: fakeHost(Promise.resolve({known: true, policy: {}})).ask});
  await config.known;
  try {
    assert.equal(config.active(), true);
  } finally {
    managed.resolve({});  // else the read is asked again every 5 s and the test never ends
  }
  await config.policyRead;
});

test('the host\'s answer is validated as storage.managed is', async () => {
  const managed = deferred();
  const {api} = fakeApi({managed: managed.promise});
  const host = fakeHost(Promise.resolve(
      {known: true, policy: {dataConsent: 'no', language: 'kk', idleMinutes: 9999, publicPc: true}}));
  const {config} = start(api, {askHost: host.ask});
  await config.known;
  assert.equal(config.settings.consent, 'granted', 'a dataConsent that is not a boolean is not a policy');
  assert.equal(config.settings.consentLocked, false);
  assert.equal(config.settings.language, 'kk');
  assert.equal(config.settings.idleMinutes, 10);
  assert.equal(config.settings.publicPc, true);
  managed.resolve({});
  await config.policyRead;
});

for (const [what, answer] of [
  ['an unknown answer (a file the host cannot read)', async () => ({known: false, reason: 'x is not valid JSON'})],
  ['no host (the request fails)', async () => { throw new Error('host_unavailable'); }],
  ['an answer without a policy', async () => ({known: true})],
]) {
  test(`${what}: the fresh profile waits for the browser's read`, async () => {
    const managed = deferred();
    const {api} = fakeApi({managed: managed.promise});
    const host = fakeHost(answer);
    const {config, known} = start(api, {askHost: host.ask});
    await flush();
    assert.equal(host.asked, 1);
    assert.equal(known(), false);
    assert.equal(config.active(), false);
    managed.resolve({dataConsent: false});
    await config.known;
    assert.equal(config.active(), false);
    assert.equal(config.settings.consent, 'declined');
  });
}

test('the host is not asked where the decision is known without it', async () => {
  // Remembered policy, a user who declined, or no host to ask (Firefox: no askHost).
  for (const [local, on] of [[{lastPolicy: {}}, true], [{lastPolicy: {dataConsent: false}}, false],
                             [{consent: 'declined'}, false]]) {
    const managed = deferred();
    const {api} = fakeApi({local, managed: managed.promise});
    const host = fakeHost(Promise.resolve({known: true, policy: {dataConsent: true}}));
    const {config, known} = start(api, {askHost: host.ask});
    await flush();
    assert.equal(host.asked, 0, JSON.stringify(local));
    if (local.consent === 'declined') {
      assert.equal(known(), false, 'a user who declined waits for the read, with the host not started');
    }
    managed.resolve({});
    await config.known;
    await config.policyRead;
    assert.equal(host.asked, 0, JSON.stringify(local));
    if (!local.lastPolicy) assert.equal(config.active(), on);
  }
});

test('the browser\'s read answering first decides; the host\'s later answer changes nothing', async () => {
  const {api} = fakeApi({managed: Promise.resolve({language: 'ru'})});
  const late = deferred();
  const host = fakeHost(late.promise);
  const {config} = start(api, {askHost: host.ask});
  await config.known;
  assert.equal(config.settings.language, 'ru');
  late.resolve({known: true, policy: {dataConsent: false, language: 'kk'}});
  await flush();
  assert.equal(config.active(), true);
  assert.equal(config.settings.language, 'ru');
});

test('hostPolicyBrowser: Chromium, Chrome and Edge by their brands; anything else is not asked', () => {
  const brands = (...names) => names.map((brand) => ({brand, version: '156'}));
  assert.equal(hostPolicyBrowser(brands('Chromium', 'Not/A)Brand')), 'chromium');
  assert.equal(hostPolicyBrowser(brands('Not_A Brand', 'Google Chrome', 'Chromium')), 'chrome');
  assert.equal(hostPolicyBrowser(brands('Microsoft Edge', 'Chromium', 'Not A(Brand')), 'edge');
  assert.equal(hostPolicyBrowser(brands('Brave', 'Chromium', 'Not)A;Brand')), null);
  assert.equal(hostPolicyBrowser(brands('YaBrowser', 'Chromium', 'Not=A?Brand')), null);
  assert.equal(hostPolicyBrowser(brands('Not.A/Brand')), null);
  assert.equal(hostPolicyBrowser([]), null);
  assert.equal(hostPolicyBrowser(undefined), null, 'Firefox has no userAgentData');
});
