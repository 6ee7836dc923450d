// Host and extension of different package versions, end to end: the real
// host with the Chrome package (extension/build.mjs) restamped with an
// older, then a newer version, in headless Chromium. The popup names the
// one to update (the older), in the language the browser asks for, and
// the extension still works (same protocol).

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

import {build} from '../../extension/build.mjs';
import * as H from './lib/harness.mjs';

const host = H.hostPath();
const skip = host ? false : H.HOST_MISSING_MESSAGE;
const hostVersion = host ? execFileSync(host, ['--version'], {encoding: 'utf8'}).match(/^sauatty-host (\S+)/)[1] : '0';
const MESSAGES = Object.fromEntries(['en', 'ru', 'kk'].map((lang) => [lang, JSON.parse(
    fs.readFileSync(path.join(H.EXTENSION_DIR, '_locales', lang, 'messages.json'), 'utf8'))]));
const expected = (lang, key, extensionVersion) =>
  MESSAGES[lang][key].message.replace('$1', hostVersion).replace('$2', extensionVersion);

describe('a host and an extension of different versions', {skip}, () => {
  let out;
  before(() => {
    out = H.tempDir('sauatty-mismatch-');
    build(out);
  });
  after(() => fs.rmSync(out, {recursive: true, force: true}));

  /** The Chrome package stamped `version`, in its own folder. */
  function packageWithVersion(version) {
    const dir = path.join(out, `chrome-${version}`);
    fs.cpSync(path.join(out, 'chrome'), dir, {recursive: true});
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.version = version;
    fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
    return dir;
  }

  const major = Number(hostVersion.split('.')[0]);
  const cases = [
    {what: 'an older extension', version: '0.0.0.1', update: 'extension', key: 'host_update_extension',
     lang: 'en-US', shown: 'en'},
    {what: 'an older host', version: `${major + 1}.0.0`, update: 'host', key: 'host_update_host',
     lang: 'kk', shown: 'kk'},
  ];
  for (const c of cases) {
    test(`${c.what}: the popup says to update the ${c.update === 'host' ? 'helper program' : 'extension'} (${c.shown}, then ru)`, async () => {
      assert.notEqual(c.version, hostVersion);
      const browser = await H.launchChromium({hostBinary: host, resolverRules: 'MAP * ~NOTFOUND', lang: c.lang,
                                              extensionDir: packageWithVersion(c.version)});
      try {
        const blank = await browser.context.newPage();  // the popup needs a tab to describe
        await blank.goto('about:blank');
        const popup = await H.openPopup(browser.context, await H.tabIdOf(browser.worker, 'about:blank'));
        const notice = await popup.waitForSelector('#host-status[data-state="version_mismatch"]', {timeout: 15000});
        assert.equal(await notice.getAttribute('data-update'), c.update);
        assert.equal((await notice.textContent()).trim(), expected(c.shown, c.key, c.version));
        // It still works: the host answered hello and reports its rules.
        assert.match(await popup.textContent('footer'), new RegExp(hostVersion.replace(/\./g, '\\.')));
        await popup.screenshot({path: H.screenshotPath(`popup-version-${c.update}-${c.shown}`), fullPage: true});
        await popup.selectOption('#lang-select', 'ru');
        await popup.waitForSelector('html[lang="ru"]');
        await popup.waitForFunction((text) => document.querySelector('#host-status')?.textContent.trim() === text,
                                    expected('ru', c.key, c.version));
      } finally {
        await browser.close();
      }
    });
  }
});
