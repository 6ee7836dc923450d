// The privacy proof: a browsing session in a headless browser with the real
// extension and the real host, over pages whose URLs (path and query, of
// the page, its sub-resources and its links) carry a random marker. Then:
//
// - no file the host or the extension could write holds the marker in any
//   form (lib/privacy.mjs, markerForms): the profile, the home, cache,
//   config and temporary folders the browser and the host were given, and
//   every entry made during the run in /tmp, /var/tmp and /dev/shm. The
//   browser's own record of browsing (history, sessions, …; CHROMIUM_OWN,
//   FIREFOX_OWN) is where the marker must be found instead: that proves the
//   scan sees it;
// - the host, run under strace through a wrapper registered as the native
//   host, connected to no address but loopback, changed no path outside
//   its cache folder, and no path it touched holds the marker.
//
// Chromium always; Firefox ESR too when it is installed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

import {firefoxAvailable, launchFirefox} from './lib/firefox.mjs';
import * as H from './lib/harness.mjs';
import * as P from './lib/privacy.mjs';
import {SITES, startFixtureServer} from './lib/server.mjs';

const STRACE = process.env.SAUATTY_STRACE ?? '/usr/bin/strace';
const host = H.hostPath();
const skip = !host ? H.HOST_MISSING_MESSAGE
    : !fs.existsSync(STRACE) ? `strace is not installed (${STRACE}; scripts/setup.sh installs it): the proof needs it`
    : false;
const skipFirefox = skip || (!firefoxAvailable() && 'firefox-esr is not installed (apt-get install -y firefox-esr)');

// Files of the profile where the browser itself keeps the URLs it visited,
// with or without an extension: history, the favicon table (page URL →
// icon), the session records it restores tabs from, and Chromium's
// segmentation platform's URL-keyed metrics. Chromium 156 shows the marker
// in each of its five; Firefox 153 ESR in places.sqlite only (its session
// store is lz4-compressed, its favicons are the browser's too). Firefox's
// HTTP cache (cache2/, keyed by the address it loaded) would hold it too,
// and would hide an extension fetch carrying the address among the
// browser's own entries: launchFirefox turns the disk cache off, so that
// nothing there is excused. The marker is expected in these files and
// nowhere else; the patterns match the path inside the profile.
const CHROMIUM_OWN = [
  /^Default\/History(-journal)?$/,
  /^Default\/Favicons(-journal)?$/,
  /^Default\/Sessions\/(Session|Tabs)_\d+$/,
  /^segmentation_platform\/ukm_db(-journal|-wal)?$/,
];
const FIREFOX_OWN = [
  /^places\.sqlite(-wal)?$/,
  /^favicons\.sqlite(-wal)?$/,
  /^sessionstore(\.jsonlz4|-backups\/.*)$/,
];

const MARKED_SITE = 'www.sauatty-privacy-news.kz';

/**
 * A fresh marker, the pages that carry it, the folders given to the browser
 * and the host, and the strace wrapper. judge() scans and audits after the
 * browser has closed; cleanup() removes everything.
 */
function prepareSession() {
  const marker = P.makeMarker();
  const q = `q=${encodeURIComponent(marker.queryPart)}`;
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
  const s = {
    forms: P.markerForms(marker),
    pages: [
      `https://${MARKED_SITE}/${marker.pathPart}/story?${q}`,
      `https://www.rt.com/news/${marker.pathPart}?${q}`,
      `https://search.sauatty-fixture.kz/${marker.pathPart}?${q}`,
    ],
    tmpBefore: P.snapshotDirs(),
    root: H.tempDir('sauatty-privacy-'),
    traceDir: H.tempDir('sauatty-privacy-strace-'),  // the test's own record, not scanned
    dirs: {},
  };
  for (const d of ['home', 'cache', 'config', 'tmp', 'bin', 'fixtures', 'profile']) {
    s.dirs[d] = path.join(s.root, d);
    fs.mkdirSync(s.dirs[d]);
  }
  s.env = {HOME: s.dirs.home, XDG_CACHE_HOME: s.dirs.cache, XDG_CONFIG_HOME: s.dirs.config, TMPDIR: s.dirs.tmp};
  s.wrapper = path.join(s.dirs.bin, 'sauatty-host-traced');
  P.writeStraceWrapper({file: s.wrapper, host, env: s.env, logDir: s.traceDir, strace: STRACE});

  /** Everything wrong, one line each (empty when the session proved private). */
  s.judge = async (t, {profile, own}) => {
    await waitForHostExit(s.traceDir);
    const problems = [];
    const roots = [profile, s.root, ...P.newEntries(s.tmpBefore).filter(
        (p) => ![s.root, s.traceDir, profile].includes(p))];
    const {files, hits} = P.scanForMarker(roots, s.forms);
    const inProfile = (file) => path.relative(profile, file);
    const isOwn = (file) => !inProfile(file).startsWith('..') && own.some((re) => re.test(inProfile(file)));
    for (const file of new Set(hits.filter((h) => !isOwn(h.file)).map((h) => h.file))) {
      const found = hits.filter((h) => h.file === file).map((h) => h.form).join(', ');
      problems.push(`the marker is in ${file} (${found})`);
    }
    if (!hits.some((h) => isOwn(h.file))) {
      problems.push(`the scan of ${files} files did not find the marker in the browser's own history either: ` +
                    'the scan or the session is broken, which proves nothing');
    }
    t.diagnostic(`${files} files scanned; the marker is in the browser's own ${
      [...new Set(hits.filter((h) => isOwn(h.file)).map((h) => inProfile(h.file)))].join(', ')}`);

    const logs = fs.readdirSync(s.traceDir).map((n) => path.join(s.traceDir, n));
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const audit = P.auditStrace(text, {allowedDirs: [path.join(s.dirs.cache, 'sauatty')]});
    if (audit.runs === 0) problems.push('strace saw no host process: the browser never started the traced host');
    for (const line of audit.connects) problems.push(`the host reached beyond loopback: ${line}`);
    for (const line of audit.writes) problems.push(`the host changed a path outside its cache folder: ${line}`);
    for (const [form, needle] of s.forms) {
      if (Buffer.from(text).includes(needle)) problems.push(`the host's system calls name the marker (${form})`);
    }
    t.diagnostic(`${audit.runs} host run(s) traced, ${text.split('\n').length} strace lines`);
    return problems;
  };
  s.cleanup = () => {
    delete SITES[MARKED_SITE];
    for (const d of [s.root, s.traceDir]) fs.rmSync(d, {recursive: true, force: true});
  };
  return s;
}

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

// Time for batched requests and links to reach the host, and for the
// browser and the extension to write whatever they write.
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('privacy in Chromium: nothing a patron visits is written anywhere', {skip}, () => {
  let s;
  let server;
  let browser;

  before(async () => {
    s = prepareSession();
    server = await startFixtureServer(s.dirs.fixtures);
    browser = await H.launchChromium({hostBinary: s.wrapper, resolverRules: server.resolverRules,
                                      env: {...process.env, ...s.env}, keepProfile: true});
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (browser) fs.rmSync(browser.profile, {recursive: true, force: true});
    s?.cleanup();
  });

  test('a marked session leaves the marker only in the browser\'s own history', async (t) => {
    const helper = await browser.context.newPage();
    await helper.goto(`${H.EXTENSION_ORIGIN}popup.html?tab=-1`);
    const tabState = (tabId) => helper.evaluate((tab) => chrome.runtime.sendMessage({type: 'popup-state', tab}), tabId);
    // A setting changed: the extension writes its storage during the session.
    await helper.evaluate(() => chrome.runtime.sendMessage({type: 'set-language', value: 'kk'}));
    for (const [i, url] of s.pages.entries()) {
      const page = await browser.context.newPage();
      await page.goto(url);
      const tabId = await H.tabIdOf(browser.worker, url);
      await H.waitFor(async () => (await tabState(tabId)).tab?.checked, `the host's verdict on page ${i}`);
      const popup = await H.openPopup(browser.context, tabId);
      await popup.close();
    }
    await settle();
    await browser.close();
    assert.deepEqual(await s.judge(t, {profile: browser.profile, own: CHROMIUM_OWN}), []);
  });
});

describe('privacy in Firefox: nothing a patron visits is written anywhere', {skip: skipFirefox}, () => {
  let s;
  let server;
  let ff;

  before(async () => {
    s = prepareSession();
    server = await startFixtureServer(s.dirs.fixtures);
    ff = await launchFirefox({hostBinary: s.wrapper, server, profile: s.dirs.profile});
  });

  after(async () => {
    await ff?.close();
    await server?.close();
    s?.cleanup();
  });

  test('a marked session leaves the marker only in the browser\'s own history', async (t) => {
    // The first-run consent page is the extension page to ask from; agreeing
    // writes the extension's storage.
    const ext = await ff.extensionContext('consent.html');
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.ready === 'true' && !!document.getElementById('allow')"),
                    'the allow button');
    await ff.evaluate(ext, "document.getElementById('allow').click()");
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.consent === 'granted'"), 'consent recorded');
    for (const [i, url] of s.pages.entries()) {
      const page = await ff.browser.newPage();
      await page.goto(url);
      await H.waitFor(async () => (await ff.evaluate(
          ext, `browser.runtime.sendMessage({type: 'popup-state', url: ${JSON.stringify(url)}})`)).tab?.checked,
      `the host's verdict on page ${i}`);
    }
    await settle();
    // Firefox's home (a /tmp entry of the run) is scanned before ff.close()
    // removes it.
    await ff.browser.close();
    assert.deepEqual(await s.judge(t, {profile: s.dirs.profile, own: FIREFOX_OWN}), []);
    // The disk cache is off (launchFirefox): with it on, the pages above
    // leave entries here (a run without the pref fails on this line).
    const cached = ['entries', 'doomed'].flatMap((d) => {
      const dir = path.join(s.dirs.profile, 'cache2', d);
      return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    });
    assert.deepEqual(cached, [], 'Firefox wrote HTTP cache entries: browser.cache.disk.enable is not in force');
  });
});
