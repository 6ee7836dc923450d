// The extension on pages that imitate real ones, in headless Chromium with
// the real host: a banner that hides nothing (fixed header, sticky nav, two
// window sizes), keyboard and screen-reader access, the caution and satire
// policy, a single-page app, link marks behind redirectors, and the first
// page after a browser start with a fresh profile. Screenshots in en, ru and
// kk land in tests/e2e/screenshots/.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {after, before, describe, test} from 'node:test';

import {chromium} from 'playwright-core';

import * as H from './lib/harness.mjs';
import {startFixtureServer} from './lib/server.mjs';

const host = H.hostPath();
const skip = host ? false : H.HOST_MISSING_MESSAGE;
const features = host ? H.hostFeatures(host) : {};
const cred = H.needs(features, 'credibility');
const FIXED = 'https://tengrinevvs.kz/';  // lookalike (warning), fixed header, two trackers
const STICKY = 'https://abcnews.com.co/politics/story';  // fabricated (warning), sticky nav
const RT = 'https://www.rt.com/news/';  // state-controlled (caution)
const RT2 = 'https://www.rt.com/news/2/';
const ONION = 'https://www.theonion.com/area-man';  // satire (caution)
const SPA = 'https://spa.sauatty-fixture-news.kz/story/1';
const GOOGLE = 'https://www.google.com/search?q=news';
const SIZES = [{width: 1280, height: 800}, {width: 853, height: 480}];

/** What the banner's closed shadow root holds: its role and its buttons' classes, read over CDP. */
async function bannerParts(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const {root} = await cdp.send('DOM.getDocument', {depth: -1, pierce: true});
    const out = {role: null, buttons: [], glyphs: []};
    const walk = (n, inBanner) => {
      const a = Object.fromEntries((n.attributes ?? []).reduce((acc, v, i, all) =>
        (i % 2 ? acc : [...acc, [v, all[i + 1]]]), []));
      const here = inBanner || a.id === 'sauatty-banner';
      if (here && a.role && !out.role) out.role = a.role;
      if (here && n.nodeName === 'BUTTON') out.buttons.push(a.class);
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c, here);
    };
    walk(root, false);
    return out;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** True when the centre of `selector`'s box is the element itself (or inside it), not something over it. */
function centreVisible(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {ok: Boolean(hit) && (hit === el || el.contains(hit)), hit: hit?.id || hit?.localName, y};
  }, selector);
}

describe('Chromium: the banner on real-looking pages', {skip}, () => {
  let browser;  // H.chromiumSession: Chromium, the fixture server, an extension page to ask from

  before(async () => {
    browser = await H.chromiumSession({hostBinary: host});
  });

  after(async () => {
    await browser?.close();
  });

  const tabState = (tabId) => browser.tabState(tabId);
  const setLanguage = (lang) => browser.setLanguage(lang);

  async function open(url, size = SIZES[0]) {
    const page = await browser.context.newPage();
    await page.setViewportSize(size);
    await page.goto(url);
    return page;
  }

  for (const [name, url, header] of [['a fixed header', FIXED, '#fixed'], ['a sticky navigation bar', STICKY, '#sticky']]) {
    test(`the banner covers neither the headline nor ${name}, at 1280×800 and 853×480`, cred, async () => {
      for (const size of SIZES) {
        const page = await open(url, size);
        await page.waitForSelector('#sauatty-banner[data-level="warning"][data-kind="banner"]', {timeout: 10000});
        await page.waitForLoadState('load');
        await page.waitForTimeout(400);  // the re-scan after load
        const banner = await page.$eval('#sauatty-banner', (b) => b.getBoundingClientRect().height);
        // Compact: one line (a line of 14 px text, its buttons and padding).
        assert.ok(banner > 0 && banner <= 44, `banner height ${banner}px at ${size.width}px is one line`);
        for (const sel of ['h1', header]) {
          const c = await centreVisible(page, sel);
          assert.ok(c.ok, `${sel} centre at y=${c.y} is covered by ${c.hit} (${size.width}×${size.height})`);
        }
        await page.screenshot({path: H.screenshotPath(`page-${header.slice(1)}-${size.width}-en`)});
        await page.close();
      }
    });
  }

  test('the reasons are one click away, and the page moves down when they open', cred, async () => {
    const page = await open(FIXED, SIZES[1]);
    await page.waitForSelector('#sauatty-banner', {timeout: 10000});
    const before = await page.$eval('#sauatty-banner', (b) => b.getBoundingClientRect().height);
    await H.clickInClosedShadow(page, 'sauatty-banner', 'why');
    await H.waitFor(async () => (await page.$eval('#sauatty-banner', (b) => b.getBoundingClientRect().height)) > before,
                    'the reasons open');
    assert.match((await H.closedShadowText(page, 'sauatty-banner')).text, /differs from tengrinews\.kz|imitates tengrinews\.kz/);
    await page.waitForTimeout(400);
    for (const sel of ['h1', '#fixed']) assert.ok((await centreVisible(page, sel)).ok, `${sel} still visible`);
    await page.screenshot({path: H.screenshotPath('page-fixed-reasons-en')});
    await page.close();
  });

  test('the banner is the first Tab stop and a warning is an alert', cred, async () => {
    const page = await open(STICKY);
    await page.waitForSelector('#sauatty-banner', {timeout: 10000});
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sauatty-banner');
    const parts = await bannerParts(page);
    assert.equal(parts.role, 'alert');
    assert.deepEqual(parts.buttons, ['why', 'details', 'dismiss']);
    await page.close();
  });

  test('caution: a notice on the first page of a site in the session, then badge and popup only', cred, async () => {
    const first = await open(RT);
    await first.waitForSelector('#sauatty-banner[data-level="caution"][data-kind="notice"]', {timeout: 10000});
    assert.equal((await bannerParts(first)).role, 'status');
    await first.close();
    const again = await open(RT2);
    const tabId = await H.tabIdOf(browser.worker, RT2);
    const s = await H.waitFor(async () => {
      const x = await tabState(tabId);
      return x.tab?.checked && x;
    }, 'the verdict on the second page');
    assert.equal(s.tab.credibility.level, 'caution');
    await again.waitForLoadState('load');
    await again.waitForTimeout(300);
    assert.equal(await again.locator('#sauatty-banner').count(), 0, 'no notice on the second page');
    assert.equal((await H.badge(browser.worker, tabId)).color.join(','), '180,83,9,255', 'amber badge');
    await again.close();
  });

  test('satire says its stories are jokes', cred, async () => {
    const page = await open(ONION);
    await page.waitForSelector('#sauatty-banner[data-kind="notice"]', {timeout: 10000});
    assert.match((await H.closedShadowText(page, 'sauatty-banner')).text, /the stories here are jokes/);
    await page.close();
  });

  test('the banner in en, ru and kk at 853×480 (screenshots)', cred, async (t) => {
    const started = Date.now();
    const titles = {en: /Warning/, ru: /Предупреждение/, kk: /Ескерту/};
    try {
      for (const lang of ['en', 'ru', 'kk']) {
        await setLanguage(lang);
        const page = await open(FIXED, SIZES[1]);
        await page.waitForSelector('#sauatty-banner', {timeout: 10000});
        assert.match((await H.closedShadowText(page, 'sauatty-banner')).text, titles[lang]);
        const height = await page.$eval('#sauatty-banner', (b) => b.getBoundingClientRect().height);
        assert.ok(height <= 44, `${lang}: one line (${height}px)`);
        await page.screenshot({path: H.screenshotPath(`page-fixed-853-${lang}`)});
        await page.close();
        t.diagnostic(`${lang} done after ${Date.now() - started} ms`);
      }
    } finally {
      await setLanguage('auto');
    }
  });

  test('a single-page app: pushState sends the new address and metadata', async () => {
    const page = await open(SPA);
    const tabId = await H.tabIdOf(browser.worker, SPA);
    const first = await H.waitFor(async () => {
      const x = await tabState(tabId);
      return x.tab?.checked && x.tab.url === SPA && x;
    }, 'the first article checked');
    assert.deepEqual(first.tab.credibility.signals, [], 'the first article raises nothing');
    await page.click('#next');
    // The second article's clickbait title is a page signal: its metadata was read and sent again.
    const second = await H.waitFor(async () => {
      const x = await tabState(tabId);
      return x.tab?.checked && x.tab.url.endsWith('/story/2') && x.tab.credibility.signals.includes('clickbait_title') && x;
    }, 'the second article checked with its own metadata');
    assert.equal(second.tab.credibility.level, 'info');
    assert.ok(second.tab.counts.requests >= first.tab.counts.requests, 'what the document loaded stays counted');
    await page.close();
  });

  test('links behind redirectors are marked; the menu is not; marks explain themselves', cred, async () => {
    const page = await open(GOOGLE);
    const markAfter = (id) => page.locator(`#${id} + sauatty-mark`);
    const expected = {'g-google': 'warning', 'g-yandex': 'warning', 'g-facebook': 'caution',
                      'g-vk': 'warning', 'g-telegram': 'caution'};
    for (const [id, level] of Object.entries(expected)) {
      await H.waitFor(async () => (await markAfter(id).count()) === 1, `a mark after ${id}`).catch(async (e) => {
        throw new Error(`${e.message}; marks: ${await page.locator('sauatty-mark').count()}, url ${page.url()}, banner ${await page.locator('#sauatty-banner').count()}`);
      });
      assert.equal(await markAfter(id).getAttribute('data-level'), level, id);
      assert.ok((await markAfter(id).getAttribute('aria-label')).length > 10, `${id} has a name`);
    }
    assert.equal(await markAfter('g-reuters').count(), 0, 'a reputable site behind a redirect is not marked');
    assert.equal(await markAfter('n-rt').count(), 0, 'no marks in the page\'s own navigation');
    assert.match(await markAfter('g-google').getAttribute('aria-label'), /abcnews\.com|Fabricated news/);
    assert.match(await markAfter('g-telegram').getAttribute('aria-label'), /satire/);
    // Focusable, and focus shows the explanation.
    await markAfter('g-google').focus();
    assert.equal(await markAfter('g-google').getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'sauatty-mark');
    // The legend shows the first time marks appear in the session.
    await page.waitForSelector('#sauatty-legend', {timeout: 5000});
    await page.screenshot({path: H.screenshotPath('links-redirects-en')});
    await page.close();
    const again = await open(GOOGLE);
    await again.waitForSelector('#g-google + sauatty-mark', {timeout: 10000});
    await again.waitForTimeout(300);
    assert.equal(await again.locator('#sauatty-legend').count(), 0, 'the legend shows once a session');
    await again.close();
  });

  test('the popup is pushed updates, and speaks Kazakh without Intl (country, list names)', async () => {
    const page = await browser.context.newPage();
    const start = 'https://www.reuters.com/world/';
    await page.goto(start);
    const tabId = await H.tabIdOf(browser.worker, start);
    const popup = await H.openPopup(browser.context, tabId);
    try {
      await setLanguage('kk');
      await page.goto(STICKY);
      // No reload of the popup: the new page's trackers arrive over its port.
      await popup.waitForSelector('#trackers-count[data-count="1"]', {timeout: 15000});
      await popup.waitForSelector('html[lang="kk"]');
      const text = await popup.textContent('main');
      assert.match(text, /Елі: Ресей/, 'the country in Kazakh');
      assert.doesNotMatch(text, /sauatty-false-news|Russia/);
      if (features.credibility) assert.match(text, /Тізім: Sauatty: ойдан шығарылған жаңалықтар/);
      await popup.screenshot({path: H.screenshotPath('popup-pushed-kk'), fullPage: true});
    } finally {
      await setLanguage('auto');
      await popup.close();
      await page.close();
    }
  });
});

// The first page after a browser start, with a fresh profile: the page is
// opened the moment the browser is up, while the extension's service worker
// is still starting.
describe('Chromium: the first page after a start, fresh profile', {skip}, () => {
  let server;

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
  });

  after(async () => {
    await server?.close();
  });

  test('every tracker is counted and the banner comes, in every run', cred, async (t) => {
    const RUNS = Number(process.env.SAUATTY_FIRST_RUNS ?? 3);
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      const profile = H.tempDir('sauatty-first-');
      H.registerHost(profile, host);
      const context = await chromium.launchPersistentContext(profile, H.chromiumOptions({
        resolverRules: server.resolverRules, viewport: {width: 1280, height: 800}}));
      // At once, without waiting for the extension's service worker to start.
      const loading = context.pages()[0].goto(FIXED);
      try {
        const worker = context.serviceWorkers().find((w) => w.url().startsWith(H.EXTENSION_ORIGIN)) ??
            await context.waitForEvent('serviceworker', {predicate: (w) => w.url().startsWith(H.EXTENSION_ORIGIN)});
        const page = await H.waitFor(() => context.pages().find((p) => p.url() === FIXED), 'the start page');
        const tabId = await H.tabIdOf(worker, FIXED);
        await page.waitForSelector('#sauatty-banner[data-level="warning"]', {timeout: 15000}).catch(async (e) => {
          const helper = await context.newPage();
          await helper.goto(`${H.EXTENSION_ORIGIN}popup.html?tab=-1`);
          const s = await H.askBackground(helper, {type: 'popup-state', tab: tabId});
          throw new Error(`run ${run}: ${e.message}; state ${JSON.stringify(s)}`);
        });
        await H.waitFor(async () => (await H.badge(worker, tabId)).text === '2', `run ${run}: badge "2"`, 15000)
            .catch(async (e) => {
              throw new Error(`${e.message}; badge ${JSON.stringify(await H.badge(worker, tabId))}`);
            });
        times.push(Number(await page.getAttribute('html', 'data-banner-at')));
      } finally {
        await loading.catch(() => {});
        await context.close().catch(() => {});
        fs.rmSync(profile, {recursive: true, force: true});
      }
    }
    t.diagnostic(`banner after navigation start, first page after a start (ms): ${times.join(', ')}`);
  });
});
