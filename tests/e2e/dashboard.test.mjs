// The workshop view (sauatty-host dashboard) in headless Chromium: the real
// host replays the example HAR recorded from our fixture pages; the page's
// map (cytoscape nodes) and tables are checked in the DOM, the CSV export is
// the same as `sauatty-host replay --csv`, the SVG and PNG exports are real
// files, and screenshots are saved in en, ru and kk (1024×768, a projector).

import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {after, before, describe, test} from 'node:test';

import {chromium} from 'playwright-core';

import * as H from './lib/harness.mjs';

const host = H.hostPath();
const EXAMPLE = path.join(H.ROOT, 'native-host', 'dashboard', 'examples', 'workshop-example.har');
const skip = !host ? H.HOST_MISSING_MESSAGE
  : !fs.existsSync(H.CHROMIUM) ? `no Chromium at ${H.CHROMIUM} (apt-get install chromium)` : false;

/** Starts `sauatty-host dashboard ARGS`; resolves with {url, stop()} once the URL is printed. */
async function startDashboard(args) {
  const child = spawn(host, ['dashboard', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = readline.createInterface({input: child.stdout});
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${stderr}`)), 20000);
    lines.once('line', (line) => { clearTimeout(timer); resolve(line); });
    child.once('exit', (code) => reject(new Error(`dashboard exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    }),
  };
}

/** The company table's rows as the room reads them: each row's cells' text. */
const companyRows = (page) => page.$$eval('#companies tbody tr', (trs) =>
  trs.map((tr) => [...tr.cells].map((td) => td.textContent)));

/** Headless Chromium as every test here runs it. */
const launchChromium = () => chromium.launch({
  executablePath: H.CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/**
 * A HAR 1.2 recording made in a test: visit() adds a page (its document
 * first) and the requests it made, `ms` after a fixed start.
 */
function harRecording() {
  const start = Date.UTC(2026, 0, 1, 9, 0, 0);
  const at = (ms) => new Date(start + ms).toISOString();
  const pages = [], entries = [];
  const entry = (ms, pageref, url, type) => entries.push({
    pageref, startedDateTime: at(ms), _resourceType: type,
    request: {method: 'GET', url, headers: []}, response: {status: 200, content: {mimeType: 'text/html'}},
  });
  return {
    entries,
    /** requests: [{ms, url, type}] */
    visit(ms, url, requests) {
      const id = `p${pages.length}`;
      pages.push({id, title: url, startedDateTime: at(ms)});
      entry(ms, id, url, 'document');
      for (const r of requests) entry(r.ms, id, r.url, r.type);
    },
    json: () => JSON.stringify({log: {version: '1.2', creator: {name: 'dashboard.test', version: '1'}, pages, entries}}),
  };
}

/**
 * Replays `recording` in a new temporary folder, with only `filters` (one
 * rule a line) loaded, or with the host's own rules when there are none.
 */
async function startReplay(name, recording, filters = null) {
  const dir = H.tempDir(`sauatty-workshop-${name}`);
  fs.writeFileSync(path.join(dir, `${name}.har`), recording.json());
  const rules = [];
  if (filters) {
    fs.writeFileSync(path.join(dir, `${name}.txt`), filters.join('\n') + '\n');
    rules.push('--filters', path.join(dir, `${name}.txt`));
  }
  const dashboard = await startDashboard(['--replay', path.join(dir, `${name}.har`), ...rules]);
  return {dir, dashboard};
}

/** Ends what a startReplay() case started: its browser, the host, the folder. */
async function stopReplay(browser, dashboard, dir) {
  await browser?.close().catch(() => {});
  await dashboard?.stop();
  if (dir) fs.rmSync(dir, {recursive: true, force: true});
}

describe('the workshop view in Chromium', {skip}, () => {
  let browser, context, dashboard;

  before(async () => {
    dashboard = await startDashboard(['--replay', EXAMPLE]);
    browser = await launchChromium();
    context = await browser.newContext({viewport: {width: 1024, height: 768}, acceptDownloads: true});
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const code = await dashboard?.stop();
    assert.equal(code, 0, `the dashboard stops cleanly on SIGTERM; stderr: ${dashboard?.stderr()}`);
  });

  test('replays the example HAR: nodes on the map, companies in the table, exports, three languages', async () => {
    assert.match(dashboard.url, /^http:\/\/127\.0\.0\.1:\d+\/\?t=[0-9a-f]{32}&lang=en$/);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(dashboard.url);

    // The replay plays when the page connects; a few pages are on screen within 5 s.
    const started = Date.now();
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('15 of 15'),
      null, {timeout: 5000});
    assert.ok(Date.now() - started < 5000);
    await page.waitForFunction(() => document.getElementById('map-panel').dataset.companies === '3', null, {timeout: 5000});

    // The map: two kinds of node (6 sites, 3 companies) and their links, drawn by cytoscape.
    const map = await page.evaluate(() => ({...document.getElementById('map-panel').dataset,
      canvases: document.querySelectorAll('#map canvas').length}));
    assert.equal(map.sites, '5');  // www. and spa. of the news fixture are one site
    assert.equal(map.companies, '3');
    assert.equal(map.links, '6');
    assert.ok(map.canvases > 0, 'cytoscape drew on a canvas');

    // The table, in the DOM's text: company, country, what it does, sites, requests.
    const rows = await companyRows(page);
    assert.deepEqual(rows, [
      ['Google', 'US', 'Analytics', '2', '3'],
      ['Yandex', 'RU', 'Analytics', '3', '3'],
      ['Meta', 'US', 'Social network', '1', '1'],
    ]);
    const categories = await page.$$eval('#categories tbody tr', (trs) => trs.map((tr) => tr.dataset.category));
    assert.deepEqual(categories, ['analytics', 'social']);
    // The caption names the last site opened (the Reuters fixture: no tracker).
    assert.equal(await page.textContent('#caption'), 'No tracking company has seen reuters.com so far');

    // Focus on one site: the news fixture and its three companies.
    await page.selectOption('#focus', 'sauatty-fixture-news.kz');
    await page.waitForFunction(() => document.getElementById('map-panel').dataset.sites === '1');
    assert.equal(await page.textContent('#caption'), '3 companies learned that you opened sauatty-fixture-news.kz');
    assert.equal(await page.$$eval('#companies tbody tr', (r) => r.length), 3);
    await page.screenshot({path: H.screenshotPath('workshop-focus-en')});
    await page.selectOption('#focus', '');
    await page.waitForFunction(() => document.getElementById('map-panel').dataset.sites === '5');

    // Exports: the CSV is the host's own table, the SVG and PNG are the map.
    const csvExpected = execFileSync(host, ['replay', EXAMPLE, '--csv'], {encoding: 'utf8'});
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(csv.suggestedFilename(), 'sauatty-workshop.csv');
    assert.equal(fs.readFileSync(await csv.path(), 'utf8'), csvExpected);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svgText = fs.readFileSync(await svg.path(), 'utf8');
    assert.match(svgText, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const name of ['Google (US)', 'Yandex (RU)', 'Meta (US)', 'sauatty-fixture-news.kz']) {
      assert.ok(svgText.includes(`>${name}</text>`), `${name} in the SVG`);
    }
    assert.equal((svgText.match(/<circle /g) ?? []).length, 3);
    assert.equal((svgText.match(/<rect x=/g) ?? []).length, 5);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const pngBytes = fs.readFileSync(await png.path());
    assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(pngBytes.length > 2000);

    // Three languages: every label changes, the map is redrawn, screenshots saved.
    const expected = {
      en: {title: 'Who is watching', header: 'Company', social: 'Social network'},
      ru: {title: 'Кто наблюдает', header: 'Компания', social: 'Соцсеть'},
      kk: {title: 'Кім бақылап отыр', header: 'Компания', social: 'Әлеуметтік желі'},
    };
    for (const [lang, words] of Object.entries(expected)) {
      await page.click(`[data-lang="${lang}"]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      await page.waitForFunction(() => document.getElementById('map-panel').dataset.companies === '3');
      assert.ok((await page.textContent('h1')).startsWith(words.title), lang);
      assert.equal(await page.textContent('#companies thead th'), words.header);
      assert.equal(await page.textContent('#companies tbody tr:last-child td:nth-child(3)'), words.social);
      await page.waitForTimeout(1600);  // the layout settles
      await page.screenshot({path: H.screenshotPath(`workshop-${lang}`)});
    }

    // Reset says what it clears, then the session is empty; play shows it again.
    await page.click('#reset');
    assert.match(await page.textContent('#reset-text'), /rewinds the recording|басына қайтарады/);
    await page.click('#reset-ok');
    await page.waitForFunction(() => document.querySelectorAll('#companies tbody tr').length === 0);
    await page.click('#play');
    await page.waitForFunction(() => document.querySelectorAll('#companies tbody tr').length === 3, null,
      {timeout: 10000});
    assert.deepEqual(errors, []);
  });

  test('without the token the host answers 403 and serves nothing', async () => {
    const page = await context.newPage();
    const bare = dashboard.url.replace(/\?.*$/, '');
    const response = await page.goto(bare);
    assert.equal(response.status(), 403);
    const wrong = dashboard.url.replace(/t=[0-9a-f]/, (m) => (m.endsWith('0') ? 't=1' : 't=0'));
    assert.equal((await page.goto(wrong)).status(), 403);
    // A page elsewhere cannot open the WebSocket (its Origin is not the view's).
    const port = new URL(dashboard.url).port;
    const token = new URL(dashboard.url).searchParams.get('t');
    await page.goto('about:blank');
    const opened = await page.evaluate(([p, t]) => new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${p}/ws?t=${t}`);
      ws.onopen = () => resolve(true);
      ws.onerror = () => resolve(false);
    }), [port, token]);
    assert.equal(opened, false);
  });
});

// First-party tracking: a list blocks a site's own counter, and no entity
// data names it (the host says "this site"). The view shows it as the
// site's own tracking (its node marked, one table row "the site itself"),
// never as a company called "this site" linked to every such site.
describe('the workshop view shows a site\'s own tracking as the site\'s', {skip}, () => {
  let browser, dashboard, dir;
  const own = (site) => `https://www.${site}/counter/hit.gif`;

  before(async () => {
    const recording = harRecording();
    const visit = (ms, site, others) => recording.visit(ms, `https://www.${site}/`, others.map((url) =>
      ({ms: ms + 10, url, type: url.endsWith('.gif') ? 'image' : 'script'})));
    visit(0, 'sauatty-own-a.kz', [own('sauatty-own-a.kz'), own('sauatty-own-a.kz'),
      'https://www.google-analytics.com/analytics.js']);
    visit(300, 'sauatty-own-b.kz', [own('sauatty-own-b.kz'), 'https://mc.yandex.ru/metrika/tag.js']);
    // A list of its own (with --filters the host loads only it): the two
    // sites' counters and two third-party trackers, named by their domains.
    ({dir, dashboard} = await startReplay('own', recording,
      ['||sauatty-own-a.kz/counter/', '||sauatty-own-b.kz/counter/', '||google-analytics.com^', '||mc.yandex.ru^']));
    browser = await launchChromium();
  });

  after(() => stopReplay(browser, dashboard, dir));

  test('no company "this site": the sites are marked, the table has one row for them, en/ru/kk', async () => {
    const context = await browser.newContext({viewport: {width: 1024, height: 768}, acceptDownloads: true});
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('7 of 7'),
      null, {timeout: 10000});
    await page.waitForFunction(() => document.getElementById('map-panel').dataset.ownSites === '2', null, {timeout: 5000});
    const map = await page.evaluate(() => ({...document.getElementById('map-panel').dataset}));
    assert.equal(map.sites, '2');
    assert.equal(map.companies, '2', 'the two trackers, and no company for the sites\' own counters');
    assert.equal(map.links, '2');
    const rows = await companyRows(page);
    assert.deepEqual(rows, [
      ['The site itself', '—', 'Unknown', '2', '3'],
      ['google-analytics.com', '—', 'Unknown', '1', '1'],
      ['yandex.ru', '—', 'Unknown', '1', '1'],
    ]);
    assert.equal(await page.$$eval('#categories tbody tr[data-category="unknown"] td', (tds) =>
      tds.map((td) => td.textContent).join('|')), 'Unknown|2|5', 'own tracking is no company in the categories');
    assert.equal(await page.textContent('#caption'),
      '1 company learned that you opened sauatty-own-b.kz. The site itself tracks you too.');
    const csvExpected = execFileSync(host, ['replay', path.join(dir, 'own.har'), '--csv',
      '--filters', path.join(dir, 'own.txt')], {encoding: 'utf8'});
    assert.match(csvExpected, /^\(the site itself\),,unknown,2,3\r$/m);
    assert.doesNotMatch(csvExpected, /this site/);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(fs.readFileSync(await csv.path(), 'utf8'), csvExpected);

    const itself = {en: 'The site itself', ru: 'Сам сайт', kk: 'Сайттың өзі'};
    for (const [lang, name] of Object.entries(itself)) {
      await page.click(`[data-lang="${lang}"]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      await page.waitForFunction(() => document.getElementById('map-panel').dataset.ownSites === '2');
      assert.equal(await page.textContent('#companies tbody tr:first-child td'), name);
      assert.ok((await page.textContent('.legend')).length > 0);
      await page.waitForTimeout(1600);  // the layout settles
      await page.screenshot({path: H.screenshotPath(`workshop-own-${lang}`)});
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});

// More site→company links than the map draws (app.js MAX_LINKS, 800): 90
// sites each sending a request to 10 of 100 tracker companies, so every
// node is drawn (under 500 sites and 300 companies) but of the 900 links
// only 800 are; the page counts the other 100 under the map, and still
// gives each drawn site and company a link.
describe('the workshop view draws at most 800 links and counts the rest', {skip}, () => {
  const SITES = 90, COMPANIES = 100, PER_SITE = 10, DRAWN = 800;
  let browser, dashboard, dir, requests;

  before(async () => {
    const recording = harRecording();
    for (let s = 0; s < SITES; ++s) {
      // Ten different companies per site: (s + 10 j) mod 100 differ in j.
      recording.visit(10 * s, `https://www.sauatty-links-${s}.kz/`, Array.from({length: PER_SITE}, (_, j) =>
        ({ms: 10 * s, url: `https://cdn.tracker${(s + 10 * j) % COMPANIES}.example/p.js`, type: 'script'})));
    }
    requests = recording.entries.length;
    // One rule per tracker domain: each is a company of its own.
    ({dir, dashboard} = await startReplay('links', recording,
      Array.from({length: COMPANIES}, (_, t) => `||tracker${t}.example^`)));
    browser = await launchChromium();
  });

  after(() => stopReplay(browser, dashboard, dir));

  test('900 links: 800 drawn, "+100 more links not drawn", every drawn node linked', async () => {
    const pairs = SITES * PER_SITE;
    const context = await browser.newContext({viewport: {width: 1024, height: 768}, acceptDownloads: true});
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(dashboard.url);
    await page.waitForFunction((n) => document.getElementById('status').textContent.includes(`${n} of ${n}`),
      requests, {timeout: 10000});
    // A session this large has its map redrawn at most every 2 s.
    await page.waitForFunction((n) => document.getElementById('map-panel').dataset.linksNotDrawn === String(n),
      pairs - DRAWN, {timeout: 10000});
    const map = await page.evaluate(() => ({...document.getElementById('map-panel').dataset}));
    assert.equal(map.sites, String(SITES));
    assert.equal(map.companies, String(COMPANIES));
    assert.equal(map.links, String(DRAWN));
    assert.equal(map.linksNotDrawn, String(pairs - DRAWN));
    assert.equal(await page.textContent('#map-note'),
      `+${pairs - DRAWN} more links not drawn (each site and company shows its busiest); the tables list all.`);
    // The tables list every company.
    assert.equal(await page.$$eval('#companies tbody tr', (r) => r.length), COMPANIES);

    // The map as drawn, through its SVG export: every site (rect) and
    // company (circle) is an end of a drawn link (line). The layout must
    // have placed them apart first, or every centre would be the same point.
    await page.waitForTimeout(1600);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const text = fs.readFileSync(await svg.path(), 'utf8');
    const point = (x, y) => `${Number(x).toFixed(1)},${Number(y).toFixed(1)}`;
    const nodes = [
      ...[...text.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)"/g)]
        .map(([, x, y, w]) => point(Number(x) + w / 2, Number(y) + w / 2)),
      ...[...text.matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"/g)].map(([, x, y]) => point(x, y)),
    ];
    const ends = new Set([...text.matchAll(/<line x1="([\d.-]+)" y1="([\d.-]+)" x2="([\d.-]+)" y2="([\d.-]+)"/g)]
      .flatMap(([, x1, y1, x2, y2]) => [point(x1, y1), point(x2, y2)]));
    assert.equal(nodes.length, SITES + COMPANIES);
    assert.equal(new Set(nodes).size, nodes.length, 'the nodes are laid out apart');
    assert.equal((text.match(/<line /g) ?? []).length, DRAWN);
    assert.deepEqual(nodes.filter((n) => !ends.has(n)), [], 'every drawn node has a drawn link');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

// A large map (over 100 nodes) is not laid out again when nodes are added:
// each new node is placed on a free spot among the others, which stay where
// they were (a full layout of 800 nodes at every addition froze the page).
// The test holds back the host's snapshots of the second wave of sites
// (Playwright's WebSocket route) until it has saved the first map as SVG,
// so the two maps compared are always the same two states.
describe('the workshop view places new nodes of a large map among the others', {skip}, () => {
  const FIRST = 70, FIRST_COMPANIES = 40, SECOND = 10, SECOND_COMPANIES = 5;
  let browser, dashboard, dir, recording, filters;

  before(async () => {
    recording = harRecording();
    const tracker = (t) => `https://cdn.tracker${t}.example/p.js`;
    for (let s = 0; s < FIRST; ++s) {
      recording.visit(10 * s, `https://www.sauatty-wave-${s}.kz/`,
        [{ms: 10 * s, url: tracker(s % FIRST_COMPANIES), type: 'script'}]);
    }
    // Seconds later (one on the replay's clock): new sites, each talking to a
    // new company and to one already drawn.
    for (let i = 0; i < SECOND; ++i) {
      recording.visit(5000 + 10 * i, `https://www.sauatty-wave-${FIRST + i}.kz/`, [
        {ms: 5000 + 10 * i, url: tracker(FIRST_COMPANIES + (i % SECOND_COMPANIES)), type: 'script'},
        {ms: 5000 + 10 * i, url: tracker(i), type: 'script'}]);
    }
    filters = Array.from({length: FIRST_COMPANIES + SECOND_COMPANIES}, (_, t) => `||tracker${t}.example^`);
    ({dir, dashboard} = await startReplay('waves', recording, filters));
    browser = await launchChromium();
  });

  after(() => stopReplay(browser, dashboard, dir));

  /** The map's nodes from its SVG export: label → {x, y, r} (centre and half width). */
  async function drawnNodes(page) {
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const text = fs.readFileSync(await svg.path(), 'utf8');
    const nodes = new Map();
    const shape = /<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)"[^>]*\/>\n<text[^>]*>([^<]*)<\/text>|<circle cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.]+)"[^>]*\/>\n<text[^>]*>([^<]*)<\/text>/g;
    for (const m of text.matchAll(shape)) {
      if (m[1] !== undefined) {
        nodes.set(m[4], {x: Number(m[1]) + m[3] / 2, y: Number(m[2]) + m[3] / 2, r: m[3] / 2});
      } else {
        nodes.set(m[8], {x: Number(m[5]), y: Number(m[6]), r: Number(m[7])});
      }
    }
    return nodes;
  }

  /**
   * Opens `url` in a new page whose snapshots of more than the first wave's
   * sites wait until release(); resolves once the first wave is drawn and
   * no layout is due any more.
   */
  async function openFirstWave(url) {
    const context = await browser.newContext({viewport: {width: 1024, height: 768}, acceptDownloads: true});
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    let released = false, held = null, toPage = null;
    await page.routeWebSocket(/\/ws\?/, (ws) => {
      const server = ws.connectToServer();
      toPage = (m) => ws.send(m);
      server.onMessage((m) => {
        const snapshot = JSON.parse(m);
        if (released || !snapshot.sites || snapshot.sites.length <= FIRST) ws.send(m);
        else held = m;
      });
    });
    await page.goto(url);
    const drawnWith = (n) => page.waitForFunction((sites) => {
      const map = document.getElementById('map-panel').dataset;
      return map.sites === String(sites) && map.layout === 'done';
    }, n, {timeout: 10000});
    await drawnWith(FIRST);
    // The second wave: the page gets the snapshot held back (if the host
    // sent it yet), and every later one.
    const release = () => {
      released = true;
      if (held) toPage(held);
      return drawnWith(FIRST + SECOND);
    };
    return {context, page, errors, release};
  }

  test('the first 110 nodes stay where they were; the 15 new ones overlap none', async () => {
    const {context, page, errors, release} = await openFirstWave(dashboard.url);
    const panel = () => page.evaluate(() => ({...document.getElementById('map-panel').dataset}));
    const layouts = (await panel()).layouts;
    const first = await drawnNodes(page);
    assert.equal(first.size, FIRST + FIRST_COMPANIES);
    assert.equal(new Set([...first.values()].map((n) => `${n.x},${n.y}`)).size, first.size, 'laid out apart');

    await release();
    const second = await drawnNodes(page);
    assert.equal(second.size, FIRST + SECOND + FIRST_COMPANIES + SECOND_COMPANIES);
    assert.equal((await panel()).layouts, layouts, 'no layout again');

    // The SVG is drawn from the map's corner, which moves as it grows: each
    // first-wave node is where it was relative to one of them.
    const anchor = 'sauatty-wave-0.kz';
    const shift = {x: second.get(anchor).x - first.get(anchor).x, y: second.get(anchor).y - first.get(anchor).y};
    const moved = [...first].filter(([label, p]) => {
      const q = second.get(label);
      return !q || Math.abs(q.x - p.x - shift.x) > 0.25 || Math.abs(q.y - p.y - shift.y) > 0.25;
    }).map(([label]) => label);
    assert.deepEqual(moved, [], 'no first-wave node moved');
    // Each new node is on a spot of its own: no node overlaps it.
    const overlaps = [];
    for (const [label, p] of second) {
      if (first.has(label)) continue;
      for (const [other, q] of second) {
        if (other !== label && Math.hypot(p.x - q.x, p.y - q.y) < p.r + q.r) overlaps.push(`${label}/${other}`);
      }
    }
    assert.deepEqual(overlaps, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  // Labels show only when zoomed in: a librarian zooms in to read, and the
  // map zoomed back out to each new node outside the view.
  test('once the user zooms in and pans, new nodes leave the view where it is', async () => {
    const own = await startReplay('waves-view', recording, filters);
    try {
      const {context, page, errors, release} = await openFirstWave(own.dashboard.url);
      // cytoscape's instance from its container (the page keeps its own private).
      const view = () => page.evaluate(() => {
        const cy = document.getElementById('map')._cyreg.cy;
        return {zoom: cy.zoom(), pan: cy.pan()};
      });
      const fitted = await view();
      // Real input: the wheel over the map's middle, then a drag from a spot
      // no node or link is on.
      const box = await page.locator('#map').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // Deltas of one size are taken by cytoscape for a coarse wheel, and zoom
      // in tiny steps: a touchpad's, of differing sizes.
      for (let i = 0; i < 80 && (await view()).zoom < 3; ++i) await page.mouse.wheel(0, i % 2 ? -97 : -101);
      const zoomed = await view();
      assert.ok(zoomed.zoom >= 3 && zoomed.zoom > fitted.zoom, `zoomed in by the wheel: ${fitted.zoom} → ${zoomed.zoom}`);
      const spot = await page.evaluate(() => {
        const cy = document.getElementById('map')._cyreg.cy;
        const near = (x, y) => cy.nodes().some((n) => {
          const b = n.renderedBoundingBox();
          return x > b.x1 - 10 && x < b.x2 + 10 && y > b.y1 - 10 && y < b.y2 + 10;
        }) || cy.edges().some((e) => {
          const a = e.source().renderedPosition(), b = e.target().renderedPosition();
          const dx = b.x - a.x, dy = b.y - a.y;
          const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy || 1)));
          return Math.hypot(a.x + t * dx - x, a.y + t * dy - y) < 10;
        });
        for (let y = 40; y < cy.height() - 200; y += 10) {
          for (let x = 40; x < cy.width() - 200; x += 10) if (!near(x, y)) return {x, y};
        }
        return null;
      });
      assert.ok(spot, 'a spot with no node or link to drag from');
      await page.mouse.move(box.x + spot.x, box.y + spot.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; ++i) await page.mouse.move(box.x + spot.x + 15 * i, box.y + spot.y + 12 * i);
      await page.mouse.up();
      const set = await view();
      assert.equal(set.zoom, zoomed.zoom);
      assert.notDeepEqual(set.pan, zoomed.pan, 'the drag panned the map');

      await release();
      assert.deepEqual(await view(), set, 'zoom and pan as the user left them');
      // The old page zoomed out here: new sites fall outside the view.
      const outside = await page.evaluate((first) => {
        const cy = document.getElementById('map')._cyreg.cy;
        const e = cy.extent();
        return cy.nodes().filter((n) => {
          const m = /^s:(?:www\.)?sauatty-wave-(\d+)\.kz$/.exec(n.id());
          const b = n.boundingBox();
          return m && Number(m[1]) >= first && (b.x1 < e.x1 || b.x2 > e.x2 || b.y1 < e.y1 || b.y2 > e.y2);
        }).length;
      }, FIRST);
      assert.ok(outside > 0, 'some new site falls outside the view');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await stopReplay(null, own.dashboard, own.dir);
    }
  });
});

// The table by category: a company in two categories counts in each with
// that category's requests (the host's by_category), so the column adds
// up to the requests; it added the company's whole count to each.
describe('the workshop view counts each category\'s own requests', {skip}, () => {
  let browser, dashboard, dir;

  before(async () => {
    const recording = harRecording();
    recording.visit(0, 'https://www.sauatty-categories.kz/', [
      {ms: 10, url: 'https://www.google-analytics.com/analytics.js', type: 'script'},
      {ms: 20, url: 'https://www.google-analytics.com/analytics.js', type: 'script'},
      {ms: 30, url: 'https://securepubads.g.doubleclick.net/tag/js/gpt.js', type: 'script'}]);
    // The host's own rules: Google is analytics and advertising.
    ({dir, dashboard} = await startReplay('categories', recording));
    browser = await launchChromium();
  });

  after(() => stopReplay(browser, dashboard, dir));

  test('Google: 2 analytics and 1 advertising request, not 3 and 3', async () => {
    const context = await browser.newContext({viewport: {width: 1024, height: 768}});
    const page = await context.newPage();
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('4 of 4'),
      null, {timeout: 10000});
    await page.waitForFunction(() => document.querySelectorAll('#categories tbody tr').length === 2);
    assert.deepEqual(await companyRows(page), [['Google', 'US', 'Advertising, Analytics', '1', '3']]);
    const categories = await page.$$eval('#categories tbody tr', (trs) =>
      trs.map((tr) => [tr.dataset.category, ...[...tr.cells].slice(1).map((td) => td.textContent)]));
    assert.deepEqual(categories, [['analytics', '1', '2'], ['advertising', '1', '1']]);
    await context.close();
  });
});
