// Records native-host/dashboard/examples/workshop-example.har: headless
// Chromium (Playwright's recordHar, no extension) opens the project's own
// fixture pages (tests/e2e/lib/server.mjs: a local news site with three
// trackers, an article, others) served on 127.0.0.1 under their host names.
// Nothing leaves the machine. Run again when the fixture pages change:
//   node tests/dashboard/record_example_har.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createRequire} from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(path.join(root, 'tests', 'e2e', 'package.json'));
const {chromium} = require('playwright-core');
const {startFixtureServer, SITES} = await import(path.join(root, 'tests', 'e2e', 'lib', 'server.mjs'));

const out = path.join(root, 'native-host', 'dashboard', 'examples', 'workshop-example.har');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sauatty-har-'));
const server = await startFixtureServer(dir);
// Pages that load trackers, and two that load none.
const pages = ['www.sauatty-fixture-news.kz', 'tengrinevvs.kz', 'abcnews.com.co', 'spa.sauatty-fixture-news.kz',
  'www.sauatty-fixture-article.kz', 'www.reuters.com'].filter((host) => SITES[host]);
try {
  const browser = await chromium.launch({
    executablePath: process.env.SAUATTY_CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--host-resolver-rules=${server.resolverRules}`,
      '--ignore-certificate-errors', '--disable-features=HttpsUpgrades'],
  });
  const context = await browser.newContext({recordHar: {path: out, content: 'omit'}, ignoreHTTPSErrors: true});
  // One tab per page, as a person opens them: DevTools (and so the HAR)
  // gives each its own page entry.
  for (const host of pages) {
    const page = await context.newPage();
    await page.goto(`https://${host}/`, {waitUntil: 'load'});
    await page.waitForTimeout(300);
  }
  await context.close();
  await browser.close();
} finally {
  await server.close();
  fs.rmSync(dir, {recursive: true, force: true});
}
const har = JSON.parse(fs.readFileSync(out, 'utf8'));
// Pretty-printed, so that a change shows in a diff.
fs.writeFileSync(out, JSON.stringify(har, null, 1) + '\n');
console.log(`${out}: ${har.log.entries.length} entries, ${har.log.pages.length} pages`);
