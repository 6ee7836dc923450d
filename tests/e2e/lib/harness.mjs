// Shared pieces of the end-to-end tests: where things are, the real host,
// a fresh Chromium profile with the extension and a native-host manifest,
// and small waiting helpers.

import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {chromium} from 'playwright-core';

import {build} from '../../../extension/build.mjs';
import {startFixtureServer} from './server.mjs';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(E2E_DIR, '..', '..');
export const EXTENSION_DIR = path.join(ROOT, 'extension');
export const SCREENSHOTS = path.join(E2E_DIR, 'screenshots');
export const IDENTITY = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'identity.json'), 'utf8'));
export const EXTENSION_ID = IDENTITY.chrome_id;
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
export const CHROMIUM = process.env.SAUATTY_CHROMIUM ?? '/usr/bin/chromium';

// Every host a browser starts here inherits this: no default list downloads,
// no automatic updates, so no test touches the network (docs/LISTS.md).
process.env.SAUATTY_OFFLINE ??= '1';

/** The real host: $SAUATTY_HOST, else where the CMake build puts it. */
export function hostPath() {
  const candidates = process.env.SAUATTY_HOST
    ? [process.env.SAUATTY_HOST]
    : ['build/native-host/app/sauatty-host', 'build/native-host/sauatty-host'].map((p) => path.join(ROOT, p));
  for (const c of candidates) {
    const abs = path.resolve(c);
    if (fs.existsSync(abs)) return abs;
  }
  return null;
}

export const HOST_MISSING_MESSAGE =
    'the native host binary was not found (set SAUATTY_HOST or build it: bash scripts/build.sh); ' +
    'the end-to-end tests need the real host';

/**
 * What the host's embedded rules already know, asked through its `check`
 * command. Tests of annotations the host cannot give yet are marked todo
 * (reported, not failed) until the engine and the rules land; with
 * SAUATTY_E2E_STRICT=1 they must pass.
 */
export function hostFeatures(host) {
  const check = (...args) => {
    try {
      return JSON.parse(execFileSync(host, ['check', ...args, '--json'], {encoding: 'utf8', timeout: 20000}));
    } catch {
      return null;
    }
  };
  const ga = check('https://www.google-analytics.com/analytics.js', '--page', 'https://www.sauatty-fixture-news.kz/',
                   '--type', 'script');
  const rt = check('https://www.rt.com/news/');
  const strict = process.env.SAUATTY_E2E_STRICT === '1';
  return {
    trackers: strict || Boolean(ga?.privacy?.tracker),
    credibility: strict || (rt?.credibility?.level ?? 'none') !== 'none',
    // The popup's workshop switch needs the host's `dashboard` message (docs/PROTOCOL.md).
    workshop: strict || askHost(host, {type: 'dashboard', action: 'status'})?.ok === true,
  };
}

/**
 * Sends `message` to the host in native-messaging mode (the browsers'
 * framing, over pipes) and returns its answer, or null when it gave none.
 */
export function askHost(host, message) {
  const body = Buffer.from(JSON.stringify({id: 1, ...message}));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  try {
    const out = execFileSync(host, [EXTENSION_ORIGIN], {input: Buffer.concat([header, body]), timeout: 20000,
                                                        stdio: ['pipe', 'pipe', 'ignore']});
    return out.length >= 4 ? JSON.parse(out.subarray(4, 4 + out.readUInt32LE(0)).toString('utf8')) : null;
  } catch {
    return null;
  }
}

/** {todo: reason} for node:test when the host lacks a feature, else {}. */
export function needs(features, feature) {
  if (features[feature]) return {};
  if (feature === 'workshop') return {todo: 'this host has no `dashboard` message yet (docs/PROTOCOL.md)'};
  return {todo: `the host's embedded rules give no ${feature} verdicts yet (lands with the ${feature} engine)`};
}

/** Writes the Chromium native-messaging manifest into a profile. */
export function registerHost(profile, hostBinary) {
  const dir = path.join(profile, 'NativeMessagingHosts');
  fs.mkdirSync(dir, {recursive: true});
  fs.writeFileSync(path.join(dir, 'sauatty.json'), JSON.stringify({
    name: 'sauatty',
    description: 'Sauatty native host (test profile)',
    path: hostBinary,
    type: 'stdio',
    allowed_origins: [EXTENSION_ORIGIN],
  }, null, 2));
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let chromePackage = null;

/**
 * The Chrome package as extension/build.mjs makes it from extension/ as it
 * stands (what ships: its background.js is the modules joined into one
 * file), built once per process into a temporary folder removed on exit.
 */
export function chromePackageDir() {
  if (!chromePackage) {
    const out = tempDir('sauatty-package-');
    process.on('exit', () => fs.rmSync(out, {recursive: true, force: true}));
    build(out);
    chromePackage = path.join(out, 'chrome');
  }
  return chromePackage;
}

/**
 * The options of chromium.launchPersistentContext for headless Chromium with
 * the extension (the Chrome package built from extension/, or unpacked from
 * `extensionDir`), the fixture server's host names (`resolverRules`) and
 * `lang` as the browser's language. `env` replaces the browser's
 * environment (and so the host's).
 */
export function chromiumOptions({resolverRules, lang = 'en-US', env, viewport = {width: 1000, height: 640},
                                 extensionDir = chromePackageDir()}) {
  return {
    executablePath: CHROMIUM,
    headless: true,
    ...(env ? {env} : {}),
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport,
    locale: lang,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--load-extension=${extensionDir}`, `--disable-extensions-except=${extensionDir}`,
      `--host-resolver-rules=${resolverRules}`, '--ignore-certificate-errors',
      `--lang=${lang}`,
    ],
  };
}

/**
 * A fresh profile whose native host is `hostBinary`, and Chromium started in
 * it (chromiumOptions). With `keepProfile` close() leaves the profile folder
 * for the caller to read and remove. Returns {context, worker, profile,
 * close()}; throws, saying why, when the extension's service worker does not
 * start.
 */
export async function launchChromium({hostBinary, keepProfile = false, ...options}) {
  const profile = tempDir('sauatty-profile-');
  registerHost(profile, hostBinary);
  const context = await chromium.launchPersistentContext(profile, chromiumOptions(options));
  let worker = context.serviceWorkers().find((w) => w.url().startsWith(EXTENSION_ORIGIN));
  try {
    worker ??= await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(EXTENSION_ORIGIN), timeout: BACKGROUND_START_MS});
  } catch {
    await context.close().catch(() => {});
    if (!keepProfile) fs.rmSync(profile, {recursive: true, force: true});
    throw new Error(`the extension's service worker did not start within ${BACKGROUND_START_MS / 1000} s: ` +
                    BACKGROUND_HINT);
  }
  return {
    context,
    worker,
    profile,
    close: async () => {
      await context.close().catch(() => {});
      if (!keepProfile) fs.rmSync(profile, {recursive: true, force: true});
    },
  };
}

const BACKGROUND_START_MS = 20000;
const BACKGROUND_HINT = 'the background failed to load or threw while starting (a module that does not ' +
    'resolve, an exception at the top level of extension/background.js or background/*.js); load extension/ ' +
    'unpacked in chrome://extensions and read its "Errors"';

/**
 * Asks the background (from an extension page) and fails within `timeoutMs`
 * with the reason when it does not answer: a background that did not start
 * must fail the suite at once, not leave every test waiting.
 */
export async function askBackground(page, message, timeoutMs = 15000) {
  let timer;
  const deadline = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(
        `the extension's background did not answer ${message.type} within ${timeoutMs / 1000} s: ${BACKGROUND_HINT}`)),
    timeoutMs);
  });
  try {
    return await Promise.race([page.evaluate((m) => chrome.runtime.sendMessage(m), message), deadline]);
  } catch (e) {
    if (/Receiving end does not exist|Could not establish connection/.test(String(e?.message))) {
      throw new Error(`the extension's background is not listening (${e.message}): ${BACKGROUND_HINT}`);
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One Chromium session for a suite: the fixture server, Chromium with the
 * extension and the real host (launchChromium's options), and `helper`, an
 * extension page to ask the background from. Throws at once, saying why,
 * when the background does not answer. Returns {server, browser, context,
 * worker, helper, ask(message), tabState(tab), setLanguage(value), close()}.
 */
export async function chromiumSession({hostBinary, ...options}) {
  const server = await startFixtureServer(tempDir('sauatty-fixtures-'));
  let browser = null;
  try {
    browser = await launchChromium({hostBinary, resolverRules: server.resolverRules, ...options});
    const helper = await browser.context.newPage();
    await helper.goto(`${EXTENSION_ORIGIN}popup.html?tab=-1`);
    const ask = (message) => askBackground(helper, message);
    await ask({type: 'popup-state', tab: -1});
    return {
      server, browser, helper, ask,
      context: browser.context,
      worker: browser.worker,
      tabState: (tab) => ask({type: 'popup-state', tab}),
      setLanguage: (value) => ask({type: 'set-language', value}),
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor(fn, what, timeoutMs = 15000, intervalMs = 150) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${String(last?.message ?? last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The id of the tab showing `url` (read in the extension's service worker). */
export function tabIdOf(worker, url) {
  return waitFor(() => worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === u || t.pendingUrl === u)?.id ?? null;
  }, url), `a tab showing ${url}`);
}

export function badge(worker, tabId) {
  return worker.evaluate(async (id) => ({
    text: await chrome.action.getBadgeText({tabId: id}),
    color: await chrome.action.getBadgeBackgroundColor({tabId: id}),
    title: await chrome.action.getTitle({tabId: id}),
  }), tabId);
}

/** Opens popup.html for `tabId` as a page, waits until it has drawn. */
export async function openPopup(context, tabId, {width = 420} = {}) {
  const page = await context.newPage();
  await page.setViewportSize({width, height: 700});
  await page.goto(`${EXTENSION_ORIGIN}popup.html?tab=${tabId}`);
  await page.waitForSelector('body[data-ready="true"]', {timeout: 15000});
  return page;
}

/**
 * The text inside a closed shadow root, read through the DevTools protocol
 * (page scripts cannot; the test can). Returns null when there is no host
 * element with that id.
 */
export async function closedShadowText(page, hostId) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const {root} = await cdp.send('DOM.getDocument', {depth: -1, pierce: true});
    const host = findNode(root, (n) => attr(n, 'id') === hostId);
    if (!host) return null;
    const texts = [];
    const walk = (n) => {
      if (n.nodeName === 'STYLE') return;
      if (n.nodeType === 3) texts.push(n.nodeValue);
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c);
    };
    for (const sr of host.shadowRoots ?? []) walk(sr);
    return {text: texts.join(' ').replace(/\s+/g, ' ').trim(), mode: host.shadowRoots?.[0]?.shadowRootType};
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Clicks an element inside a closed shadow root, found by its class. */
export async function clickInClosedShadow(page, hostId, className) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const {root} = await cdp.send('DOM.getDocument', {depth: -1, pierce: true});
    const host = findNode(root, (n) => attr(n, 'id') === hostId);
    const target = host && findNode(host, (n) => (attr(n, 'class') ?? '').split(' ').includes(className));
    if (!target) throw new Error(`no .${className} in #${hostId}`);
    const {model} = await cdp.send('DOM.getBoxModel', {nodeId: target.nodeId});
    const [x1, y1, , , x3, y3] = model.content;
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function attr(node, name) {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

function findNode(node, pred) {
  if (pred(node)) return node;
  for (const c of [...(node.shadowRoots ?? []), ...(node.children ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) {
    const found = findNode(c, pred);
    if (found) return found;
  }
  return null;
}

const ENGLISH = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, '_locales', 'en', 'messages.json'), 'utf8'));

/** The English words the extension shows for a rating code ("state-controlled"). */
export function englishRating(rating) {
  return ENGLISH[`rating_${rating.replace(/[^A-Za-z0-9]/g, '_')}`]?.message ?? rating;
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, {recursive: true});
  return path.join(SCREENSHOTS, `${name}.png`);
}
