// The privacy proof: a browsing session in headless Chromium with the real
// extension and the real host, over pages whose URLs (path and query, of
// the page, its sub-resources and its links) carry a random marker. Then:
//
// - no file the host or the extension could write holds the marker in any
//   form (lib/privacy.mjs, markerForms): the profile, the home, cache,
//   config and temporary folders the browser and the host were given, and
//   every /tmp entry made during the run. The browser's own record of
//   browsing (history, sessions, …; BROWSER_OWN) is where the marker must
//   be found instead: that proves the scan sees it;
// - the host, run under strace through a wrapper registered as the native
//   host, connected to no address but loopback, changed no path outside
//   its cache folder, and no path it touched holds the marker.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

import * as H from './lib/harness.mjs';
import * as P from './lib/privacy.mjs';
import {SITES, startFixtureServer} from './lib/server.mjs';

const STRACE = process.env.SAUATTY_STRACE ?? '/usr/bin/strace';
const host = H.hostPath();
const skip = !host ? H.HOST_MISSING_MESSAGE
    : !fs.existsSync(STRACE) ? `strace is not installed (${STRACE}; scripts/setup.sh installs it): the proof needs it`
    : false;

// Files of the profile where Chromium itself keeps the URLs it visited, with
// or without an extension (found by this test on Chromium 156): history,
// the favicon table (page URL → icon), the session and tab records it
// restores from, and the segmentation platform's URL-keyed metrics. The
// marker is expected there and nowhere else; the patterns match the path
// inside the profile.
const BROWSER_OWN = [
  /^Default\/History(-journal)?$/,
  /^Default\/Favicons(-journal)?$/,
  /^Default\/Sessions\/(Session|Tabs)_\d+$/,
  /^segmentation_platform\/ukm_db(-journal|-wal)?$/,
];

const marker = P.makeMarker();
const forms = P.markerForms(marker);
const q = `q=${encodeURIComponent(marker.queryPart)}`;
const MARKED_SITE = 'www.sauatty-privacy-news.kz';
const PAGES = [
  `https://${MARKED_SITE}/${marker.pathPart}/story?${q}`,
  `https://www.rt.com/news/${marker.pathPart}?${q}`,
  `https://search.sauatty-fixture.kz/${marker.pathPart}?${q}`,
];

describe('privacy: nothing a patron visits is written anywhere', {skip}, () => {
  let server;
  let browser;
  let root;
  let traceDir;  // the test's own record, outside what is scanned
  let tmpBefore;
  const dirs = {};

  before(async () => {
    // A page whose sub-resources and links carry the marker too.
    SITES[MARKED_SITE] = {
      title: 'Marked page',
      body: `<h1>Marked page</h1>
        <a href="https://www.rt.com/${marker.pathPart}/?${q}">a flagged site</a>
        <a href="https://www.reuters.com/${marker.pathPart}?${q}">a reputable one</a>
        <a href="https://bbc.com.co-news.info/${marker.pathPart}">a lookalike</a>`,
      scripts: [`https://www.google-analytics.com/analytics.js?cid=${encodeURIComponent(marker.queryPart)}`,
                `https://mc.yandex.ru/${marker.pathPart}/tag.js?${q}`],
      images: [`/${marker.pathPart}/photo.png?${q}`, `https://cdn.sauatty-fixture-static.kz/p.png?${q}`],
    };
    tmpBefore = P.snapshotDir('/tmp');
    root = H.tempDir('sauatty-privacy-');
    for (const d of ['home', 'cache', 'config', 'tmp', 'bin', 'fixtures']) {
      dirs[d] = path.join(root, d);
      fs.mkdirSync(dirs[d]);
    }
    traceDir = H.tempDir('sauatty-privacy-strace-');
    const env = {HOME: dirs.home, XDG_CACHE_HOME: dirs.cache, XDG_CONFIG_HOME: dirs.config, TMPDIR: dirs.tmp};
    const wrapper = path.join(dirs.bin, 'sauatty-host-traced');
    P.writeStraceWrapper({file: wrapper, host, env, logDir: traceDir, strace: STRACE});
    server = await startFixtureServer(dirs.fixtures);
    browser = await H.launchChromium({hostBinary: wrapper, resolverRules: server.resolverRules,
                                      env: {...process.env, ...env}, keepProfile: true});
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    delete SITES[MARKED_SITE];
    if (browser) fs.rmSync(browser.profile, {recursive: true, force: true});
    for (const d of [root, traceDir]) if (d) fs.rmSync(d, {recursive: true, force: true});
  });

  test('a marked session leaves the marker only in the browser\'s own history', async (t) => {
    const helper = await browser.context.newPage();
    await helper.goto(`${H.EXTENSION_ORIGIN}popup.html?tab=-1`);
    const tabState = (tabId) => helper.evaluate((tab) => chrome.runtime.sendMessage({type: 'popup-state', tab}), tabId);
    // A setting changed: the extension writes its storage during the session.
    await helper.evaluate(() => chrome.runtime.sendMessage({type: 'set-language', value: 'kk'}));

    for (const url of PAGES) {
      const page = await browser.context.newPage();
      await page.goto(url);
      const tabId = await H.tabIdOf(browser.worker, url);
      const state = await H.waitFor(async () => {
        const s = await tabState(tabId);
        return s.tab?.checked && s;
      }, `the host's verdict on page ${PAGES.indexOf(url)}`);
      assert.ok(state.tab.checked);
      const popup = await H.openPopup(browser.context, tabId);
      await popup.close();
    }
    // Time for batched requests and links to reach the host, and for the
    // browser and the extension to write whatever they write.
    await new Promise((r) => setTimeout(r, 1500));
    await browser.close();
    await waitForHostExit(traceDir);

    // Every finding is listed, not only the first.
    const problems = [];
    const roots = [browser.profile, root, ...P.newEntries(tmpBefore).filter(
        (p) => ![root, traceDir, browser.profile].includes(p))];
    const {files, hits} = P.scanForMarker(roots, forms);
    const inProfile = (file) => path.relative(browser.profile, file);
    const own = (file) => !inProfile(file).startsWith('..') && BROWSER_OWN.some((re) => re.test(inProfile(file)));
    for (const file of new Set(hits.filter((h) => !own(h.file)).map((h) => h.file))) {
      const found = hits.filter((h) => h.file === file).map((h) => h.form).join(', ');
      problems.push(`the marker is in ${file} (${found})`);
    }
    if (!hits.some((h) => own(h.file))) {
      problems.push(`the scan of ${files} files did not find the marker in the browser's own history either: ` +
                    'the scan or the session is broken, which proves nothing');
    }
    t.diagnostic(`${files} files scanned; the marker is in the browser's own ${
      [...new Set(hits.filter((h) => own(h.file)).map((h) => inProfile(h.file)))].join(', ')}`);

    const logs = fs.readdirSync(traceDir).map((n) => path.join(traceDir, n));
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const audit = P.auditStrace(text, {allowedDirs: [path.join(dirs.cache, 'sauatty')]});
    if (audit.runs === 0) problems.push('strace saw no host process: the browser never started the traced host');
    for (const line of audit.connects) problems.push(`the host reached beyond loopback: ${line}`);
    for (const line of audit.writes) problems.push(`the host changed a path outside its cache folder: ${line}`);
    for (const [form, needle] of forms) {
      if (Buffer.from(text).includes(needle)) problems.push(`the host's system calls name the marker (${form})`);
    }
    t.diagnostic(`${audit.runs} host run(s) traced, ${text.split('\n').length} strace lines`);
    assert.deepEqual(problems, []);
  });
});

/** Waits until every traced host has ended (its log's last line says so). */
async function waitForHostExit(logDir) {
  await H.waitFor(() => {
    const logs = fs.readdirSync(logDir);
    return logs.length > 0 && logs.every((n) => {
      const lines = fs.readFileSync(path.join(logDir, n), 'utf8').trimEnd().split('\n');
      return /\+\+\+ (exited|killed)/.test(lines.at(-1));
    });
  }, 'the traced host to exit', 15000);
}
