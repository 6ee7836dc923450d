// Without consent the host is never started: a user who turned Sauatty off
// (Chromium, across a browser restart) or declined the first-run question
// (Firefox), and a PC whose administrator set `dataConsent: false`
// (Firefox). The native-messaging manifest names a wrapper script that
// records each start of the real host in a file and then runs it; each case
// also shows the wrapper recording a start once consent is given, so an
// empty record means the host was not started, not that nothing could be
// recorded.
//
// The one start without consent: a fresh Chromium profile asks the host to
// read the policy files before anything about a page (background/config.js,
// app/browser_policy.h). The wrapper then also keeps what the browser wrote
// to each host, so the test reads the message types each one was sent.
// Chromium reads policy only from system folders, and a policy written to
// /etc/chromium/policies would change every other Chromium on the machine
// while the test runs (other suites, other people's runs), so the host's
// policy comes from a folder of the test's own (SAUATTY_POLICY_DIRS in the
// browser's environment, which the host inherits): Chromium itself has none,
// so its own read, when it answers, turns Sauatty on — which the test uses
// to show the browser's read takes over.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

import {chromium} from 'playwright-core';

import {firefoxAvailable, launchFirefox} from './lib/firefox.mjs';
import * as H from './lib/harness.mjs';
import {startFixtureServer} from './lib/server.mjs';

const host = H.hostPath();
const NEWS = 'https://www.sauatty-fixture-news.kz/';
// How long a page and the popup are given to (wrongly) start the host: the
// extension decides consent once Chromium answers its policy read (3–5 s
// after a start, config.js), so this is well past it.
const SETTLE_MS = 7000;

/**
 * A host wrapper that appends a line to its record at each start; with
 * `keepInput`, what the browser writes to each host is kept too (in-N,
 * N counting starts) and inputs() gives the message types of each.
 */
function recordingHost({keepInput = false} = {}) {
  const dir = H.tempDir('sauatty-starts-');
  const record = path.join(dir, 'starts.log');
  const wrapper = path.join(dir, 'sauatty-host-recorded');
  const run = keepInput
    ? `n=$(wc -l < '${record}')\ntee '${dir}/in-'$n | '${host}' "$@"\n`
    : `exec '${host}' "$@"\n`;
  fs.writeFileSync(wrapper, `#!/bin/sh\necho start >> '${record}'\n${run}`, {mode: 0o755});
  const typesIn = (file) => {
    const bytes = fs.readFileSync(file);
    const types = [];
    for (let at = 0; at + 4 <= bytes.length;) {
      const length = bytes.readUInt32LE(at);
      if (at + 4 + length > bytes.length) break;
      types.push(JSON.parse(bytes.subarray(at + 4, at + 4 + length).toString('utf8')).type);
      at += 4 + length;
    }
    return types;
  };
  return {
    wrapper,
    starts: () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').split('\n').filter(Boolean).length : 0),
    inputs: () => fs.readdirSync(dir).filter((f) => f.startsWith('in-'))
        .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))).map((f) => typesIn(path.join(dir, f))),
    clear: () => fs.rmSync(record, {force: true}),
    remove: () => fs.rmSync(dir, {recursive: true, force: true}),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('Chromium: a user who turned Sauatty off', {skip: host ? false : H.HOST_MISSING_MESSAGE}, () => {
  let server;
  let recorder;
  let profile;

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
    recorder = recordingHost();
    profile = H.tempDir('sauatty-profile-');
    H.registerHost(profile, recorder.wrapper);
  });

  after(async () => {
    await server?.close();
    recorder?.remove();
    if (profile) fs.rmSync(profile, {recursive: true, force: true});
  });

  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile,
                                                           H.chromiumOptions({resolverRules: server.resolverRules}));
    const helper = await context.newPage();
    await helper.goto(`${H.EXTENSION_ORIGIN}popup.html?tab=-1`);
    return {context, helper, ask: (m) => H.askBackground(helper, m, 20000)};
  };

  test('the host is never started, after a browser restart too; turned on again, it is', async () => {
    // On by default in Chromium: the host starts (the record works), until
    // the user turns Sauatty off.
    let b = await launch();
    try {
      await H.waitFor(() => recorder.starts() > 0, 'the host started with consent (the wrapper records)', 20000);
      assert.equal((await b.ask({type: 'set-consent', value: 'declined'})).consent, 'declined');
    } finally {
      await b.context.close();
    }

    recorder.clear();
    b = await launch();
    try {
      const page = await b.context.newPage();
      await page.goto(NEWS);
      // The popup opened on the page (it retries the host when it is away),
      // its "try again", and a page loaded again: none may start it.
      const tab = await H.tabIdOf((b.context.serviceWorkers()[0]), NEWS);
      const state = await b.ask({type: 'popup-state', tab, retry: true});
      assert.equal(state.consent, 'declined');
      assert.equal(state.tab?.checked ?? false, false, 'the page was checked without consent');
      assert.equal(state.tab?.counts.requests ?? 0, 0, 'requests were asked about without consent');
      await b.ask({type: 'retry-host'});
      await page.reload();
      await sleep(SETTLE_MS);
      assert.equal(recorder.starts(), 0, 'the host was started for a user who turned Sauatty off');

      // Turned on again: the host starts and the page is checked.
      assert.equal((await b.ask({type: 'set-consent', value: 'granted'})).consent, 'granted');
      await page.reload();
      await H.waitFor(async () => (await b.ask({type: 'popup-state', tab})).tab?.checked, 'the page checked', 20000);
      assert.ok(recorder.starts() >= 1);
    } finally {
      await b.context.close();
    }
  });
});

describe('Chromium, a fresh profile: the host reads the policy first', {skip: host ? false : H.HOST_MISSING_MESSAGE}, () => {
  let server;

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
  });

  after(async () => {
    await server?.close();
  });

  /** The worker's start marks (lib/startmarks.js): name → startTime, for those set. */
  const marks = (worker) => worker.evaluate(() => Object.fromEntries(
      performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sauatty:'))
          .map((m) => [m.name.slice('sauatty:'.length), m.startTime])));
  const PAGE_DATA = ['page', 'requests', 'links'];

  /** Chromium in a fresh profile whose host reads `policy` for us ({} writes no file). */
  async function launchWith(policy, recorder) {
    const policies = H.tempDir('sauatty-policies-');
    if (Object.keys(policy).length) {
      fs.writeFileSync(path.join(policies, 'sauatty.json'),
                       JSON.stringify({'3rdparty': {extensions: {[H.EXTENSION_ID]: policy}}}));
    }
    const b = await H.launchChromium({hostBinary: recorder.wrapper, resolverRules: server.resolverRules,
                                      env: {...process.env, SAUATTY_POLICY_DIRS: policies}});
    return {...b, close: async () => {
      await b.close();
      fs.rmSync(policies, {recursive: true, force: true});
    }};
  }

  test('dataConsent:false: the host is asked the policy and closed, told nothing about a page', async () => {
    const recorder = recordingHost({keepInput: true});
    const b = await launchWith({dataConsent: false}, recorder);
    try {
      const page = await b.context.newPage();
      await page.goto(NEWS);
      await H.waitFor(async () => 'consent-decided' in await marks(b.worker), 'consent decided', 20000);
      const early = await marks(b.worker);
      assert.ok('policy-from-host' in early, `decided on the host's reading: ${JSON.stringify(early)}`);
      assert.equal(recorder.starts(), 1, 'the host started once, to read the policy');
      // Chromium's read answers (it has no policy): on, and the page checked
      // by a new host (a second start: the first one's port was closed).
      await H.waitFor(async () => 'policy-read' in await marks(b.worker), 'Chromium\'s own policy read', 20000);
      await page.reload();
      await H.waitFor(() => recorder.starts() >= 2, 'a host started once Chromium\'s read turned it on', 20000);
      await H.waitFor(() => recorder.inputs()[1]?.some((t) => PAGE_DATA.includes(t)), 'the page asked about', 20000);
      const [first] = recorder.inputs();
      assert.deepEqual(first.slice(0, 2), ['hello', 'policy'], `the first host's messages: ${first}`);
      assert.deepEqual(first.filter((t) => !['hello', 'policy', 'settings'].includes(t)), [],
                       `the first host was told about a page: ${first}`);
    } finally {
      await b.close();
      recorder.remove();
    }
  });

  test('no policy: consent is decided on the host\'s reading, before Chromium\'s read answers', async () => {
    const recorder = recordingHost({keepInput: true});
    const b = await launchWith({}, recorder);
    try {
      const page = await b.context.newPage();
      await page.goto(NEWS);
      await H.waitFor(async () => 'policy-read' in await marks(b.worker), 'Chromium\'s own policy read', 20000);
      const m = await marks(b.worker);
      assert.ok('policy-from-host' in m, JSON.stringify(m));
      assert.ok(m['consent-decided'] < m['policy-read'],
                `consent decided at ${m['consent-decided']} ms, Chromium's read at ${m['policy-read']} ms`);
      await H.waitFor(() => recorder.inputs()[0]?.some((t) => PAGE_DATA.includes(t)), 'the page asked about', 20000);
      assert.equal(recorder.starts(), 1, 'one host for the policy and the pages');
      const [first] = recorder.inputs();
      assert.deepEqual(first.slice(0, 2), ['hello', 'policy'], `the host's messages: ${first}`);
    } finally {
      await b.close();
      recorder.remove();
    }
  });
});

const firefoxSkip = !host ? H.HOST_MISSING_MESSAGE
  : !firefoxAvailable() ? 'firefox-esr is not installed (apt-get install -y firefox-esr)' : false;

describe('Firefox ESR: no consent, no host', {skip: firefoxSkip}, () => {
  let server;

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
  });

  after(async () => {
    await server?.close();
  });

  test('the administrator\'s dataConsent:false: never started; dataConsent:true: started', async () => {
    for (const dataConsent of [false, true]) {
      const recorder = recordingHost();
      const ff = await launchFirefox({hostBinary: recorder.wrapper, server, managed: {dataConsent}});
      try {
        const page = await ff.browser.newPage();
        await page.goto(NEWS);
        if (dataConsent) {
          await H.waitFor(() => recorder.starts() > 0, 'the host started (the wrapper records)', 20000);
        } else {
          await page.reload();
          await sleep(SETTLE_MS);
          assert.equal(recorder.starts(), 0, 'the host was started under dataConsent:false');
        }
      } finally {
        await ff.close();
        recorder.remove();
      }
    }
  });

  test('a user who declined the first-run question: never started; allowed later, started', async () => {
    const recorder = recordingHost();
    const ff = await launchFirefox({hostBinary: recorder.wrapper, server});
    try {
      const ext = await ff.extensionContext('consent.html');
      await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.ready === 'true' && !!document.getElementById('decline')"),
                      'the decline button');
      await ff.evaluate(ext, "document.getElementById('decline').click()");
      await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.consent === 'declined'"), 'the refusal recorded');
      const page = await ff.browser.newPage();
      await page.goto(NEWS);
      await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'retry-host'})");
      await page.reload();
      await sleep(SETTLE_MS);
      assert.equal(recorder.starts(), 0, 'the host was started for a user who declined');

      await ff.evaluate(ext, "document.getElementById('allow').click()");
      await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.consent === 'granted'"), 'consent recorded');
      await page.reload();
      await H.waitFor(() => recorder.starts() > 0, 'the host started once allowed', 20000);
    } finally {
      await ff.close();
      recorder.remove();
    }
  });
});
