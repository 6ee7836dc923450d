import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';

import {build, manifestFor} from '../../extension/build.mjs';

const root = new URL('../../extension/', import.meta.url);
const read = (f) => JSON.parse(fs.readFileSync(new URL(f, root), 'utf8'));
const manifest = read('manifest.json');
const identity = read('identity.json');

test('the manifest carries the fixed identities', () => {
  assert.equal(manifest.key, identity.key);
  assert.equal(manifest.browser_specific_settings.gecko.id, identity.gecko_id);
});

test('the key gives the Chrome ID in identity.json', async () => {
  const {createHash} = await import('node:crypto');
  const hex = createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex').slice(0, 32);
  const id = [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
  assert.equal(id, identity.chrome_id);
});

test('only the permissions docs/EXTENSION.md justifies', () => {
  assert.deepEqual(manifest.permissions.sort(), ['idle', 'nativeMessaging', 'scripting', 'storage', 'tabs', 'webNavigation', 'webRequest']);
  assert.deepEqual(manifest.host_permissions, ['<all_urls>']);
  assert.equal(manifest.permissions.includes('webRequestBlocking'), false);
  const doc = fs.readFileSync(new URL('../../docs/EXTENSION.md', import.meta.url), 'utf8');
  for (const p of [...manifest.permissions, ...manifest.host_permissions]) assert.ok(doc.includes(`\`${p}\``), p);
});

test('every file the manifest names exists', () => {
  const files = [manifest.background.service_worker, ...manifest.background.scripts,
                 manifest.action.default_popup, manifest.storage.managed_schema,
                 ...manifest.content_scripts.flatMap((c) => c.js),
                 ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)];
  for (const f of files) assert.ok(fs.existsSync(new URL(f, root)), f);
});

test('per-browser manifests drop only what the other browser does not know', () => {
  const chrome = manifestFor('chrome', manifest);
  assert.equal(chrome.background.scripts, undefined);
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.equal(chrome.key, manifest.key);
  assert.equal(chrome.background.service_worker, 'background.js');
  const firefox = manifestFor('firefox', manifest);
  assert.equal(firefox.background.service_worker, undefined);
  assert.deepEqual(firefox.background.scripts, ['background.js']);
  assert.equal(firefox.key, undefined);
  assert.equal(firefox.browser_specific_settings.gecko.id, identity.gecko_id);
  assert.ok(manifest.background.scripts, 'the source manifest is untouched');
});

test('build writes both packages and the archives', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sauatty-build-'));
  try {
    build(out, {zip: true});
    for (const b of ['chrome', 'firefox']) {
      assert.ok(fs.existsSync(path.join(out, b, 'background.js')));
      assert.ok(fs.existsSync(path.join(out, b, '_locales/kk/messages.json')));
      assert.equal(fs.existsSync(path.join(out, b, 'build.mjs')), false);
    }
    const xpi = fs.readFileSync(path.join(out, 'sauatty-firefox.xpi'));
    assert.equal(xpi.readUInt32LE(0), 0x04034b50, 'a zip archive');
  } finally {
    fs.rmSync(out, {recursive: true, force: true});
  }
});
