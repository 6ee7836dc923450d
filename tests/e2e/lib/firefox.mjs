// Headless Firefox ESR with the extension, driven over WebDriver BiDi
// (puppeteer-core; Firefox needs no patched build for it). Firefox has no
// --host-resolver-rules: it goes through the fixture server as its HTTP
// proxy instead. Its extension pages cannot be opened by BiDi navigation,
// but a tab the extension opened itself (the first-run consent page) can be
// found in the browsing-context tree and evaluated in: that is how the test
// reads the extension's state.

import fs from 'node:fs';
import path from 'node:path';

import puppeteer from 'puppeteer-core';

import {build} from '../../../extension/build.mjs';
import {IDENTITY, tempDir, waitFor} from './harness.mjs';

export const FIREFOX = process.env.SAUATTY_FIREFOX ?? '/usr/bin/firefox-esr';
// A fixed internal UUID, so that the test knows the extension pages' URLs.
export const FIREFOX_UUID = '6f2c1b9e-3d4a-4c5b-9e8f-0a1b2c3d4e5f';
export const FIREFOX_ORIGIN = `moz-extension://${FIREFOX_UUID}/`;

export function firefoxAvailable() {
  return fs.existsSync(FIREFOX);
}

/**
 * @param {object} o
 * @param {string} o.hostBinary the native host
 * @param {object} o.server the fixture server (its HTTP port is the proxy)
 * @param {object} [o.managed] storage.managed data (an administrator's policy)
 * @param {string} [o.profile] the profile folder, left in place by close()
 *     (else a temporary one that close() removes)
 */
export async function launchFirefox({hostBinary, server, managed, profile}) {
  const dir = tempDir('sauatty-firefox-');
  const home = path.join(dir, 'home');
  const hosts = path.join(home, '.mozilla', 'native-messaging-hosts');
  fs.mkdirSync(hosts, {recursive: true});
  fs.writeFileSync(path.join(hosts, 'sauatty.json'), JSON.stringify({
    name: 'sauatty', description: 'Sauatty native host (test profile)', path: hostBinary, type: 'stdio',
    allowed_extensions: [IDENTITY.gecko_id]}));
  if (managed) {
    // Firefox reads an extension's managed storage from a native manifest of type "storage".
    const storage = path.join(home, '.mozilla', 'managed-storage');
    fs.mkdirSync(storage, {recursive: true});
    fs.writeFileSync(path.join(storage, `${IDENTITY.gecko_id}.json`), JSON.stringify({
      name: IDENTITY.gecko_id, description: 'Sauatty policy (test)', type: 'storage', data: managed}));
  }
  build(path.join(dir, 'pkg'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    ...(profile ? {userDataDir: profile} : {}),
    env: {...process.env, HOME: home},
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({[IDENTITY.gecko_id]: FIREFOX_UUID}),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': server.httpPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': server.httpPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'intl.locale.requested': 'en-US',
      // No HTTP cache on disk: a cache entry is keyed by the address loaded,
      // and the privacy proof (privacy.test.mjs) excuses no file of it.
      'browser.cache.disk.enable': false,
    },
  });
  await browser.installExtension(path.join(dir, 'pkg', 'firefox'));
  const conn = browser.connection;

  async function contexts() {
    const {result} = await conn.send('browsingContext.getTree', {});
    return result.contexts;
  }

  return {
    browser,
    contexts,
    /** The id of a browsing context showing an extension page whose URL contains `part`. */
    extensionContext: (part, timeoutMs = 15000) => waitFor(async () =>
      (await contexts()).find((c) => c.url.startsWith(FIREFOX_ORIGIN) && c.url.includes(part))?.context,
    `an extension page ${part}`, timeoutMs),
    /**
     * Evaluates `expression` (awaiting a promise) in a context; returns a JSON
     * value. Fails after `timeoutMs` rather than waiting for ever on a
     * background that never answers.
     */
    evaluate: async (context, expression, timeoutMs = 20000) => {
      let timer;
      const deadline = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(
            `no answer within ${timeoutMs / 1000} s to ${expression.slice(0, 120)}: the extension's background ` +
            'did not start or does not answer (load build/firefox in about:debugging and read its console)')),
        timeoutMs);
      });
      try {
        const {result} = await Promise.race([conn.send('script.evaluate', {
          expression: `Promise.resolve(${expression}).then((v) => JSON.stringify(v ?? null))`,
          target: {context}, awaitPromise: true, resultOwnership: 'none'}), deadline]);
        if (result.type !== 'success') throw new Error(`evaluate: ${result.exceptionDetails?.text ?? result.type}`);
        return JSON.parse(result.result.value);
      } finally {
        clearTimeout(timer);
      }
    },
    /**
     * Clicks "Allow" on the first-run consent page the extension opened, waits
     * until consent is recorded, and returns that page's context (an
     * extension page to ask the background from).
     */
    async allow() {
      const ext = await this.extensionContext('consent.html');
      await waitFor(() => this.evaluate(ext, "document.body.dataset.ready === 'true' && !!document.getElementById('allow')"),
                    'the allow button');
      await this.evaluate(ext, "document.getElementById('allow').click()");
      await waitFor(() => this.evaluate(ext, "document.body.dataset.consent === 'granted'"), 'consent recorded');
      return ext;
    },
    screenshot: async (context, file, {width = 420, height = 700} = {}) => {
      await conn.send('browsingContext.setViewport', {context, viewport: {width, height}});
      const {result} = await conn.send('browsingContext.captureScreenshot', {context});
      fs.writeFileSync(file, Buffer.from(result.data, 'base64'));
    },
    close: async () => {
      await browser.close().catch(() => {});
      fs.rmSync(dir, {recursive: true, force: true});
    },
  };
}
