// The packages scripts/package.sh makes from this build folder (--no-build):
// the .deb unpacked with dpkg-deb into a temporary root, every file and
// manifest path checked, the unpacked host started through the path its
// Chrome and Firefox manifests name and asked `hello`; the extension
// archives unzipped, linted, their version the host's.
//   SAUATTY_BUILD_DIR     the CMake build folder (set by ctest)
//   SAUATTY_HOST_BINARY   the host built there

import assert from 'node:assert/strict';
import {execFile, execFileSync, spawn} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.SAUATTY_BUILD_DIR;
const HOST = process.env.SAUATTY_HOST_BINARY;
const IDENTITY = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension', 'identity.json'), 'utf8'));
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension', 'managed_schema.json'), 'utf8'));
const WEB_EXT = path.join(ROOT, 'tests', 'e2e', 'node_modules', '.bin', 'web-ext');
const HOST_PATH = '/usr/lib/sauatty/sauatty-host';
const MANIFESTS = {
  chrome: '/etc/opt/chrome/native-messaging-hosts/sauatty.json',
  chromium: '/etc/chromium/native-messaging-hosts/sauatty.json',
  edge: '/etc/opt/edge/native-messaging-hosts/sauatty.json',
  firefox: '/usr/lib/mozilla/native-messaging-hosts/sauatty.json',
};
// Every file the .deb holds (directories aside).
const FILES = [
  HOST_PATH, '/usr/lib/sauatty/libsauatty-download.so',
  ...Object.values(MANIFESTS),
  '/usr/share/sauatty/policies/chrome/sauatty.json', '/usr/share/sauatty/policies/firefox/policies.json',
  '/lib/systemd/system/sauatty-rules-update.service', '/lib/systemd/system/sauatty-rules-update.timer',
  '/usr/share/man/man1/sauatty-host.1.gz', '/usr/share/man/man7/sauatty.7.gz',
  '/usr/share/doc/sauatty/copyright', '/usr/share/doc/sauatty/THIRD-PARTY.md',
].sort();

const missing = !BUILD || !HOST ? 'SAUATTY_BUILD_DIR and SAUATTY_HOST_BINARY are unset (run through ctest)'
    : !fs.existsSync(path.join(BUILD, 'CPackConfig.cmake')) ? `${BUILD} has no CPack configuration`
    : null;

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, {encoding: 'utf8', ...opts});
// Whether this build links the host's libraries into it (cmake/StaticDeps.cmake).
const STATIC = !missing &&
    /^SAUATTY_STATIC_DEPS:BOOL=ON$/m.test(fs.readFileSync(path.join(BUILD, 'CMakeCache.txt'), 'utf8'));

/** One native-messaging exchange: frames `message`, returns the first answer. */
function ask(binary, args, message) {
  return new Promise((resolve, reject) => {
    // SAUATTY_OFFLINE: no list download starts (docs/LISTS.md); the test asks hello only.
    const child = spawn(binary, args, {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, SAUATTY_OFFLINE: '1'}});
    const chunks = [];
    let err = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no answer from ${binary}`)); }, 30000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= 4 + all.readUInt32LE(0)) {
        clearTimeout(timer);
        child.stdin.end();
        resolve(JSON.parse(all.subarray(4, 4 + all.readUInt32LE(0)).toString('utf8')));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${binary} exited ${code} before answering: ${err}`));
    });
    const body = Buffer.from(JSON.stringify(message));
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    child.stdin.write(Buffer.concat([head, body]));
  });
}

describe('packages from scripts/package.sh', {skip: missing ?? false}, () => {
  let dist;
  let made;
  let version;
  let deb;
  let unpacked;

  before(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sauatty-dist-'));
    const out = run('bash', [path.join(ROOT, 'scripts', 'package.sh'), '--no-build'],
                    {env: {...process.env, BUILD_DIR: BUILD, DIST_DIR: dist}, timeout: 300000});
    made = out.trim().split('\n');
    version = run(HOST, ['--version']).match(/^sauatty-host (\S+)/)[1];
    deb = made.find((f) => f.endsWith('.deb'));
    unpacked = path.join(dist, 'root');
    run('dpkg-deb', ['-x', deb, unpacked]);
  });

  after(() => fs.rmSync(dist, {recursive: true, force: true}));

  test('package.sh prints the three packages, named with the one version', () => {
    assert.match(version, /^\d+\.\d+\.\d+$/);
    const manifestVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension', 'manifest.json'), 'utf8')).version;
    assert.equal(version, manifestVersion, 'the host is stamped with extension/manifest.json\'s version');
    const arch = run('dpkg', ['--print-architecture']).trim();
    assert.deepEqual(made, [path.join(dist, `sauatty_${version}_${arch}.deb`),
                            path.join(dist, `sauatty-chrome-${version}.zip`),
                            path.join(dist, `sauatty-firefox-${version}.xpi`)]);
    for (const f of made) assert.ok(fs.statSync(f).size > 1000, f);
  });

  test('the .deb holds exactly the expected files, the host executable', () => {
    const listed = run('dpkg-deb', ['-c', deb]).trim().split('\n')
        .filter((line) => !line.startsWith('d'))
        .map((line) => line.split(/\s+/).slice(5).join(' ').replace(/^\./, ''))
        .sort();
    assert.deepEqual(listed, FILES);
    for (const f of FILES) assert.ok(fs.existsSync(path.join(unpacked, f)), f);
    assert.ok((fs.statSync(path.join(unpacked, HOST_PATH)).mode & 0o755) === 0o755);
    assert.equal(fs.statSync(path.join(unpacked, MANIFESTS.chrome)).mode & 0o777, 0o644);
  });

  test('control: version, dependencies from dpkg-shlibdeps, maintainer scripts', () => {
    const field = (name) => run('dpkg-deb', ['-f', deb, name]).trim();
    assert.equal(field('Package'), 'sauatty');
    assert.equal(field('Version'), version);
    const depends = field('Depends');
    const dependsOn = (pkg) => new RegExp(`(^|, )${pkg.replace(/[.+]/g, '\\$&')} \\(>= `).test(depends);
    // The libraries the host and its module link, each as its package. In
    // the default build (cmake/StaticDeps.cmake) the host's own libraries
    // are inside it: the package needs only the C library, GCC's unwinder
    // and, for the download module, libcurl.
    const linkedInside = ['libstdc++6', 'libre2-9', 'libboost-url1.81.0', 'libpsl5', 'libidn2-0'];
    for (const pkg of ['libc6', 'libgcc-s1', 'libcurl4', ...(STATIC ? [] : linkedInside)]) {
      assert.ok(dependsOn(pkg), `${pkg} in ${depends}`);
    }
    if (STATIC) for (const pkg of linkedInside) assert.ok(!dependsOn(pkg), `${pkg} in ${depends}`);
    // ICU is not one: the host has its own Unicode tables (store/unicode_tables.h).
    assert.doesNotMatch(depends, /libicu/, depends);
    const control = path.join(dist, 'control');
    run('dpkg-deb', ['-e', deb, control]);
    for (const script of ['postinst', 'prerm', 'postrm']) {
      const file = path.join(control, script);
      assert.equal(fs.statSync(file).mode & 0o777, 0o755, script);
      run('sh', ['-n', file]);
    }
    const postrm = fs.readFileSync(path.join(control, 'postrm'), 'utf8');
    assert.match(postrm, /\n {2}purge\)\n(?:(?! {4};;)[\s\S])*rm -rf \/var\/lib\/sauatty\n {4};;/, 'purge removes the shared cache');
    assert.doesNotMatch(postrm.split('purge)')[0], /rm -rf/, 'remove keeps the cache');
    // No conffiles: a manifest left behind by `apt remove` would name a host that is gone.
    assert.ok(!fs.existsSync(path.join(control, 'conffiles')));
  });

  test('every manifest names the packaged host and only our extension', () => {
    for (const [browser, file] of Object.entries(MANIFESTS)) {
      const m = JSON.parse(fs.readFileSync(path.join(unpacked, file), 'utf8'));
      assert.equal(m.name, 'sauatty', browser);
      assert.equal(m.type, 'stdio', browser);
      assert.equal(m.path, HOST_PATH, browser);
      if (browser === 'firefox') {
        assert.deepEqual(m.allowed_extensions, [IDENTITY.gecko_id]);
        assert.equal(m.allowed_origins, undefined);
      } else {
        assert.deepEqual(m.allowed_origins, [`chrome-extension://${IDENTITY.chrome_id}/`], browser);
        assert.equal(m.allowed_extensions, undefined, browser);
      }
    }
  });

  test('the unpacked host, started as Chrome and Firefox would, answers hello', async () => {
    const started = [
      ['chrome', [`chrome-extension://${IDENTITY.chrome_id}/`]],
      ['firefox', [MANIFESTS.firefox, IDENTITY.gecko_id]],
    ];
    for (const [browser, args] of started) {
      const m = JSON.parse(fs.readFileSync(path.join(unpacked, MANIFESTS[browser]), 'utf8'));
      const binary = path.join(unpacked, m.path);  // the manifest's path, inside the temporary root
      const answer = await ask(binary, args, {id: 1, type: 'hello', extension: version, protocol: 1});
      assert.equal(answer.ok, true, browser);
      assert.equal(answer.id, 1);
      assert.equal(answer.host, 'sauatty-host');
      assert.equal(answer.version, version, browser);
      assert.equal(answer.protocol, 1);
      assert.ok(answer.rules.trackers > 0 || Object.keys(answer.rules).length > 0, JSON.stringify(answer.rules));
    }
  });

  test('policy templates: force-install our extension, every managed setting set', () => {
    const chrome = JSON.parse(fs.readFileSync(path.join(unpacked, '/usr/share/sauatty/policies/chrome/sauatty.json'), 'utf8'));
    assert.deepEqual(chrome.ExtensionInstallForcelist,
                     [`${IDENTITY.chrome_id};https://clients2.google.com/service/update2/crx`]);
    const firefox = JSON.parse(fs.readFileSync(path.join(unpacked, '/usr/share/sauatty/policies/firefox/policies.json'), 'utf8'));
    assert.equal(firefox.policies.ExtensionSettings[IDENTITY.gecko_id].installation_mode, 'force_installed');
    for (const settings of [chrome['3rdparty'].extensions[IDENTITY.chrome_id],
                            firefox.policies['3rdparty'].Extensions[IDENTITY.gecko_id]]) {
      assert.deepEqual(Object.keys(settings).sort(), Object.keys(SCHEMA.properties).sort(),
                       'packaging/policy-values.json must give every key of extension/managed_schema.json');
      for (const [key, value] of Object.entries(settings)) {
        const spec = SCHEMA.properties[key];
        assert.equal(typeof value, spec.type === 'integer' ? 'number' : spec.type, key);
        if (spec.enum) assert.ok(spec.enum.includes(value), key);
      }
    }
  });

  test('units, man pages and THIRD-PARTY.md are what the source says', () => {
    const service = fs.readFileSync(path.join(unpacked, '/lib/systemd/system/sauatty-rules-update.service'), 'utf8');
    assert.match(service, new RegExp(`^ExecStart=${HOST_PATH} rules update --system$`, 'm'));
    // It runs for an administrator's sources.json or for a shared cache that
    // exists without one (seeded by a list snapshot): either suffices.
    assert.match(service, /^ConditionPathExists=\|\/etc\/sauatty\/sources\.json$/m);
    assert.match(service, /^ConditionPathExists=\|\/var\/lib\/sauatty\/lists$/m);
    const timer = fs.readFileSync(path.join(unpacked, '/lib/systemd/system/sauatty-rules-update.timer'), 'utf8');
    assert.match(timer, /^WantedBy=timers\.target$/m);
    for (const [page, source] of [['/usr/share/man/man1/sauatty-host.1.gz', 'sauatty-host.1'],
                                  ['/usr/share/man/man7/sauatty.7.gz', 'sauatty.7']]) {
      const text = run('gzip', ['-dc', path.join(unpacked, page)]);
      assert.equal(text, fs.readFileSync(path.join(ROOT, 'packaging', 'man', source), 'utf8'));
    }
    // Every library the two binaries link directly is named in THIRD-PARTY.md.
    const thirdParty = fs.readFileSync(path.join(unpacked, '/usr/share/doc/sauatty/THIRD-PARTY.md'), 'utf8');
    for (const binary of FILES.filter((f) => f.startsWith('/usr/lib/sauatty/'))) {
      const needed = [...run('readelf', ['-d', path.join(unpacked, binary)]).matchAll(/\(NEEDED\)\s+Shared library: \[(.+)\]/g)]
          .map((m) => m[1]);
      assert.ok(needed.length > 0, binary);
      for (const soname of needed) assert.ok(thirdParty.includes(`\`${soname}\``), `${soname} (${binary}) in THIRD-PARTY.md`);
    }
    // Every library linked into the host from its archive has its notice
    // and licence in the package's copyright file, as their licences ask.
    if (STATIC) {
      const host = run('readelf', ['-d', path.join(unpacked, HOST_PATH)]);
      for (const soname of ['libstdc++', 'libre2', 'libboost_url', 'libpsl', 'libidn2', 'libunistring']) {
        assert.ok(!host.includes(`[${soname}.so`), `${soname} is linked shared:\n${host}`);
      }
      const copyright = fs.readFileSync(path.join(unpacked, '/usr/share/doc/sauatty/copyright'), 'utf8');
      for (const archive of ['libstdc++.a', 'libre2.a', 'libboost_url.a', 'libpsl.a', 'libidn2.a', 'libunistring.a']) {
        assert.match(copyright, new RegExp(`^Files: .*/${archive.replace(/[.+]/g, '\\$&')}$`, 'm'), archive);
      }
      for (const licence of ['BSD-3-google', 'Lucent', 'BSL-1.0', 'Expat', 'MPL-2.0', 'LGPL-3+ or GPL-2+',
                             'GPL-3+ with GCC-Runtime-Library-Exception-3.1', 'Chromium']) {
        assert.ok(copyright.includes(`License: ${licence}`), licence);
      }
      // Code inside those archives under its own notice: libpsl's look-up
      // (Chromium's) and libstdc++'s floating-point from_chars (fast_float).
      assert.match(copyright, /^Files: .*libpsl\.a:src\/lookup_string_in_fixed_set\.c$/m);
      assert.match(copyright, /^Files: .*libstdc\+\+\.a:src\/c\+\+17\/fast_float\/\*$/m);
      // The exact source package of each, as this machine has it.
      const sources = run('dpkg-query', ['-W', '-f=${source:Package} ${source:Version}\\n', 'libstdc++-12-dev',
                                         'libre2-dev', 'libboost-url1.81-dev', 'libpsl-dev', 'libidn2-dev',
                                         'libunistring-dev']).trim().split('\n');
      assert.equal(sources.length, 6, sources.join('; '));
      for (const source of sources) assert.ok(copyright.includes(` ${source}`), `${source} in the copyright header`);
      assert.doesNotMatch(copyright, /@SAUATTY_/);
    }
  });

  // A real dpkg install, remove and purge changes the machine (system-wide
  // manifests every browser reads, /var/lib/sauatty): only when asked, as root.
  const installSkip = process.env.SAUATTY_PACKAGE_INSTALL_TEST !== '1'
      ? 'changes this machine: SAUATTY_PACKAGE_INSTALL_TEST=1 (as root) runs it'
      : process.getuid() !== 0 ? 'needs root' : false;
  test('dpkg: install sets up every browser and the timer, remove undoes it, purge deletes the cache',
       {skip: installSkip}, () => {
    assert.throws(() => run('dpkg-query', ['-W', 'sauatty'], {stdio: 'pipe'}), 'sauatty must not be installed already');
    const installed = (f) => fs.existsSync(f);
    const wants = '/etc/systemd/system/timers.target.wants/sauatty-rules-update.timer';
    try {
      run('dpkg', ['-i', deb], {stdio: 'pipe'});
      for (const f of FILES) assert.ok(installed(f), f);
      assert.equal(fs.statSync('/var/lib/sauatty').mode & 0o777, 0o755);
      assert.ok(fs.lstatSync(wants).isSymbolicLink(), 'the timer is enabled');
      fs.writeFileSync('/var/lib/sauatty/probe', '');
      run('dpkg', ['-r', 'sauatty'], {stdio: 'pipe'});
      for (const f of FILES) assert.ok(!installed(f), `${f} after remove`);
      assert.ok(!installed(wants), 'the timer is no longer wanted');
      assert.ok(installed('/var/lib/sauatty/probe'), 'remove keeps the cache');
      run('dpkg', ['-P', 'sauatty'], {stdio: 'pipe'});
      assert.ok(!installed('/var/lib/sauatty'), 'purge deletes the cache');
      assert.ok(!installed('/etc/systemd/system/sauatty-rules-update.timer'), 'purge unmasks');
    } finally {
      try { run('dpkg', ['-P', 'sauatty'], {stdio: 'pipe'}); } catch { /* already gone */ }
    }
  });

  describe('extension archives', () => {
    const unzip = (archive) => {
      const dir = path.join(dist, path.basename(archive) + '.d');
      run('unzip', ['-q', archive, '-d', dir]);
      return dir;
    };

    test('the Chrome/Edge zip and the Firefox .xpi carry the host\'s version and the licence', () => {
      const chrome = unzip(made[1]);
      const firefox = unzip(made[2]);
      const cm = JSON.parse(fs.readFileSync(path.join(chrome, 'manifest.json'), 'utf8'));
      const fm = JSON.parse(fs.readFileSync(path.join(firefox, 'manifest.json'), 'utf8'));
      assert.equal(cm.version, version);
      assert.equal(fm.version, version);
      assert.ok(cm.key && !cm.browser_specific_settings, 'the Chrome manifest keeps the key, drops gecko');
      assert.equal(fm.browser_specific_settings.gecko.id, IDENTITY.gecko_id);
      assert.equal(fm.key, undefined);
      for (const dir of [chrome, firefox]) {
        assert.equal(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8'), fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
        assert.ok(fs.existsSync(path.join(dir, 'THIRD-PARTY.md')));
        assert.ok(fs.existsSync(path.join(dir, 'popup.html')));
      }
    });

    test('web-ext lint: the .xpi as unpacked is clean',
         {skip: fs.existsSync(WEB_EXT) ? false : 'web-ext not installed (npm ci in tests/e2e; scripts/test.sh does it)'}, () => {
      const dir = fs.existsSync(made[2] + '.d') ? made[2] + '.d' : unzip(made[2]);
      let stdout;
      try {
        stdout = run(WEB_EXT, ['lint', '--source-dir', dir, '--output', 'json', '--no-input'], {timeout: 180000});
      } catch (e) {
        stdout = e.stdout;  // non-zero on errors; the JSON says which
      }
      const report = JSON.parse(stdout);
      const show = (list) => list.map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`).join('\n');
      assert.deepEqual(report.summary, {errors: 0, notices: 0, warnings: 0},
                       `${show(report.errors)}\n${show(report.warnings)}\n${show(report.notices)}`);
    });
  });
});

// `package.sh --lists`: the snapshot downloaded by the built host from a
// server on 127.0.0.1 (SAUATTY_SNAPSHOT_SOURCES), shipped byte for byte
// with its records, and loadable by the packaged host from there.
describe('package.sh --lists: a snapshot of the lists for PCs with no network', {skip: missing ?? false}, () => {
  const LISTS = {
    easylist: '[Adblock Plus 2.0]\n! Title: EasyList (test)\n||ads.example^\n||banner.example^$third-party\n',
    easyprivacy: '[Adblock Plus 2.0]\n! Title: EasyPrivacy (test)\n||tracker.example^\n/pixel.gif?\n||beacon.example^\n',
  };
  let server;
  let base;
  let dir;
  const runAsync = promisify(execFile);
  // Not execFileSync: the server below answers on this process's event loop.
  const packageWith = (sources) => runAsync('bash', [path.join(ROOT, 'scripts', 'package.sh'), '--no-build', '--lists'], {
    encoding: 'utf8', timeout: 300000,
    env: {...process.env, BUILD_DIR: BUILD, DIST_DIR: path.join(dir, 'dist'), SAUATTY_SNAPSHOT_SOURCES: sources},
  });
  const sourcesFile = (name, lists) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify({
      format: 'sauatty-sources/1',
      lists: lists.map((list) => ({name: list, kind: 'filters', url: `${base}/${list}.txt`})),
    }));
    return file;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sauatty-snapshot-'));
    server = http.createServer((req, res) => {
      const name = req.url.replace(/^\/|\.txt$/g, '');
      if (!Object.hasOwn(LISTS, name)) { res.writeHead(404).end('not here'); return; }
      res.writeHead(200, {'content-type': 'text/plain'}).end(LISTS[name]);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => {
    server.close();
    fs.rmSync(dir, {recursive: true, force: true});
    // What package.sh left for cpack: nothing must ride along in a later package.
    fs.rmSync(path.join(BUILD, 'packaging', 'lists'), {recursive: true, force: true});
  });

  test('the .deb carries each list, its records and the README; the packaged host loads them', async () => {
    const sources = sourcesFile('sources.json', Object.keys(LISTS));
    const {stdout} = await packageWith(sources);
    const deb = stdout.trim().split('\n').find((f) => f.endsWith('.deb'));
    const root = path.join(dir, 'root');
    run('dpkg-deb', ['-x', deb, root]);
    const shipped = path.join(root, 'usr/share/sauatty/lists');
    const expected = ['README'];
    for (const name of Object.keys(LISTS)) expected.push(name, `.${name}.verified`, `.${name}.schedule`);
    assert.deepEqual(fs.readdirSync(shipped).sort(), expected.sort(), 'no compiled cache, lock or temporary file');
    for (const [name, text] of Object.entries(LISTS)) {
      assert.equal(fs.readFileSync(path.join(shipped, name), 'utf8'), text, name);
      const record = JSON.parse(fs.readFileSync(path.join(shipped, `.${name}.verified`), 'utf8'));
      assert.equal(record.bytes, Buffer.byteLength(text), name);
      assert.equal(record.sha256, crypto.createHash('sha256').update(text).digest('hex'), name);
    }
    assert.match(fs.readFileSync(path.join(shipped, 'README'), 'utf8'), /Attribution-ShareAlike 3\.0 Unported/);
    // The packaged host verifies and loads the snapshot where it lies (a copy
    // of it: verify may write the compiled cache beside the lists).
    const cache = path.join(dir, 'cache');
    fs.cpSync(shipped, cache, {recursive: true});
    const host = path.join(root, HOST_PATH);
    const verified = run(host, ['rules', 'verify', '--sources', sources, '--cache', cache], {env: {...process.env, SAUATTY_OFFLINE: '1'}});
    assert.match(verified, /\beasylist\b.*\b2 entries/);
    assert.match(verified, /\beasyprivacy\b.*\b3 entries/);
  });

  test('a list that cannot be downloaded stops the package; no snapshot is left for cpack', async () => {
    const sources = sourcesFile('broken.json', ['easylist', 'missing']);
    const failed = await packageWith(sources).then(() => null, (e) => e);
    assert.ok(failed, 'package.sh must fail');
    assert.equal(failed.code, 3);
    assert.match(failed.stderr, /missing/);
    assert.match(failed.stderr, /the list snapshot is incomplete/);
    assert.equal(failed.stdout.trim(), '', 'no package printed');
    assert.ok(!fs.existsSync(path.join(BUILD, 'packaging', 'lists')));
  });
});
