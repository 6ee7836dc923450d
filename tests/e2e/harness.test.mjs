// The harness itself: an extension whose background does not start must
// fail a suite at once, saying so, instead of leaving every test waiting
// for answers that never come.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';

import * as H from './lib/harness.mjs';

const host = H.hostPath();
const skip = !host ? H.HOST_MISSING_MESSAGE
  : !fs.existsSync(H.CHROMIUM) ? `no Chromium at ${H.CHROMIUM} (apt-get install chromium)` : false;

/** A copy of extension/ whose background module `breaks(source)` rewrites. */
function brokenExtension(file, breaks) {
  const dir = H.tempDir('sauatty-broken-ext-');
  fs.cpSync(H.EXTENSION_DIR, dir, {recursive: true});
  const target = path.join(dir, file);
  fs.writeFileSync(target, breaks(fs.readFileSync(target, 'utf8')));
  return dir;
}

const cases = [
  // The worker script throws while it is evaluated: Chromium never starts it.
  {name: 'a background that throws at the top level', file: 'background.js',
   breaks: (s) => `throw new Error('broken on purpose');\n${s}`},
  // The worker starts and listens, but its answers never come (a promise that never settles).
  {name: 'a background whose answers never come', file: 'background/config.js',
   breaks: (s) => s.replace('let texts = known.then(loadTexts);', 'let texts = new Promise(() => {});')},
];

for (const c of cases) {
  test(`${c.name} fails the session within seconds, saying why`, {skip}, async () => {
    const dir = brokenExtension(c.file, c.breaks);
    assert.notEqual(fs.readFileSync(path.join(dir, c.file), 'utf8'),
                    fs.readFileSync(path.join(H.EXTENSION_DIR, c.file), 'utf8'), 'the copy is broken');
    const started = Date.now();
    try {
      await assert.rejects(H.chromiumSession({hostBinary: host, extensionDir: dir}),
                           /the extension's (service worker did not start|background did not answer)/);
      assert.ok(Date.now() - started < 45000, `failed after ${Date.now() - started} ms`);
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });
}
