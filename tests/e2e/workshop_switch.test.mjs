// The popup's "Workshop view" switch in headless Chromium, with the real
// extension and the real host: switching it on asks the host (over the
// extension's own native port) to start its workshop server, the page
// opens in a new tab and fills with what the browser loads; the popup says
// so in the user's language; switching it off closes the server. A host
// that cannot open the page's port shows its reason in the popup.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

import * as H from './lib/harness.mjs';

const host = H.hostPath();
const skip = host ? false : H.HOST_MISSING_MESSAGE;
const features = host ? H.hostFeatures(host) : {};
const workshop = H.needs(features, 'workshop');
const NEWS = 'https://www.sauatty-fixture-news.kz/';
const WORKSHOP_URL = /^http:\/\/127\.0\.0\.1:(\d+)\/\?t=[0-9a-f]{32}&lang=(en|ru|kk)$/;

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({host: '127.0.0.1', port});
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function switchState(popup) {
  return popup.$eval('#workshop-switch', (b) => ({checked: b.getAttribute('aria-checked'), text: b.textContent,
                                                  disabled: b.disabled}));
}

describe('Chromium: the popup\'s workshop switch', {skip}, () => {
  let browser;  // H.chromiumSession

  before(async () => {
    browser = await H.chromiumSession({hostBinary: host});
  });

  after(async () => {
    await browser?.close();
  });

  test('on opens the live workshop page, which fills as pages load; off closes it', workshop, async () => {
    const page = await browser.context.newPage();
    await page.goto(NEWS);
    const tabId = await H.tabIdOf(browser.worker, NEWS);
    const popup = await H.openPopup(browser.context, tabId);
    await popup.waitForSelector('#workshop-switch');
    assert.deepEqual(await switchState(popup), {checked: 'false', text: 'Off', disabled: false},
                     'off until someone switches it on');
    assert.equal(await popup.textContent('#workshop-title'), 'Workshop view');

    await popup.click('#workshop-switch');
    // The background opens it in a new tab (the popup of a real toolbar click would close then).
    const view = await H.waitFor(() => browser.context.pages().find((p) => p.url().startsWith('http://127.0.0.1:')),
                                 'the workshop page in a new tab');
    const errors = [];
    view.on('pageerror', (e) => errors.push(String(e)));
    view.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const [, port, lang] = view.url().match(WORKSHOP_URL) ?? [];
    assert.ok(port, `the workshop page's address: ${view.url()}`);
    assert.equal(lang, 'en', 'in the popup\'s language');
    await view.waitForSelector('#companies', {timeout: 15000});
    assert.ok(await listening(Number(port)));
    await H.waitFor(async () => (await switchState(popup)).checked === 'true', 'the switch shows On');
    assert.equal((await switchState(popup)).text, 'On');
    assert.equal(await popup.getAttribute('#workshop-open', 'href'), view.url());

    // Live: a page with three trackers, loaded after the switch, reaches the map's table.
    const again = await browser.context.newPage();
    await again.goto(`${NEWS}?again=1`);
    await view.waitForFunction(() => {
      const names = [...document.querySelectorAll('#companies tbody tr')].map((tr) => tr.cells[0].textContent);
      return ['Google', 'Yandex', 'Meta'].every((n) => names.includes(n));
    }, null, {timeout: 15000});
    // The map too (drawn when its tab is in front: a background tab gets no animation frames).
    await view.bringToFront();
    await view.waitForFunction(() => document.getElementById('map-panel')?.dataset.companies === '3', null,
                               {timeout: 15000}).catch(async (e) => {
      throw new Error(`${e.message}; map ${JSON.stringify(await view.evaluate(() => ({...document.getElementById('map-panel')?.dataset})))}; errors ${errors.join(' | ')}`);
    });
    await view.screenshot({path: H.screenshotPath('workshop-live-en')});
    await popup.screenshot({path: H.screenshotPath('popup-workshop-on-en'), fullPage: true});

    // The popup in Russian and in Kazakh: its words, and the page's address
    // asks for that language (same server, same token).
    for (const [lang, title, on] of [['ru', 'Режим семинара', 'Вкл.'], ['kk', 'Семинар режимі', 'Қосулы']]) {
      await browser.setLanguage(lang);
      await popup.reload();
      await popup.waitForSelector(`html[lang="${lang}"]`);
      await H.waitFor(async () => (await popup.getAttribute('#workshop-open', 'href'))?.endsWith(`&lang=${lang}`),
                      `the workshop link in ${lang}`);
      const link = await popup.getAttribute('#workshop-open', 'href');
      assert.equal(link.replace(`&lang=${lang}`, ''), view.url().replace(/&lang=en$/, ''));
      assert.equal(await popup.textContent('#workshop-title'), title);
      assert.equal((await switchState(popup)).text, on);
      await popup.screenshot({path: H.screenshotPath(`popup-workshop-on-${lang}`), fullPage: true});
    }
    await browser.setLanguage('auto');
    await popup.reload();
    await popup.waitForSelector('#workshop-switch');

    // Off: the server is gone, the popup says Off.
    await popup.click('#workshop-switch');
    await H.waitFor(async () => (await switchState(popup)).checked === 'false', 'the switch shows Off');
    assert.equal(await listening(Number(port)), false, 'the workshop server no longer listens');
    assert.equal(await popup.locator('#workshop-open').count(), 0);
    assert.equal(await popup.locator('#workshop-error').count(), 0);
    for (const p of [popup, view, page, again]) await p.close();
  });
});

describe('Chromium: the workshop switch when the host cannot open the page', {skip}, () => {
  let browser;
  let blocker;  // holds the one port the host is told to use
  let dir;

  before(async () => {
    blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    // An administrator may fix the port (`--dashboard-port`, docs/PROTOCOL.md): here one already taken.
    dir = H.tempDir('sauatty-host-wrapper-');
    const wrapper = path.join(dir, 'sauatty-host');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec '${host}' "$@" --dashboard-port ${blocker.address().port}\n`);
    fs.chmodSync(wrapper, 0o755);
    browser = await H.chromiumSession({hostBinary: wrapper});
  });

  after(async () => {
    await browser?.close();
    blocker?.close();
    if (dir) fs.rmSync(dir, {recursive: true, force: true});
  });

  test('the popup shows why it did not start, and the switch stays off', workshop, async () => {
    const page = await browser.context.newPage();
    await page.goto(NEWS);
    const tabId = await H.tabIdOf(browser.worker, NEWS);
    const popup = await H.openPopup(browser.context, tabId);
    await popup.waitForSelector('#workshop-switch');
    await popup.click('#workshop-switch');
    const error = await popup.waitForSelector('#workshop-error', {timeout: 15000});
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await error.getAttribute('data-code'), 'dashboard_failed');
    assert.match(await error.textContent(), /^The workshop view could not be switched: the helper program could not open the page \(.*in use.*\)$/i);
    assert.equal((await switchState(popup)).checked, 'false');
    await popup.screenshot({path: H.screenshotPath('popup-workshop-error-en'), fullPage: true});
    await popup.close();
    await page.close();
  });
});
