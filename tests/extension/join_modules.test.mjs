// The Chrome package's background.js is the background's modules joined into
// one script (extension/build.mjs joinModules): it must run them as the
// browser runs the modules — the same order, the same exports — and refuse
// what it cannot join rather than join it wrongly.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import vm from 'node:vm';

import {build, joinModules} from '../../extension/build.mjs';

const EXTENSION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'extension');

function tempTree(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sauatty-join-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('the joined script runs the modules in the order the browser does, with the same values', async () => {
  // Each module logs when it runs; main imports b (which imports c) and c
  // again, renames an import, and uses a class, a const and an async function.
  const dir = tempTree({
    'main.mjs': `import {b, later as renamed} from './lib/b.mjs';
import {C, c} from './lib/c.mjs';
import './side.mjs';
globalThis.log.push('main');
globalThis.result = {b: b(), c, renamed: renamed.name, instance: new C().name};
`,
    'lib/b.mjs': `import {c} from './c.mjs';
globalThis.log.push('b');
export function b() {
  return 'b+' + c;
}
export async function later() {
  return 'later';
}
`,
    'lib/c.mjs': `globalThis.log.push('c');
export const c = 'c';
export class C {
  name = 'C';
}
`,
    'side.mjs': `globalThis.log.push('side');
`,
  });
  try {
    // The modules' way (node evaluates ES modules as the browser does).
    globalThis.log = [];
    await import(pathToFileURL(path.join(dir, 'main.mjs')).href);
    const expected = {log: globalThis.log, result: globalThis.result};

    const joined = joinModules(path.join(dir, 'main.mjs'));
    assert.deepEqual(joined.modules, [
      {file: 'lib/c.mjs', exports: ['c', 'C']},
      {file: 'lib/b.mjs', exports: ['b', 'later']},
      {file: 'side.mjs', exports: []},
      {file: 'main.mjs', exports: []},
    ]);
    const sandbox = vm.createContext({log: []});
    sandbox.globalThis = sandbox;
    vm.runInContext(joined.code, sandbox);
    assert.deepEqual(sandbox.log, expected.log);
    assert.equal(JSON.stringify(sandbox.result), JSON.stringify(expected.result));
    assert.deepEqual(expected.log, ['c', 'b', 'side', 'main']);
  } finally {
    delete globalThis.log;
    delete globalThis.result;
    fs.rmSync(dir, {recursive: true, force: true});
  }
});

test('the background joins: every module once, dependencies first, and each with the exports node sees', async () => {
  const joined = joinModules(path.join(EXTENSION, 'background.js'));
  const files = joined.modules.map((m) => m.file);
  assert.equal(files.at(-1), 'background.js');
  assert.equal(new Set(files).size, files.length);
  for (const dir of ['background', 'lib']) {
    assert.ok(files.some((f) => f.startsWith(`${dir}/`)), `${dir}/ modules are in the graph`);
  }
  for (const {file, exports} of joined.modules.slice(0, -1)) {
    const real = Object.keys(await import(pathToFileURL(path.join(EXTENSION, file)).href)).sort();
    assert.deepEqual([...exports].sort(), real, file);
    // Everything this module imports comes before it.
    const source = fs.readFileSync(path.join(EXTENSION, file), 'utf8');
    for (const [, spec] of source.matchAll(/^import .*'(\.[^']+)';/gm)) {
      const dep = path.relative(EXTENSION, path.resolve(path.dirname(path.join(EXTENSION, file)), spec));
      assert.ok(files.indexOf(dep) < files.indexOf(file), `${dep} before ${file}`);
    }
  }
  assert.doesNotThrow(() => new vm.Script(joined.code), 'the joined background parses');
  assert.doesNotMatch(joined.code, /^\s*(import|export)\b/m);
});

test('forms it cannot join are refused, naming the file', () => {
  const importsA = "import './a.mjs';\n";
  const cases = [
    [{'a.mjs': 'export default 1;\n'}, /a\.mjs.*export default/],
    [{'a.mjs': 'const x = 1;\nexport {x};\n'}, /a\.mjs.*export \{x\}/],
    [{'a.mjs': "import * as all from './b.mjs';\n", 'b.mjs': ''}, /a\.mjs.*import \* as all/],
    [{'a.mjs': 'export let counter = 0;\n'}, /a\.mjs.*export let/],
    [{'a.mjs': 'const $joinedModules = 1;\n'}, /a\.mjs.*uses the name \$joinedModules/],
    [{'a.mjs': "import {b} from './b.mjs';\nexport const a = 1;\n", 'b.mjs': "import {a} from './a.mjs';\nexport const b = a;\n"},
     /import cycle: "main\.mjs" -> "a\.mjs" -> "b\.mjs" -> "a\.mjs"/],
  ];
  for (const [files, error] of cases) {
    const dir = tempTree({'main.mjs': importsA, ...files});
    try {
      assert.throws(() => joinModules(path.join(dir, 'main.mjs')), error, files['a.mjs']);
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  }
});

test("the Chrome package's background.js is the joined background; Firefox's is the module as written", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sauatty-build-'));
  try {
    build(out);
    const chrome = fs.readFileSync(path.join(out, 'chrome', 'background.js'), 'utf8');
    assert.equal(chrome, joinModules(path.join(EXTENSION, 'background.js')).code);
    assert.equal(fs.readFileSync(path.join(out, 'firefox', 'background.js'), 'utf8'),
                 fs.readFileSync(path.join(EXTENSION, 'background.js'), 'utf8'));
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'chrome', 'manifest.json'), 'utf8'));
    assert.equal(manifest.background.service_worker, 'background.js');
  } finally {
    fs.rmSync(out, {recursive: true, force: true});
  }
});
