// `web-ext lint` (Mozilla's add-on linter) on the Firefox build: no errors,
// no warnings. Offline: it needs no browser and no network.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';

import {build} from '../../extension/build.mjs';
import {E2E_DIR, tempDir} from './lib/harness.mjs';

const WEB_EXT = path.join(E2E_DIR, 'node_modules', '.bin', 'web-ext');

test('web-ext lint: the Firefox build is clean', {skip: fs.existsSync(WEB_EXT) ? false : 'web-ext not installed (npm ci in tests/e2e)'}, () => {
  const out = tempDir('sauatty-lint-');
  try {
    build(out);
    let stdout;
    try {
      stdout = execFileSync(WEB_EXT, ['lint', '--source-dir', path.join(out, 'firefox'), '--output', 'json', '--no-input'],
                            {encoding: 'utf8', timeout: 120000});
    } catch (e) {
      stdout = e.stdout;  // web-ext exits non-zero on errors; the JSON still says which
    }
    const report = JSON.parse(stdout);
    const show = (list) => list.map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`).join('\n');
    assert.deepEqual(report.summary, {errors: 0, notices: 0, warnings: 0},
                     `${show(report.errors)}\n${show(report.warnings)}\n${show(report.notices)}`);
  } finally {
    fs.rmSync(out, {recursive: true, force: true});
  }
});
