// Without consent the host is never started: a user who turned Sauatty off
// (Chromium, across a browser restart) or declined the first-run question
// (Firefox), and a PC whose administrator set `dataConsent: false`
// (Firefox; Chromium reads policies only from system folders). The
// native-messaging manifest names a wrapper script that records each start
// of the real host in a file and then runs it; each case also shows the
// wrapper recording a start once consent is given, so an empty record
// means the host was not started, not that nothing could be recorded.

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

/** A host wrapper that appends a line to its record at each start. */
function recordingHost() {
  const dir = H.tempDir('sauatty-starts-');
  const record = path.join(dir, 'starts.log');
  const wrapper = path.join(dir, 'sauatty-host-recorded');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho start >> '${record}'\nexec '${host}' "$@"\n`, {mode: 0o755});
  return {
    wrapper,
    starts: () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').split('\n').filter(Boolean).length : 0),
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
