// background/workshop.js through the real HostPort (lib/port.js): what the
// switch sends to the host, what it opens, and what the popup is told.

import assert from 'node:assert/strict';
import {test} from 'node:test';

import {makeWorkshop} from '../../../extension/background/workshop.js';
import {fakeHostPort} from '../fake-port.mjs';

const flush = () => new Promise((r) => setImmediate(r));

function setup({workshopView = true, lang = 'kk', backoff = {}} = {}) {
  const {ports, hp: port} = fakeHostPort({backoff});
  const opened = [];
  const api = {tabs: {create: async (o) => opened.push(o.url)}};
  const config = {settings: {workshopView}, t: {lang}};
  let changes = 0;
  const workshop = makeWorkshop({api, port, config, onChange: () => changes++});
  return {ports, workshop, opened, config, changes: () => changes};
}

/** Answers the hello, then the next `dashboard` with `answer` (id and type filled in). */
async function hostAnswers(ports, answer) {
  await flush();
  const p = ports.at(-1);
  const hello = p.last('hello');
  p.answer({id: hello.id, ok: true, type: 'hello', version: '0.1.0', protocol: 1});
  await flush();
  const asked = p.last('dashboard');
  p.answer({id: asked.id, ...answer});
  return asked;
}

test('start asks the host in the popup language and opens the page it names', async () => {
  const {ports, workshop, opened, changes} = setup();
  const done = workshop.handle('start');
  assert.equal(workshop.view().busy, 'start', 'the popup says "Starting…" meanwhile');
  const url = 'http://127.0.0.1:41269/?t=226bb574226bb574226bb574226bb574&lang=kk';
  const asked = await hostAnswers(ports, {ok: true, type: 'dashboard', running: true, url});
  assert.deepEqual({...asked, id: 0}, {type: 'dashboard', action: 'start', lang: 'kk', id: 0});
  const view = await done;
  assert.deepEqual(view, {allowed: true, reason: null, supported: true, running: true, url, busy: null,
                          error: null});
  assert.deepEqual(opened, [url]);
  assert.ok(changes() >= 2, 'the popups are told when it starts and when it runs');
});

test('a page anywhere but the host\'s own on this computer is never opened', async () => {
  for (const url of ['https://127.0.0.1:8080/', 'http://example.com:8080/', 'http://127.0.0.1/',
                     'http://user:pw@127.0.0.1:8080/', 'javascript:alert(1)', 42]) {
    const {ports, workshop, opened} = setup();
    const done = workshop.handle('start');
    await hostAnswers(ports, {ok: true, type: 'dashboard', running: true, url});
    const view = await done;
    assert.equal(view.running, true, String(url));
    assert.equal(view.url, null, String(url));
    assert.deepEqual(opened, [], String(url));
  }
});

test('the host\'s error envelope is kept for the popup; nothing is opened', async () => {
  const {ports, workshop, opened} = setup();
  const done = workshop.handle('start');
  await hostAnswers(ports, {ok: false, error: {code: 'internal', message: 'could not bind 127.0.0.1'}});
  const view = await done;
  assert.deepEqual(view.error, {code: 'internal', message: 'could not bind 127.0.0.1'});
  assert.equal(view.running, false);
  assert.equal(view.busy, null);
  assert.deepEqual(opened, []);
});

test('a host without the dashboard message makes the switch unsupported', async () => {
  const {ports, workshop} = setup();
  const done = workshop.handle('status');
  await hostAnswers(ports, {ok: false, error: {code: 'unknown_type', message: 'unknown type "dashboard"'}});
  const view = await done;
  assert.equal(view.supported, false);
  assert.equal(view.error, null, 'asking for the status shows no error by itself');
});

test('stop, and status, follow what the host says', async () => {
  const {ports, workshop} = setup({lang: 'ru'});
  const start = workshop.handle('start');
  await hostAnswers(ports, {ok: true, type: 'dashboard', running: true, url: 'http://localhost:5000/?t=x'});
  assert.equal((await start).running, true);
  const stop = workshop.handle('stop');
  await flush();
  const asked = ports[0].last('dashboard');
  assert.equal(asked.action, 'stop');
  assert.equal(asked.lang, 'ru');
  ports[0].answer({id: asked.id, ok: true, type: 'dashboard', running: false});
  assert.deepEqual(await stop, {allowed: true, reason: null, supported: true, running: false, url: null,
                                busy: null, error: null});
});

test('the administrator\'s policy forbids it: nothing reaches the host', async () => {
  const {ports, workshop, opened} = setup({workshopView: false});
  const view = await workshop.handle('start');
  assert.equal(ports.length, 0, 'no port opened, nothing sent');
  assert.equal(view.allowed, false);
  assert.equal(view.reason, 'policy');
  assert.equal(view.error.code, 'forbidden');
  assert.deepEqual(opened, []);
});

test('an action that is not start, stop or status is refused without asking the host', async () => {
  const {ports, workshop} = setup();
  const view = await workshop.handle('restart');
  assert.equal(ports.length, 0);
  assert.equal(view.error.code, 'wrong_type');
});

test('the host going away takes the running view with it', async () => {
  // The next try of the port is further away than the request's time: it fails at once.
  const {ports, workshop} = setup({backoff: {initialMs: 60000}});
  const start = workshop.handle('start');
  await hostAnswers(ports, {ok: true, type: 'dashboard', running: true, url: 'http://127.0.0.1:5000/?t=x'});
  await start;
  workshop.hostGone();
  assert.equal(workshop.view().running, false);
  assert.equal(workshop.view().url, null);
  // And a start with no host says so.
  ports[0].die('Native host has exited.');
  const view = await workshop.handle('start');
  assert.equal(view.error.code, 'host_unavailable');
  assert.equal(view.running, false);
});

/** The host answers the last `dashboard` it was sent, which must be `action`. */
async function hostAnswersNext(port, action, answer) {
  await flush();
  const asked = port.last('dashboard');
  assert.equal(asked.action, action);
  port.answer({id: asked.id, ok: true, type: 'dashboard', ...answer});
  await flush();
}

test('a stop while a start is in flight stops the server once it started; no page opens', async () => {
  const {ports, workshop, opened} = setup();
  const start = workshop.handle('start');
  const stopped = workshop.stop();  // a public PC went idle meanwhile
  await hostAnswers(ports, {ok: true, type: 'dashboard', running: true, url: 'http://127.0.0.1:5000/?t=x'});
  await hostAnswersNext(ports[0], 'stop', {running: false});
  await stopped;
  assert.equal((await start).running, false);
  assert.deepEqual(ports[0].sent.filter((m) => m.type === 'dashboard').map((m) => m.action), ['start', 'stop']);
  assert.equal(workshop.view().running, false);
  assert.equal(workshop.view().busy, null);
  assert.deepEqual(opened, []);
});

test('the policy turned off while a start is in flight: the start stops what it started', async () => {
  const {ports, workshop, opened, config} = setup();
  const start = workshop.handle('start');
  config.settings.workshopView = false;
  await hostAnswers(ports, {ok: true, type: 'dashboard', running: true, url: 'http://127.0.0.1:5000/?t=x'});
  await hostAnswersNext(ports[0], 'stop', {running: false});
  const view = await start;
  assert.equal(view.running, false);
  assert.equal(view.reason, 'policy');
  assert.deepEqual(opened, []);
});

test('a status asked while a start is in flight leaves the popup saying "Starting…"', async () => {
  const {ports, workshop} = setup();
  const start = workshop.handle('start');
  const status = workshop.handle('status');  // a popup opened meanwhile
  await flush();
  const p = ports[0];
  p.answer({id: p.last('hello').id, ok: true, type: 'hello', version: '0.1.0', protocol: 1});
  await flush();
  const [askedStart, askedStatus] = p.sent.filter((m) => m.type === 'dashboard');
  assert.equal(askedStatus.action, 'status');
  p.answer({id: askedStatus.id, ok: true, type: 'dashboard', running: false});
  assert.equal((await status).busy, 'start');
  assert.equal(workshop.view().busy, 'start');
  p.answer({id: askedStart.id, ok: true, type: 'dashboard', running: true, url: 'http://127.0.0.1:5000/?t=x'});
  const view = await start;
  assert.equal(view.busy, null);
  assert.equal(view.running, true);
});
