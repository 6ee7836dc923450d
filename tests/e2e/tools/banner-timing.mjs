// How soon the banner shows, in headless Chromium and Firefox ESR with the
// real host (a measurement, not a test; docs/EXTENSION.md reports it):
//
//   SAUATTY_HOST=build/native-host/app/sauatty-host node tests/e2e/tools/banner-timing.mjs [warm runs] [first-page runs]
//
// The fixture page writes the moment it first sees #sauatty-banner, in ms
// after its navigation started, to <html data-banner-at> (lib/server.mjs).
// "warm": the same browser loads the page again and again (a query string
// makes each load a new navigation). "first page": a fresh profile, the page
// opened the moment the browser is up (Chromium: consent is decided on the
// host's reading of the policy files, background/config.js), or the first
// page after the extension is installed (Firefox, consent given by policy).
// "first page after a restart": Chromium started again in a profile that
// has run the extension before (it remembers the administrator's policy).
// Neither waits for Chromium's slow storage.managed read. After each
// Chromium first page the tool waits for the badge to count the page's two
// trackers and prints in how many runs it did.

import fs from 'node:fs';

import {chromium} from 'playwright-core';

import {firefoxAvailable, launchFirefox} from '../lib/firefox.mjs';
import * as H from '../lib/harness.mjs';
import {startFixtureServer} from '../lib/server.mjs';

const PAGE = 'https://tengrinevvs.kz/';  // a lookalike: a warning banner on every page
// Chromium loads the Chrome package built from extension/ (what ships), or
// this folder unpacked (SAUATTY_EXTENSION_DIR=extension: the background as
// separate modules; or an older extension/ to compare with).
const CHROME_EXTENSION = process.env.SAUATTY_EXTENSION_DIR ? {extensionDir: process.env.SAUATTY_EXTENSION_DIR} : {};
const WARM = Number(process.argv[2] ?? 40);
const FIRST = Number(process.argv[3] ?? 10);
const host = H.hostPath();
if (!host) {
  console.error(H.HOST_MISSING_MESSAGE);
  process.exit(2);
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const row = (name, xs) => {
  const fb = firstByte.splice(0);
  console.log(`| ${name} | ${xs.length} | ${quantile(xs, 0.5)} | ${quantile(xs, 0.95)} | ${Math.max(...xs)} | ` +
              `${quantile(fb, 0.5)} |`);
};

const firstByte = [];  // responseStart of each measured load, to tell the network's share from ours
const counted = [];  // per Chromium first page: the badge counted both trackers

/** Whether the badge of the tab showing `page` comes to "2" (the page's two trackers). */
async function bothTrackersCounted(context, page) {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(H.EXTENSION_ORIGIN)) ??
      await context.waitForEvent('serviceworker', {predicate: (w) => w.url().startsWith(H.EXTENSION_ORIGIN)});
  const tabId = await H.tabIdOf(worker, page.url());
  return H.waitFor(async () => (await H.badge(worker, tabId)).text === '2', 'badge "2"', 15000)
      .then(() => true, () => false);
}

/** Loads PAGE?n=i in `page` and returns data-banner-at (ms), waiting for it. */
async function bannerAt(page, i, goto) {
  await goto(`${PAGE}?n=${i}`);
  const at = await H.waitFor(async () => Number(await page.evaluate(
      () => document.documentElement.getAttribute('data-banner-at'))) || null, 'data-banner-at', 15000);
  firstByte.push(Math.round(await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.responseStart ?? 0)));
  return at;
}

async function chromiumWarm(server) {
  const b = await H.launchChromium({hostBinary: host, resolverRules: server.resolverRules, ...CHROME_EXTENSION});
  const page = await b.context.newPage();
  await bannerAt(page, -1, (u) => page.goto(u));  // warm-up
  firstByte.length = 0;
  const out = [];
  for (let i = 0; i < WARM; i++) out.push(await bannerAt(page, i, (u) => page.goto(u)));
  await b.close();
  return out;
}

async function chromiumFirst(server) {
  const out = [];
  for (let i = 0; i < FIRST; i++) {
    const profile = H.tempDir('sauatty-timing-');
    H.registerHost(profile, host);
    const context = await chromium.launchPersistentContext(profile,
                                                           H.chromiumOptions({resolverRules: server.resolverRules,
                                                                              ...CHROME_EXTENSION}));
    const page = context.pages()[0];
    out.push(await bannerAt(page, i, (u) => page.goto(u)));
    counted.push(await bothTrackersCounted(context, page));
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  return out;
}

async function chromiumRestart(server) {
  const profile = H.tempDir('sauatty-timing-');
  H.registerHost(profile, host);
  const options = H.chromiumOptions({resolverRules: server.resolverRules, ...CHROME_EXTENSION});
  // The profile's first start: the extension reads the policy and remembers it.
  let context = await chromium.launchPersistentContext(profile, options);
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(H.EXTENSION_ORIGIN)) ??
      await context.waitForEvent('serviceworker', {predicate: (w) => w.url().startsWith(H.EXTENSION_ORIGIN)});
  await H.waitFor(() => worker.evaluate(async () => 'lastPolicy' in await chrome.storage.local.get('lastPolicy')),
                  'the policy remembered', 20000);
  await context.close();
  const out = [];
  try {
    for (let i = 0; i < FIRST; i++) {
      context = await chromium.launchPersistentContext(profile, options);
      const page = context.pages()[0];
      out.push(await bannerAt(page, i, (u) => page.goto(u)));
      counted.push(await bothTrackersCounted(context, page));
      await context.close();
    }
  } finally {
    fs.rmSync(profile, {recursive: true, force: true});
  }
  return out;
}

async function firefoxWarm(server) {
  const ff = await launchFirefox({hostBinary: host, server, managed: {dataConsent: true}});
  const page = await ff.browser.newPage();
  await bannerAt(page, -1, (u) => page.goto(u));  // warm-up
  firstByte.length = 0;
  const out = [];
  for (let i = 0; i < WARM; i++) out.push(await bannerAt(page, i, (u) => page.goto(u)));
  await ff.close();
  return out;
}

async function firefoxFirst(server, runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const ff = await launchFirefox({hostBinary: host, server, managed: {dataConsent: true}});
    const page = await ff.browser.newPage();
    out.push(await bannerAt(page, i, (u) => page.goto(u)));
    await ff.close();
  }
  return out;
}

const server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
try {
  console.log('| browser, case | runs | p50 ms | p95 ms | max ms | first byte p50 ms |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  row('Chromium, warm', await chromiumWarm(server));
  row('Chromium, first page after a start (fresh profile)', await chromiumFirst(server));
  const fresh = counted.splice(0);
  row('Chromium, first page after a restart (profile kept)', await chromiumRestart(server));
  const kept = counted.splice(0);
  if (firefoxAvailable()) {
    row('Firefox ESR, warm', await firefoxWarm(server));
    row('Firefox ESR, first page after install', await firefoxFirst(server, Math.min(FIRST, 5)));
  }
  const tally = (xs) => `${xs.filter(Boolean).length} of ${xs.length}`;
  console.log(`\nBoth trackers counted on the first page: fresh profile ${tally(fresh)} runs, ` +
              `profile kept ${tally(kept)} runs.`);
} finally {
  await server.close();
}
