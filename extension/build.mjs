#!/usr/bin/env node
// Builds each browser's package from the one source in extension/:
//
//   node extension/build.mjs [--out DIR] [--zip]
//
// writes DIR/chrome/ and DIR/firefox/ (DIR defaults to build/ at the
// repository root) and, with --zip, DIR/sauatty-chrome.zip and
// DIR/sauatty-firefox.xpi (unsigned), each with the repository's LICENSE and
// THIRD-PARTY.md. No dependencies: node 20 or later.
//
// extension/ itself loads unpacked in both browsers; the builds drop the
// manifest keys the other browser does not know, so that each store's
// checks (web-ext lint for Firefox) pass without warnings:
//   chrome:  no background.scripts, no browser_specific_settings
//   firefox: no background.service_worker, no key, no storage.managed_schema
//            (Firefox reads managed storage from enterprise policy instead)
// and the Chrome package's background.js is the background's modules joined
// into one file (joinModules below): Chrome fetches a module service
// worker's imports one level at a time when it starts, and at a browser
// start that was the longest step before the first page's verdict
// (docs/EXTENSION.md, "Measured").

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import zlib from 'node:zlib';

const SOURCE = path.dirname(fileURLToPath(import.meta.url));
const NOT_SHIPPED = new Set(['build.mjs', 'identity.json', 'limits.json', 'icons/icon.svg']);
// The project's licence and third-party list travel in every package.
const FROM_ROOT = ['LICENSE', 'THIRD-PARTY.md'];

export function manifestFor(browser, manifest) {
  const m = structuredClone(manifest);
  if (browser === 'chrome') {
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else if (browser === 'firefox') {
    delete m.background.service_worker;
    delete m.key;
    delete m.storage;
  } else {
    throw new Error(`unknown browser ${browser}`);
  }
  return m;
}

function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else if (!NOT_SHIPPED.has(rel)) out.push(rel);
  }
  return out;
}

// The import and export forms joinModules accepts (the ones the source
// uses); any other form is refused rather than joined wrongly.
const IMPORT_LINE = /^import\s+(?:\{([^}]*)\}\s+from\s+)?'(\.{1,2}\/[^']+)';[^\n]*$/gm;
const TABLE = '$joinedModules';  // the joined script's one name of its own
const EXPORT_DECLARATION = /^export\s+((?:async\s+)?function\*?|class|const)\s+([A-Za-z_$][\w$]*)/gm;

/**
 * The ES module `entry` and every module it imports (relative paths),
 * joined into one script that runs them as the browser would: each
 * module's body in its own function scope, dependencies first (the order
 * ES modules evaluate in), its imports taken from the modules before it.
 * Returns {code, modules: [{file, exports}]} (files relative to `entry`'s
 * folder, in evaluation order). Throws on an import cycle or an import or
 * export form other than `import {a, b as c} from './x.js';`,
 * `import './x.js';` and `export function|async function|class|const`.
 */
export function joinModules(entry) {
  const base = path.dirname(entry);
  const modules = [];
  const parts = [];
  const done = new Set();
  const key = (file) => JSON.stringify(path.relative(base, file).split(path.sep).join('/'));
  const visit = (file, chain) => {
    if (done.has(file)) return;
    if (chain.includes(file)) throw new Error(`import cycle: ${[...chain, file].map(key).join(' -> ')}`);
    const source = fs.readFileSync(file, 'utf8');
    if (source.includes(TABLE)) throw new Error(`${key(file)}: uses the name ${TABLE}`);
    let body = source.replace(IMPORT_LINE, (line, names, spec) => {
      const dep = path.resolve(path.dirname(file), spec);
      visit(dep, [...chain, file]);
      if (names === undefined) return '';
      return `const {${names.replace(/\s+as\s+/g, ': ')}} = ${TABLE}[${key(dep)}];`;
    });
    const exports = [];
    body = body.replace(EXPORT_DECLARATION, (line, kind, name) => {
      exports.push(name);
      return `${kind} ${name}`;
    });
    const left = body.match(/^\s*(import|export)\b.*$/m);
    if (left) throw new Error(`${key(file)}: cannot join "${left[0].trim()}"`);
    done.add(file);
    modules.push({file: path.relative(base, file).split(path.sep).join('/'), exports});
    parts.push(`// --- ${modules.at(-1).file}\n${TABLE}[${key(file)}] = (() => {\n${body}\n` +
               `return {${exports.join(', ')}};\n})();\n`);
  };
  visit(path.resolve(entry), []);
  const code = `// Joined by extension/build.mjs from ${modules.at(-1).file} and its imports; ` +
      `edit those, not this file.\n'use strict';\nconst ${TABLE} = {};\n` + parts.join('');
  return {code, modules};
}

export function build(outDir, {zip = false} = {}) {
  const manifest = JSON.parse(fs.readFileSync(path.join(SOURCE, 'manifest.json'), 'utf8'));
  const files = listFiles(SOURCE).filter((f) => f !== 'manifest.json');
  const made = [];
  for (const browser of ['chrome', 'firefox']) {
    const dir = path.join(outDir, browser);
    fs.rmSync(dir, {recursive: true, force: true});
    const entries = [];
    for (const rel of [...files, ...FROM_ROOT]) {
      const data = browser === 'chrome' && rel === manifest.background.service_worker
          ? Buffer.from(joinModules(path.join(SOURCE, rel)).code)
          : fs.readFileSync(path.join(FROM_ROOT.includes(rel) ? path.join(SOURCE, '..') : SOURCE, rel));
      fs.mkdirSync(path.dirname(path.join(dir, rel)), {recursive: true});
      fs.writeFileSync(path.join(dir, rel), data);
      entries.push([rel, data]);
    }
    const m = Buffer.from(JSON.stringify(manifestFor(browser, manifest), null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'manifest.json'), m);
    entries.unshift(['manifest.json', m]);
    made.push(dir);
    if (zip) {
      const file = path.join(outDir, browser === 'chrome' ? 'sauatty-chrome.zip' : 'sauatty-firefox.xpi');
      fs.writeFileSync(file, zipArchive(entries));
      made.push(file);
    }
  }
  return made;
}

// A minimal ZIP writer (deflate, no extras): enough for a browser package.
function zipArchive(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const time = 0, date = (1 << 5) | 1;  // 1980-01-01: reproducible archives
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const body = zlib.deflateRawSync(data, {level: 9});
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);  // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(SOURCE, '..', 'build'));
  for (const made of build(outDir, {zip: args.includes('--zip')})) console.log(made);
}
