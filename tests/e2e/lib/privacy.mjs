// Pieces of the privacy proof (privacy.test.mjs): a random marker and every
// form it could be stored in, a byte scan of folders for it, a wrapper that
// runs the host under strace, and the reading of strace's log.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A marker no file on the machine holds before the test: 24 random hex
 * digits inside words that URL encoding and lower-casing both change.
 * `pathPart` goes in a URL's path, `queryPart` in its query.
 */
export function makeMarker() {
  const token = crypto.randomBytes(12).toString('hex');
  return {
    token,
    pathPart: `Sauatty-Marker-${token}`,
    queryPart: `Sauatty Marker ${token}`,
  };
}

/**
 * The byte strings a stored copy of a marked URL would contain, by name:
 * the marker as sent, lower-cased, URL-encoded (both ways a space is), the
 * bare token in either case, and the token in UTF-16 (Chromium's storage
 * keeps some strings so: Local Storage values, IndexedDB keys).
 */
export function markerForms(marker) {
  const forms = new Map();
  const add = (name, buffer) => forms.set(name, buffer);
  for (const [name, text] of [
    ['path', marker.pathPart],
    ['path lower-case', marker.pathPart.toLowerCase()],
    ['query URL-encoded', encodeURIComponent(marker.queryPart)],
    ['query form-encoded', marker.queryPart.replace(/ /g, '+')],
    ['query lower-case', marker.queryPart.toLowerCase()],
    ['token', marker.token],
    ['token upper-case', marker.token.toUpperCase()],
  ]) {
    add(name, Buffer.from(text, 'utf8'));
  }
  add('token UTF-16LE', Buffer.from(marker.token, 'utf16le'));
  add('token UTF-16BE', Buffer.from(marker.token, 'utf16le').swap16());
  return forms;
}

/** Every regular file under `root` (symbolic links are not followed). */
export function* filesUnder(root) {
  let entries;
  try {
    entries = fs.readdirSync(root, {withFileTypes: true});
  } catch {
    return;  // gone, or not a folder
  }
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Searches the raw bytes of every file under each root (a root may be a
 * file) for every form. Returns {files: count scanned, hits: [{file, form}]}.
 */
export function scanForMarker(roots, forms) {
  const hits = [];
  const seen = new Set();  // roots may nest
  for (const root of roots) {
    const list = fs.statSync(root, {throwIfNoEntry: false})?.isFile() ? [root] : filesUnder(root);
    for (const file of list) {
      if (seen.has(file)) continue;
      seen.add(file);
      let bytes;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        continue;  // removed meanwhile (another program's temporary file)
      }
      for (const [form, needle] of forms) {
        if (bytes.includes(needle)) hits.push({file, form});
      }
    }
  }
  return {files: seen.size, hits};
}

// The shared temporary folders anything may write in.
export const TEMP_DIRS = ['/tmp', '/var/tmp', '/dev/shm'];

/** The entries of `dirs` now; with newEntries, what appeared since. */
export function snapshotDirs(dirs = TEMP_DIRS) {
  return dirs.filter((d) => fs.existsSync(d)).map((dir) => ({dir, names: new Set(fs.readdirSync(dir))}));
}

export function newEntries(snapshots) {
  return snapshots.flatMap(({dir, names}) =>
    fs.readdirSync(dir).filter((n) => !names.has(n)).map((n) => path.join(dir, n)));
}

/**
 * Writes an executable that Chromium starts as the native host: it sets the
 * host's home, cache, config and temporary folders (`env`), then runs
 * `host` under `strace -f -y -e trace=network,file`, one log per start in
 * `logDir` (the browser restarts the host when its port reconnects).
 */
export function writeStraceWrapper({file, host, env, logDir, strace = '/usr/bin/strace'}) {
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${q(v)}`).join('\n');
  fs.writeFileSync(file, `#!/bin/sh
${exports}
exec ${q(strace)} -f -y -s 1024 -e trace=network,file -o ${q(logDir)}/host.$$.strace -- ${q(host)} "$@"
`, {mode: 0o755});
}

// Syscalls of strace's "file" class that change the file system, and the
// argument (counted from 0) that names what they change; openat-like calls
// count only when their flags write.
const CHANGING = {
  mkdir: [0], mkdirat: [1], rmdir: [0], unlink: [0], unlinkat: [1], rename: [0, 1], renameat: [1, 3],
  renameat2: [1, 3], link: [0, 1], linkat: [1, 3], symlink: [1], symlinkat: [2], truncate: [0], creat: [0],
  chmod: [0], fchmodat: [1], chown: [0], lchown: [0], fchownat: [1], mknod: [0], mknodat: [1],
  utime: [0], utimes: [0], utimensat: [1], setxattr: [0], lsetxattr: [0], removexattr: [0],
};
const OPENING = {open: 0, openat: 1, openat2: 1};
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/;

/** Splits a syscall's argument text at top-level commas (strings and braces kept whole). */
function splitArgs(text) {
  const args = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') ++i;
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if ('{[('.includes(c)) {
      ++depth;
    } else if ('}])'.includes(c)) {
      --depth;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
}

/** The path an argument names: a quoted string, made absolute against a `-y` directory fd ("3</dir>"). */
function pathOf(args, index, dirIndex) {
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(args[index] ?? '');
  if (!m) return null;
  let p = m[1];
  try {
    p = JSON.parse(`"${m[1].replace(/\\x([0-9a-f]{2})/g, '\\u00$1')}"`);
  } catch {
    // an escape JSON lacks (\v, octal): the raw text still names the place
  }
  if (p.startsWith('/')) return p;
  const dir = dirIndex === undefined ? null : /^(?:\d+|AT_FDCWD)<(.*)>$/.exec(args[dirIndex] ?? '')?.[1];
  return path.resolve(dir ?? '/', p);
}

// How strace 6 prints loopback addresses (checked): inet_addr("127.0.0.1"),
// inet_pton(AF_INET6, "::1", &sin6_addr), and the IPv4-mapped ::ffff:127.x.
const LOOPBACK = [/inet_addr\("127\.\d+\.\d+\.\d+"\)/, /inet_pton\(AF_INET6, "::1"[,)]/,
                  /inet_pton\(AF_INET6, "::ffff:127\.\d+\.\d+\.\d+"[,)]/];

/**
 * Reads strace logs of the host. Returns what breaks the rules:
 * {connects: [lines connecting to or sending to a non-loopback or local
 * socket address], writes: [lines changing a path outside `allowedDirs`],
 * runs: count of host processes seen}.
 */
export function auditStrace(text, {allowedDirs}) {
  const connects = [];
  const writes = [];
  let runs = 0;
  const inside = (p) => allowedDirs.some((d) => p === d || p.startsWith(d + path.sep));
  for (const line of text.split('\n')) {
    const m = /^(?:\d+\s+)?([a-z0-9_]+)\((.*)$/.exec(line);
    if (!m) continue;
    const [, call, rest] = m;
    if (call === 'execve') ++runs;
    if (['connect', 'sendto', 'sendmsg', 'bind'].includes(call)) {
      const family = /sa_family=(AF_[A-Z0-9]+)/.exec(rest)?.[1];
      if (family === 'AF_INET' || family === 'AF_INET6') {
        if (!LOOPBACK.some((re) => re.test(rest))) connects.push(line);
      } else if (family === 'AF_UNIX') {
        connects.push(line);  // a local daemon (a logger, a resolver) is a way out too
      }
      continue;
    }
    const args = splitArgs(rest.replace(/\)\s+=.*$|<unfinished \.\.\.>$/, ''));
    if (call in OPENING) {
      if (!WRITE_FLAGS.test(args[OPENING[call] + 1] ?? '')) continue;
      const p = pathOf(args, OPENING[call], OPENING[call] === 1 ? 0 : undefined);
      if (p === null || !inside(p)) writes.push(line);
    } else if (call in CHANGING) {
      for (const i of CHANGING[call]) {
        const p = pathOf(args, i, i > 0 ? i - 1 : undefined);
        if (p === null || !inside(p)) {
          writes.push(line);
          break;
        }
      }
    }
  }
  return {connects, writes, runs};
}
