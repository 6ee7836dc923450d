// Where the first page after a browser start spends its time, in headless
// Chromium with the real host (a measurement, not a test; docs/EXTENSION.md
// reports it):
//
//   SAUATTY_HOST=build/native-host/app/sauatty-host node tests/e2e/tools/first-page-timeline.mjs [runs]
//
// Each run starts Chromium with a fresh profile and opens the lookalike
// page at once (as banner-timing.mjs's "first page" case does), then reads
// three clocks and puts them on one axis, ms after the page's navigation
// started:
// - the service worker's start (its performance.timeOrigin) and its
//   `sauatty:` marks (extension/lib/startmarks.js: storage read, texts
//   loaded, host connecting / hello answered, navigation seen, `page` sent
//   and answered, the content script's first question handled and answered);
// - the content script's timeline (content.js: started, asked, answered,
//   banner shown, failed asks), read in its isolated world over CDP;
// - the page's own clock: first byte and the banner seen (data-banner-at).
// Prints one row per run and the median and maximum of each step.

import fs from 'node:fs';

import {chromium} from 'playwright-core';

import * as H from '../lib/harness.mjs';
import {startFixtureServer} from '../lib/server.mjs';

const PAGE = 'https://tengrinevvs.kz/';
const RUNS = Number(process.argv[2] ?? 10);
// The Chrome package built from extension/ (what ships), or this folder
// loaded unpacked: SAUATTY_EXTENSION_DIR=extension compares the background
// as separate modules with the package's joined one.
const EXTENSION_DIR = process.env.SAUATTY_EXTENSION_DIR;
const host = H.hostPath();
if (!host) {
  console.error(H.HOST_MISSING_MESSAGE);
  process.exit(2);
}

/** One first page: {step: ms after navigation start}. */
async function oneRun(server, i) {
  const profile = H.tempDir('sauatty-timeline-');
  H.registerHost(profile, host);
  const launched = Date.now();
  const context = await chromium.launchPersistentContext(profile, H.chromiumOptions({
    resolverRules: server.resolverRules, ...(EXTENSION_DIR ? {extensionDir: EXTENSION_DIR} : {})}));
  try {
    const page = context.pages()[0];
    const cdp = await context.newCDPSession(page);
    const worlds = [];
    cdp.on('Runtime.executionContextCreated', ({context: c}) => {
      if (c.auxData?.type === 'isolated' && !c.name.startsWith('__playwright')) worlds.push(c.id);
    });
    await cdp.send('Runtime.enable');
    await page.goto(`${PAGE}?n=${i}`);
    const bannerAt = await H.waitFor(async () => Number(await page.evaluate(
        () => document.documentElement.getAttribute('data-banner-at'))) || null, 'data-banner-at', 15000);
    const nav = await page.evaluate(() => ({origin: performance.timeOrigin,
      firstByte: performance.getEntriesByType('navigation')[0]?.responseStart ?? 0}));
    const out = {'browser launched': launched - nav.origin, 'first byte': nav.firstByte, 'banner seen (page)': bannerAt};

    const worker = context.serviceWorkers().find((w) => w.url().startsWith(H.EXTENSION_ORIGIN));
    if (worker) {
      // Marks come a moment after the answer; give the last ones time to land.
      await new Promise((r) => setTimeout(r, 200));
      const sw = await worker.evaluate(() => ({origin: performance.timeOrigin,
        marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sauatty:'))
            .map((m) => [m.name.slice('sauatty:'.length), m.startTime])}));
      out['sw: started'] = sw.origin - nav.origin;
      for (const [name, at] of sw.marks) out[`sw: ${name}`] = sw.origin + at - nav.origin;
    }
    for (const id of worlds) {
      const r = await cdp.send('Runtime.evaluate', {contextId: id, returnByValue: true,
        expression: 'globalThis.sauattyContent?.timeline ?? null'}).catch(() => null);
      const timeline = r?.result?.value;
      if (!timeline) continue;
      for (const [step, at] of Object.entries(timeline)) out[`content: ${step}`] = at;
      break;
    }
    await cdp.detach().catch(() => {});
    return out;
  } finally {
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(server, i);
    runs.push(r);
    console.error(`run ${i + 1}: banner at ${r['banner seen (page)']} ms`);
  }
  const steps = new Map();
  for (const r of runs) {
    for (const [k, v] of Object.entries(r)) {
      if (!steps.has(k)) steps.set(k, []);
      steps.get(k).push(v);
    }
  }
  const order = [...steps.keys()].filter((k) => !k.includes('failedAsks'))
      .sort((a, b) => median(steps.get(a)) - median(steps.get(b)));
  console.log(`| step (ms after navigation start) | runs | median | max | each run |`);
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const k of [...order, 'content: failedAsks']) {
    const xs = (steps.get(k) ?? []).map(Math.round);
    if (!xs.length) continue;
    console.log(`| ${k} | ${xs.length} | ${median(xs)} | ${Math.max(...xs)} | ${xs.join(' ')} |`);
  }
} finally {
  await server.close();
}
