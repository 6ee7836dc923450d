// The strace reading of the privacy proof (lib/privacy.mjs, auditStrace),
// line by line: what counts as leaving the machine or writing outside the
// host's cache. No browser needed.

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {auditStrace, markerForms} from './lib/privacy.mjs';

const CACHE = '/t/cache/sauatty';

const kTestCases = [
  // [strace line, connects, writes]
  ['7 execve("/b/sauatty-host", ["/b/sauatty-host", "chrome-extension://x/"], 0x7ffc /* 40 vars */) = 0', 0, 0],
  ['7 openat(AT_FDCWD</b>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>', 0, 0],
  ['7 openat(AT_FDCWD</b>, "/t/home/.history", O_WRONLY|O_CREAT|O_APPEND, 0666) = 3</t/home/.history>', 0, 1],
  ['7 openat(AT_FDCWD</b>, "/t/cache/sauatty/lists/x.part", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3', 0, 0],
  ['7 openat(AT_FDCWD</b>, "/t/cache/sauatty-other/x", O_RDWR, 0644) = 3', 0, 1],
  ['7 openat(4</t/cache/sauatty/lists>, "x.part", O_WRONLY|O_CREAT, 0644) = 5', 0, 0],
  ['7 openat(4</t/home>, "x", O_WRONLY|O_CREAT, 0644) = 5', 0, 1],
  ['7 openat(AT_FDCWD</b>, "/t/home/x", O_WRONLY|O_CREAT, 0644 <unfinished ...>', 0, 1],
  ['7 open("/var/log/x.log", O_APPEND) = -1 EACCES (Permission denied)', 0, 1],
  ['7 creat("/t/tmp/x", 0644) = 3', 0, 1],
  ['7 mkdir("/t/cache/sauatty/lists", 0755) = 0', 0, 0],
  ['7 mkdir("/t/home/.sauatty", 0755) = 0', 0, 1],
  ['7 rename("/t/cache/sauatty/a.part", "/t/cache/sauatty/a") = 0', 0, 0],
  ['7 rename("/t/cache/sauatty/a.part", "/t/home/a") = 0', 0, 1],
  ['7 unlinkat(AT_FDCWD</b>, "/t/home/x", 0) = 0', 0, 1],
  ['7 newfstatat(AT_FDCWD</b>, "/etc/sauatty/sources.json", 0x7ffe, 0) = -1 ENOENT (No such file)', 0, 0],
  ['7 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3<socket:[1]>', 0, 0],
  ['7 connect(3<socket:[1]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0', 0, 0],
  ['7 connect(3<socket:[1]>, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), ' +
   'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0', 0, 0],
  ['7 connect(3<socket:[1]>, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), ' +
   'inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6_addr), sin6_scope_id=0}, 28) = -1', 0, 0],
  ['7 connect(3<socket:[1]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1', 1, 0],
  ['7 connect(3<socket:[1]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), ' +
   'inet_pton(AF_INET6, "2606:2800::1", &sin6_addr), sin6_scope_id=0}, 28) = -1', 1, 0],
  ['7 sendto(3<socket:[1]>, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("192.0.2.1")}, 16) = 1', 1, 0],
  ['7 connect(3<socket:[1]>, {sa_family=AF_UNIX, sun_path="/dev/log"}, 110) = 0', 1, 0],
  ['7 bind(3<socket:[1]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, 16) = 0', 1, 0],
  ['7 bind(3<socket:[1]>, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0', 0, 0],
];

test('auditStrace: loopback only, writes only inside the cache', () => {
  for (const [line, connects, writes] of kTestCases) {
    const audit = auditStrace(line, {allowedDirs: [CACHE]});
    assert.deepEqual([audit.connects.length, audit.writes.length], [connects, writes], line);
  }
  assert.equal(auditStrace(kTestCases.map(([l]) => l).join('\n'), {allowedDirs: [CACHE]}).runs, 1);
});

test('markerForms: the encodings a stored URL could take differ, and all hold the token', () => {
  const marker = {token: '0123456789abcdef01234567', pathPart: 'Sauatty-Marker-0123456789abcdef01234567',
                  queryPart: 'Sauatty Marker 0123456789abcdef01234567'};
  const forms = markerForms(marker);
  assert.equal(forms.get('query URL-encoded').toString(), 'Sauatty%20Marker%200123456789abcdef01234567');
  assert.equal(forms.get('query form-encoded').toString(), 'Sauatty+Marker+0123456789abcdef01234567');
  assert.equal(forms.get('token UTF-16LE').length, 48);
  assert.equal(forms.get('token UTF-16BE')[0], 0);
  assert.equal(new Set([...forms.values()].map((b) => b.toString('hex'))).size, forms.size);
});
