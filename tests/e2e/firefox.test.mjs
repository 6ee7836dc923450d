// End-to-end smoke test in headless Firefox ESR with the real host: the
// first-run consent (en, ru, kk), consent pre-set by policy, and pages
// checked through the native port (Firefox starts the host with the
// manifest path and the add-on id, not Chrome's origin).

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {firefoxAvailable, FIREFOX_ORIGIN, launchFirefox} from './lib/firefox.mjs';
import * as H from './lib/harness.mjs';
import {startFixtureServer, TRACKERS} from './lib/server.mjs';

const host = H.hostPath();
const skip = !host ? H.HOST_MISSING_MESSAGE
  : !firefoxAvailable() ? 'firefox-esr is not installed (apt-get install -y firefox-esr)' : false;
const features = host ? H.hostFeatures(host) : {};
const NEWS = 'https://www.sauatty-fixture-news.kz/';
const LOOKALIKE = 'https://bbc.com.co-news.info/world';

// Polls rather than page.waitForSelector, whose BiDi implementation can miss
// a change in a background tab.
const waitForBanner = (page, level) => H.waitFor(
    () => page.evaluate((l) => document.getElementById('sauatty-banner')?.dataset.level === l, level),
    `a ${level} banner`);

describe('Firefox ESR, first run', {skip}, () => {
  let server;
  let ff;
  let ext;  // the consent page's browsing context: an extension page to ask from

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
    ff = await launchFirefox({hostBinary: host, server});
  });

  after(async () => {
    await ff?.close();
    await server?.close();
  });

  const popupState = (url) => ff.evaluate(ext, `browser.runtime.sendMessage({type: 'popup-state', url: ${JSON.stringify(url)}})`);

  test('asks for consent on first run, in English, Russian and Kazakh', async () => {
    ext = await ff.extensionContext('consent.html');
    const state = await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'consent-state'})");
    assert.equal(state.consent, 'needed');
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.ready === 'true'"), 'the consent page');
    const texts = {
      en: /Nothing leaves this computer/,
      ru: /Ничего не покидает этот компьютер/,
      kk: /Ештеңе осы компьютерден шықпайды/,
    };
    for (const lang of ['en', 'ru', 'kk']) {
      await ff.evaluate(ext, `(() => { const s = document.getElementById('lang-select'); s.value = '${lang}'; s.dispatchEvent(new Event('change')); })()`);
      await H.waitFor(() => ff.evaluate(ext, `document.documentElement.lang === '${lang}'`), `the consent page in ${lang}`);
      assert.match(await ff.evaluate(ext, "document.querySelector('main').innerText"), texts[lang]);
      await ff.screenshot(ext, H.screenshotPath(`firefox-consent-${lang}`), {width: 720, height: 560});
    }
    await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'set-language', value: 'auto'})");
    // Nothing is checked before the user agrees.
    assert.equal((await popupState(NEWS)).consent, 'needed');
  });

  test('after consent, pages are checked through the real host', async () => {
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.ready === 'true' && !!document.getElementById('allow')"), 'the allow button');
    await ff.evaluate(ext, "document.getElementById('allow').click()");
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.consent === 'granted'"), 'consent recorded');
    const page = await ff.browser.newPage();
    await page.goto(NEWS);
    const state = await H.waitFor(async () => {
      const s = await popupState(NEWS);
      return s.tab?.checked && s.tab.counts.requests >= TRACKERS.length && s;
    }, 'the page and its requests decided by the host');
    assert.equal(state.host.state, 'connected', JSON.stringify(state.host));
    assert.equal(state.tab.credibility.level, 'none');
    // The first page of a fresh profile, right after consent (the host is
    // started by it): every tracker is counted, none is lost on the way.
    if (features.trackers) {
      const counted = await H.waitFor(async () => {
        const s = await popupState(NEWS);
        return s.waiting === 0 && s.tab?.counts.undecided === 0 && s.tab.counts.trackers === TRACKERS.length && s;
      }, `all ${TRACKERS.length} trackers of the first page`).catch(async (e) => {
        throw new Error(`${e.message}; state ${JSON.stringify((await popupState(NEWS)).tab?.counts)}`);
      });
      assert.deepEqual(counted.tab.companies.flatMap((c) => c.domains.map((d) => d.domain)).sort(),
                       TRACKERS.map((t) => t.domain).sort());
    }
    await page.close();
  });

  test('the popup in Firefox counts the trackers', H.needs(features, 'trackers'), async () => {
    const page = await ff.browser.newPage();
    await page.goto(NEWS);
    await H.waitFor(async () => (await popupState(NEWS)).tab?.counts.trackers === TRACKERS.length,
                    `${TRACKERS.length} trackers`);
    await ff.evaluate(ext, `(location.href = ${JSON.stringify(`${FIREFOX_ORIGIN}popup.html?url=${encodeURIComponent(NEWS)}`)}, true)`);
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.ready === 'true' && !!document.getElementById('trackers-count')"), 'the popup');
    assert.equal(await ff.evaluate(ext, "document.getElementById('trackers-count').dataset.count"), String(TRACKERS.length));
    await ff.screenshot(ext, H.screenshotPath('firefox-popup-en'));
    await page.close();
  });

  test('a flagged source gets the banner in Firefox', H.needs(features, 'credibility'), async () => {
    const page = await ff.browser.newPage();
    await page.goto(LOOKALIKE);
    await waitForBanner(page, 'warning');
    await page.close();
  });
});

describe('Firefox ESR, consent and language set by policy', {skip}, () => {
  let server;
  let ff;

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
    ff = await launchFirefox({hostBinary: host, server, managed: {dataConsent: true, language: 'kk'}});
  });

  after(async () => {
    await ff?.close();
    await server?.close();
  });

  test('no consent page opens when the administrator consented', async () => {
    await new Promise((r) => setTimeout(r, 3000));
    const pages = (await ff.contexts()).map((c) => c.url);
    assert.equal(pages.some((u) => u.includes('consent.html')), false, pages.join(', '));
  });

  test('the policy\'s language is used in the page banner', H.needs(features, 'credibility'), async () => {
    const page = await ff.browser.newPage();
    await page.goto(LOOKALIKE);
    await waitForBanner(page, 'warning');
    await page.screenshot({path: H.screenshotPath('firefox-banner-kk')});
    await page.close();
  });
});

describe('Firefox ESR, the banner on real-looking pages', {skip}, () => {
  let server;
  let ff;
  const FIXED = 'https://tengrinevvs.kz/';  // lookalike (warning), fixed header
  const STICKY = 'https://abcnews.com.co/politics/story';  // fabricated (warning), sticky nav

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
    ff = await launchFirefox({hostBinary: host, server, managed: {dataConsent: true}});
  });

  after(async () => {
    await ff?.close();
    await server?.close();
  });

  test('the first page after install gets its banner', H.needs(features, 'credibility'), async () => {
    const page = await ff.browser.newPage();
    await page.goto(FIXED);
    await waitForBanner(page, 'warning');
    await page.close();
  });

  for (const [url, header] of [[FIXED, '#fixed'], [STICKY, '#sticky']]) {
    test(`the banner covers neither the headline nor ${header}, at 1280×800 and 853×480`,
         H.needs(features, 'credibility'), async () => {
      for (const size of [{width: 1280, height: 800}, {width: 853, height: 480}]) {
        const page = await ff.browser.newPage();
        await page.setViewport(size);
        await page.goto(url);
        await waitForBanner(page, 'warning');
        await new Promise((r) => setTimeout(r, 500));  // the re-scan after load
        const height = await page.evaluate(() => document.getElementById('sauatty-banner').getBoundingClientRect().height);
        assert.ok(height > 0 && height <= 44, `one line (${height}px at ${size.width}px)`);
        for (const sel of ['h1', header]) {
          const c = await page.evaluate((s) => {
            const el = document.querySelector(s);
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {ok: Boolean(hit) && (hit === el || el.contains(hit)), hit: hit?.id || hit?.localName};
          }, sel);
          assert.ok(c.ok, `${sel} covered by ${c.hit} at ${size.width}×${size.height}`);
        }
        await page.screenshot({path: H.screenshotPath(`firefox-page-${header.slice(1)}-${size.width}`)});
        await page.close();
      }
    });
  }

  test('the banner is the first Tab stop', H.needs(features, 'credibility'), async () => {
    const page = await ff.browser.newPage();
    await page.goto(STICKY);
    await waitForBanner(page, 'warning');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sauatty-banner');
    await page.close();
  });
});

describe('Firefox ESR, public-PC mode set by policy', {skip}, () => {
  let server;
  let ff;

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
    // No consent in the policy: the first-run consent page opens, an extension page to ask from.
    ff = await launchFirefox({hostBinary: host, server, managed: {publicPc: true, idleMinutes: 5, workshopView: false}});
  });

  after(async () => {
    await ff?.close();
    await server?.close();
  });

  test('a patron\'s language lives in session memory only, and the popup says so', async () => {
    const ext = await ff.allow();
    const page = await ff.browser.newPage();
    await page.goto(LOOKALIKE);
    await H.waitFor(async () => (await ff.evaluate(ext, `browser.runtime.sendMessage({type: 'popup-state', url: ${JSON.stringify(LOOKALIKE)}})`)).tab?.checked, 'the page checked');
    await ff.evaluate(ext, `(location.href = ${JSON.stringify(`${FIREFOX_ORIGIN}popup.html?url=${encodeURIComponent(LOOKALIKE)}`)}, true)`);
    await H.waitFor(() => ff.evaluate(ext, "document.body.dataset.ready === 'true' && !!document.getElementById('page')"), 'the popup');
    assert.match(await ff.evaluate(ext, "document.getElementById('public-pc')?.textContent ?? ''"), /Public computer/);
    await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'set-language', value: 'kk'})");
    const stored = await ff.evaluate(ext, "Promise.all([browser.storage.local.get('language'), browser.storage.session.get('language')])");
    assert.deepEqual(stored, [{}, {language: 'kk'}], 'the choice is not on disk');
    const state = await ff.evaluate(ext, `browser.runtime.sendMessage({type: 'popup-state', url: ${JSON.stringify(LOOKALIKE)}})`);
    assert.equal(state.publicPc, true);
    assert.equal(state.lang, 'kk');
    await page.close();
  });

  test('the administrator forbade the workshop view: the switch is disabled and says why', async () => {
    const ext = await ff.extensionContext('popup.html');
    // Drawn again from the start (the old document is marked, so that the wait cannot end on it).
    await ff.evaluate(ext, '(globalThis.oldDocument = true, location.reload(), true)');
    await H.waitFor(() => ff.evaluate(ext, "!globalThis.oldDocument && document.body?.dataset.ready === 'true' && !!document.getElementById('workshop-switch')"),
                    'the popup with the workshop switch');
    const shown = await ff.evaluate(ext, `(() => {
      const b = document.getElementById('workshop-switch');
      return {disabled: b.disabled, checked: b.getAttribute('aria-checked'),
              state: document.getElementById('workshop').dataset.state,
              reason: document.getElementById('workshop-reason')?.textContent};
    })()`);
    // The patron chose Kazakh in the test before.
    assert.deepEqual(shown, {disabled: true, checked: 'false', state: 'blocked',
                             reason: 'Әкімші бұл компьютерде семинар режимін өшірген.'});
    // Asked anyway (a page script cannot, but the popup's message can be sent): refused, nothing starts.
    const answer = await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'workshop', action: 'start'})");
    assert.equal(answer.workshop.error.code, 'forbidden');
    assert.equal(answer.workshop.running, false);
    await ff.screenshot(ext, H.screenshotPath('firefox-popup-workshop-forbidden-kk'), {width: 420, height: 1000});
  });
});

// idleMinutes is at least 1: this suite waits a little over a minute.
describe('Firefox ESR, public-PC mode: a minute idle forgets the patron', {skip}, () => {
  let server;
  let ff;
  const SEARCH = 'https://search.sauatty-fixture.kz/?q=news';  // flagged links: marks and the legend

  before(async () => {
    server = await startFixtureServer(H.tempDir('sauatty-fixtures-'));
    ff = await launchFirefox({hostBinary: host, server, managed: {publicPc: true, idleMinutes: 1}});
  });

  after(async () => {
    await ff?.close();
    await server?.close();
  });

  test('the language picked and the legend shown are forgotten after idleMinutes without input',
       H.needs(features, 'credibility'), async () => {
    const ext = await ff.allow();
    const session = () => ff.evaluate(ext, "browser.storage.session.get(['language', 'legend'])");
    // The patron picks Kazakh and sees link marks with their legend.
    await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'set-language', value: 'kk'})");
    const page = await ff.browser.newPage();
    await page.goto(SEARCH);
    await H.waitFor(async () => (await session()).legend?.includes('shown'), 'the legend shown (storage.session)');
    assert.deepEqual(await session(), {language: 'kk', legend: ['shown']});
    // Nobody has touched this browser, so it turns idle 60 s after it started; the choices
    // must have been made before then for this test to mean anything.
    assert.equal(await ff.evaluate(ext, 'browser.idle.queryState(60)'), 'active',
                 'the setup took over a minute: the idle reset came before the patron chose');
    await page.close();
    await H.waitFor(async () => {
      const s = await session();
      return !s.language && !s.legend;
    }, 'the patron\'s choices forgotten', 90000, 1000);
    const state = await ff.evaluate(ext, "browser.runtime.sendMessage({type: 'popup-state'})");
    assert.equal(state.lang, 'en', 'the language is the browser\'s again');
  });
});
