// The workshop page's frame time with the map at its bounds (500 sites, 300
// companies; of the session's 3,000 links the page draws at most 800 and
// says how many more there are), in headless Chromium at 1024×768 (a
// measurement, not a test; docs/WORKSHOP.md and docs/BENCHMARKS.md report it):
//
//   SAUATTY_HOST=build/native-host/app/sauatty-host node tests/e2e/tools/workshop-frame-time.mjs [seconds]
//
// (SAUATTY_SCREENSHOT=FILE.png also saves the full map as the room sees it.)
//
// A synthetic session is written to a temporary folder: a HAR whose first
// part opens 500 sites over 10 s, each sending requests to six of 300
// tracker domains (so the map grows as it fills: new nodes placed among the drawn ones), and
// whose second part goes on with one request every 50 ms on those sites
// (the map is full and changes at every push); and a filter list with one
// rule per tracker domain, so that each is a company of its own. The real
// host serves it (`dashboard --replay … --filters … --no-cache`), replayed
// at 1×. In the page, a requestAnimationFrame loop records the gap between
// frames and a PerformanceObserver the long tasks (over 50 ms), in two
// windows: while the map fills, and for SECONDS (default 10) once it is
// full. Prints p50 / p95 / p99 / max gap and the long tasks per window.

import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import {chromium} from 'playwright-core';

import * as H from '../lib/harness.mjs';

const SITES = 500, COMPANIES = 300, PER_SITE = 6;
const FILL_MS = 10000, STEADY_MS = 40000, STEADY_EVERY_MS = 50;
const SECONDS = Number(process.argv[2] ?? 10);
const host = H.hostPath();
if (!host) {
  console.error(H.HOST_MISSING_MESSAGE);
  process.exit(2);
}
if (!fs.existsSync(H.CHROMIUM)) {
  console.error(`no Chromium at ${H.CHROMIUM} (apt-get install chromium)`);
  process.exit(2);
}

// The synthetic session: pages p0…p499, their documents and trackers.
function writeSession(dir) {
  const start = Date.UTC(2026, 0, 1, 9, 0, 0);
  const pages = [], entries = [];
  const entry = (ms, pageref, url, type) => entries.push({
    pageref, startedDateTime: new Date(start + ms).toISOString(), _resourceType: type,
    request: {method: 'GET', url, headers: []},
    response: {status: 200, content: {mimeType: type === 'document' ? 'text/html' : 'text/javascript'}},
  });
  const tracker = (t, n) => `https://cdn.tracker${t}.example/p.js?n=${n}`;
  for (let s = 0; s < SITES; ++s) {
    const ms = Math.round((s * FILL_MS) / SITES);
    const url = `https://www.site${s}.example/`;
    pages.push({id: `p${s}`, title: url, startedDateTime: new Date(start + ms).toISOString()});
    entry(ms, `p${s}`, url, 'document');
    for (let j = 0; j < PER_SITE; ++j) entry(ms, `p${s}`, tracker((s * 7 + j * 50) % COMPANIES, j), 'script');
  }
  let seed = 42;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let ms = FILL_MS; ms < FILL_MS + STEADY_MS; ms += STEADY_EVERY_MS) {
    const s = random(SITES);
    entry(ms, `p${s}`, tracker((s * 7 + random(PER_SITE) * 50) % COMPANIES, ms), 'script');
  }
  fs.writeFileSync(path.join(dir, 'session.har'),
    JSON.stringify({log: {version: '1.2', creator: {name: 'workshop-frame-time', version: '1'}, pages, entries}}));
  fs.writeFileSync(path.join(dir, 'trackers.txt'),
    Array.from({length: COMPANIES}, (_, t) => `||tracker${t}.example^`).join('\n') + '\n');
  return entries.length;
}

// Installed before the page's own scripts: frame gaps and long tasks, per window.
function instrument() {
  const state = {window: null, gaps: {}, long: {}, renders: {}};
  window.__frames = state;
  let last = performance.now();
  const tick = (now) => {
    if (state.window) (state.gaps[state.window] ??= []).push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (state.window) (state.long[state.window] ??= []).push(e.duration);
  }).observe({entryTypes: ['longtask']});
  // The page writes its status line once a render.
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      if (state.window) state.renders[state.window] = (state.renders[state.window] ?? 0) + 1;
    }).observe(document.getElementById('status'), {childList: true});
  });
}

// CPU seconds (user + system) of the main threads of the renderers this
// process's Chromium started: what the page's work costs, whatever else the
// machine runs (the frame gaps are wall time, and grow with the load).
function rendererCpuSeconds() {
  const tick = 100;  // USER_HZ on Linux
  const stat = (pid) => {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2).split(' ');
    } catch { return null; }
  };
  const children = new Map();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const f = stat(pid);
    if (f) children.set(f[1], [...(children.get(f[1]) ?? []), pid]);
  }
  let total = 0;
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      let cmd = '';
      try { cmd = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8'); } catch { /* gone */ }
      if (cmd.includes('--type=renderer')) {
        const f = stat(child);  // the process's first thread is the renderer's main thread
        const main = (() => { try { const t = fs.readFileSync(`/proc/${child}/task/${child}/stat`, 'utf8'); return t.slice(t.lastIndexOf(')') + 2).split(' '); } catch { return f; } })();
        if (main) total += (Number(main[11]) + Number(main[12])) / tick;
      }
      walk(child);
    }
  };
  walk(String(process.pid));
  return total;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : 0;
};

const dir = H.tempDir('sauatty-frame-time');
const requests = writeSession(dir);
const child = spawn(host, ['dashboard', '--replay', path.join(dir, 'session.har'),
  '--filters', path.join(dir, 'trackers.txt'), '--no-cache'], {stdio: ['ignore', 'pipe', 'inherit']});
const url = await new Promise((resolve, reject) => {
  readline.createInterface({input: child.stdout}).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`dashboard exited ${code}`)));
});
const browser = await chromium.launch({
  executablePath: H.CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await (await browser.newContext({viewport: {width: 1024, height: 768}})).newPage();
  await page.addInitScript(instrument);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.evaluate(() => { window.__frames.window = 'filling'; });
  const filledIn = Date.now();
  await page.waitForFunction(({sites, companies}) => {
    const map = document.getElementById('map-panel').dataset;
    return map.sites === String(sites) && map.companies === String(companies);
  }, {sites: SITES, companies: COMPANIES}, {timeout: 120000, polling: 200}).catch(async (e) => {
    console.error(await page.evaluate(() => JSON.stringify({...document.getElementById('map-panel').dataset,
      status: document.getElementById('status').textContent})));
    throw e;
  });
  const fillMs = Date.now() - filledIn;
  // The last redraw of the map after its last node (at most 2 s later) belongs to the fill.
  await page.waitForTimeout(2000);
  await page.evaluate(() => { window.__frames.window = 'full'; });
  const cpuBefore = rendererCpuSeconds();
  await page.waitForTimeout(SECONDS * 1000);
  const cpuFull = rendererCpuSeconds() - cpuBefore;
  const result = await page.evaluate(() => {
    window.__frames.window = null;
    const map = document.getElementById('map-panel').dataset;
    return {gaps: window.__frames.gaps, long: window.__frames.long, renders: window.__frames.renders.full ?? 0,
      drawn: {sites: map.sites, companies: map.companies, links: map.links, notDrawn: map.linksNotDrawn},
      status: document.getElementById('status').textContent};
  });
  if (process.env.SAUATTY_SCREENSHOT) await page.screenshot({path: process.env.SAUATTY_SCREENSHOT});
  if (errors.length) console.error(`page errors: ${errors.join('; ')}`);
  console.log(`synthetic session: ${requests} requests; map drawn: ${result.drawn.sites} sites, ` +
    `${result.drawn.companies} companies, ${result.drawn.links} links (${result.drawn.notDrawn ?? 0} more not drawn); filled in ${(fillMs / 1000).toFixed(1)} s`);
  console.log('| window | frames | gap p50 | p95 | p99 | max | long tasks (> 50 ms) | longest |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const summary = {};
  for (const name of ['filling', 'full']) {
    const gaps = result.gaps[name] ?? [], long = result.long[name] ?? [];
    const f = (x) => `${x.toFixed(1)} ms`;
    console.log(`| ${name} | ${gaps.length} | ${f(quantile(gaps, 0.5))} | ${f(quantile(gaps, 0.95))} | ` +
      `${f(quantile(gaps, 0.99))} | ${f(Math.max(0, ...gaps))} | ${long.length} | ${f(Math.max(0, ...long))} |`);
    summary[name] = {frames: gaps.length, p50: quantile(gaps, 0.5), p95: quantile(gaps, 0.95),
      p99: quantile(gaps, 0.99), max: Math.max(0, ...gaps), long_tasks: long.length, longest: Math.max(0, ...long)};
  }
  console.log(`full map: the renderer's main thread used ${(cpuFull * 1000 / SECONDS).toFixed(0)} ms of CPU per second ` +
    `(${result.renders} renders in ${SECONDS} s: ${(cpuFull * 1000 / Math.max(1, result.renders)).toFixed(0)} ms of CPU each); ` +
    `load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
  summary.full.main_thread_cpu_ms_per_s = (cpuFull * 1000) / SECONDS;
  summary.full.renders = result.renders;
  console.log(JSON.stringify(summary));
} finally {
  await browser.close().catch(() => {});
  child.kill('SIGTERM');
  fs.rmSync(dir, {recursive: true, force: true});
}
