import assert from 'node:assert/strict';
import {test} from 'node:test';

import {backoffDelay, classifyDisconnect, compareVersions, HostError, joinPart, versionAgreement}
    from '../../extension/lib/port.js';
import {fakeHostPort} from './fake-port.mjs';

const setup = fakeHostPort;

const flush = () => new Promise((r) => setImmediate(r));

function answerHello(port) {
  const hello = port.last('hello');
  port.answer({id: hello.id, ok: true, type: 'hello', version: '0.1.0', protocol: 1,
               rules: {trackers: 10, credibility: 5}});
}

test('the first request opens the port, says hello, then sends with an id', async () => {
  const {ports, hp} = setup();
  const p = hp.request({type: 'stats'});
  assert.equal(ports.length, 1);
  const [hello, stats] = ports[0].sent;
  assert.deepEqual(hello, {type: 'hello', extension: '0.1.0', protocol: 1, id: hello.id});
  assert.equal(stats.type, 'stats');
  assert.notEqual(stats.id, hello.id);
  answerHello(ports[0]);
  ports[0].answer({id: stats.id, ok: true, type: 'stats', frames_in: 2});
  assert.deepEqual(await p, {id: stats.id, ok: true, type: 'stats', frames_in: 2});
  await flush();
  assert.equal(hp.status().state, 'connected');
  assert.deepEqual(hp.status().host, {version: '0.1.0', protocol: 1, rules: {trackers: 10, credibility: 5},
                                      extension: '0.1.0', loaded: null, lists: null});
  assert.equal(hp.status().reason, null);
  assert.equal(hp.status().update, null);
});

test('answers are matched by id, in any order', async () => {
  const {ports, hp} = setup();
  const a = hp.request({type: 'stats'});
  const b = hp.request({type: 'settings'});
  const [, sa, sb] = ports[0].sent;
  ports[0].answer({id: sb.id, ok: true, type: 'settings'});
  ports[0].answer({id: sa.id, ok: true, type: 'stats'});
  assert.equal((await a).type, 'stats');
  assert.equal((await b).type, 'settings');
});

test('an {ok: false} answer rejects with the host error code', async () => {
  const {ports, hp} = setup();
  const p = hp.request({type: 'page'});
  const sent = ports[0].last('page');
  ports[0].answer({id: sent.id, ok: false, error: {code: 'invalid_url', message: 'url: not http(s)'}});
  await assert.rejects(p, (e) => e instanceof HostError && e.code === 'invalid_url');
});

test('a split answer is joined on its part field', async () => {
  const {ports, hp} = setup();
  const p = hp.request({type: 'requests'});
  const {id} = ports[0].last('requests');
  // As the host splits a requests answer: each frame repeats `tab` and
  // carries a slice of `results`.
  ports[0].answer({id, ok: true, type: 'requests', tab: 3, part: 'results', more: true, results: [1, 2]});
  ports[0].answer({id, ok: true, type: 'requests', tab: 3, part: 'results', more: true, results: [3]});
  ports[0].answer({id, ok: true, type: 'requests', tab: 3, part: 'results', results: [4]});
  const answer = await p;
  assert.deepEqual(answer, {id, ok: true, type: 'requests', tab: 3, part: 'results', results: [1, 2, 3, 4]});
});

test('a request times out, and its late answer is ignored', async () => {
  const {clock, ports, hp} = setup({timeoutMs: 1000});
  const p = hp.request({type: 'stats'});
  answerHello(ports[0]);
  clock.advance(1000);
  await assert.rejects(p, (e) => e.code === 'timeout');
  ports[0].answer({id: ports[0].last('stats').id, ok: true});  // no throw, no effect
  assert.equal(ports.length, 1);
});

test('a split answer keeps the request alive past the timeout while frames come', async () => {
  const {clock, ports, hp} = setup({timeoutMs: 1000});
  const p = hp.request({type: 'links'});
  const {id} = ports[0].last('links');
  clock.advance(900);
  ports[0].answer({id, ok: true, part: 'flagged', more: true, flagged: [1]});
  clock.advance(900);
  ports[0].answer({id, ok: true, part: 'flagged', flagged: [2]});
  assert.deepEqual((await p).flagged, [1, 2]);
});

test('a missing host: pending requests reject, status says not_found, backoff holds', async () => {
  const {clock, ports, hp} = setup({timeoutMs: 500});
  const p = hp.request({type: 'stats'});
  ports[0].die('Specified native messaging host not found.');
  await assert.rejects(p, (e) => e.code === 'host_unavailable');
  const s = hp.status();
  assert.equal(s.state, 'unavailable');
  assert.equal(s.reason, 'not_found');
  assert.equal(s.detail, 'Specified native messaging host not found.');
  // Within the backoff no new port is opened.
  await assert.rejects(hp.request({type: 'stats'}), (e) => e.code === 'host_unavailable');
  assert.equal(ports.length, 1);
  clock.advance(1000);
  hp.request({type: 'stats'}).catch(() => {});
  assert.equal(ports.length, 2);
  // Second failure: the wait doubles.
  ports[1].die('Specified native messaging host not found.');
  clock.advance(1400);  // 600 ms still to wait: more than the request's 500 ms
  await assert.rejects(hp.request({type: 'stats'}));
  assert.equal(ports.length, 2);
  clock.advance(600);
  hp.request({type: 'stats'}).catch(() => {});
  assert.equal(ports.length, 3);
});

test('a request made during a short backoff waits for the next try', async () => {
  const {clock, ports, hp} = setup({timeoutMs: 5000});
  hp.request({type: 'stats'}).catch(() => {});
  ports[0].die('Native host has exited.');
  const p = hp.request({type: 'page'});
  assert.equal(ports.length, 1, 'no new port before the backoff (1 s) has passed');
  clock.advance(1000);
  await flush();
  assert.equal(ports.length, 2);
  answerHello(ports[1]);
  const sent = ports[1].last('page');
  ports[1].answer({id: sent.id, ok: true, type: 'page'});
  assert.equal((await p).type, 'page');
});

test('retryNow skips the backoff; a good hello resets it', async () => {
  const {ports, hp} = setup();
  hp.request({type: 'stats'}).catch(() => {});
  ports[0].die('Native host has exited.');
  assert.equal(hp.status().reason, 'exited');
  const retried = hp.retryNow();
  assert.equal(ports.length, 2);
  answerHello(ports[1]);
  assert.equal((await retried).state, 'connected');
  // The host dies again later: the first retry comes after the initial delay only.
  ports[1].die(undefined);
  assert.equal(hp.status().detail, 'Native host has exited.');
});

test('a stuck host (no answer to hello) is dropped', async () => {
  const {clock, ports, hp} = setup({timeoutMs: 500});
  hp.request({type: 'stats'}).catch(() => {});
  clock.advance(500);
  await flush();
  assert.equal(ports[0].disconnected, true);
  assert.equal(hp.status().state, 'unavailable');
});

test('a host with another protocol version is flagged incompatible', async () => {
  const {ports, hp} = setup();
  const r = hp.retryNow();
  const hello = ports[0].last('hello');
  ports[0].answer({id: hello.id, ok: true, type: 'hello', protocol: 2});
  const s = await r;
  assert.equal(s.state, 'connected');
  assert.equal(s.reason, 'incompatible');
  assert.equal(s.update, 'extension');
});

test('the same protocol with another package version works and names the older one', async () => {
  for (const [host, update] of [['0.0.9', 'host'], ['0.2.0', 'extension'], ['0.1.0.1', 'extension']]) {
    const {ports, hp} = setup();
    const r = hp.retryNow();
    const hello = ports[0].last('hello');
    ports[0].answer({id: hello.id, ok: true, type: 'hello', version: host, protocol: 1});
    const s = await r;
    assert.equal(s.state, 'connected', host);
    assert.equal(s.reason, 'version_mismatch', host);
    assert.equal(s.update, update, host);
    assert.deepEqual([s.host.version, s.host.extension], [host, '0.1.0']);
  }
});

test('a host with a newer protocol asks for the extension to be updated, an older one for the host', () => {
  assert.deepEqual(versionAgreement({version: '0.9.0', protocol: 2}, '0.1.0'),
                   {reason: 'incompatible', update: 'extension'});
  assert.deepEqual(versionAgreement({version: '0.0.1', protocol: 0}, '0.1.0'),
                   {reason: 'incompatible', update: 'host'});
  assert.deepEqual(versionAgreement({version: '0.1.0', protocol: 1}, '0.1.0'), {reason: null, update: null});
});

test('versions compare as numbers, part by part', () => {
  assert.ok(compareVersions('0.10.0', '0.9.9') > 0);
  assert.ok(compareVersions('1.2', '1.2.1') < 0);
  assert.equal(compareVersions('1.2', '1.2.0'), 0);
  assert.ok(compareVersions('garbage', '0.0.1') < 0);
  assert.ok(compareVersions('0.0.1', undefined) > 0);
});

test('connect throwing counts as a failure, not a crash', async () => {
  const {hp} = setup({connect: () => { throw new Error('nativeMessaging not allowed'); }});
  await assert.rejects(hp.request({type: 'stats'}), (e) => e.code === 'host_unavailable');
  assert.equal(hp.status().reason, 'forbidden');
});

test('close() rejects pending requests and sets idle', async () => {
  const {ports, hp} = setup();
  const p = hp.request({type: 'stats'});
  hp.close();
  await assert.rejects(p, (e) => e.code === 'host_unavailable');
  assert.equal(ports[0].disconnected, true);
  assert.equal(hp.status().state, 'idle');
});

test('garbage frames are ignored', () => {
  const {ports, hp} = setup();
  hp.request({type: 'stats'}).catch(() => {});
  for (const junk of [null, 42, 'x', {}, {id: 999, ok: true}]) ports[0].answer(junk);
});

test('classifyDisconnect knows the browsers\' messages', () => {
  const table = [
    ['Specified native messaging host not found.', 'not_found'],
    ['No such native application sauatty', 'not_found'],
    ['Access to the specified native messaging host is forbidden.', 'forbidden'],
    ['Native host has exited.', 'exited'],
    ['Error when communicating with the native messaging host.', 'failed'],
    [undefined, 'failed'],
  ];
  for (const [message, reason] of table) assert.equal(classifyDisconnect(message), reason, message);
});

test('backoffDelay doubles from 1 s up to 60 s', () => {
  assert.deepEqual([0, 1, 2, 3, 7, 8, 100].map((n) => backoffDelay(n)),
                   [0, 1000, 2000, 4000, 60000, 60000, 60000]);
});

test('joinPart concatenates only the named part', () => {
  const a = joinPart(null, {id: 1, part: 'x', x: [1], y: 'a', more: true});
  const b = joinPart(a, {id: 1, part: 'x', x: [2], y: 'b'});
  assert.deepEqual(b, {id: 1, part: 'x', x: [1, 2], y: 'b'});
});
