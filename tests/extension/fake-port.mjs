import {HostPort} from '../../extension/lib/port.js';
import {FakeClock} from './fake-clock.mjs';

// A fake native port: records what the extension posts; the test answers.
export class FakePort {
  constructor() {
    this.sent = [];
    this.messageListeners = [];
    this.disconnectListeners = [];
    this.disconnected = false;
    this.onMessage = {addListener: (f) => this.messageListeners.push(f)};
    this.onDisconnect = {addListener: (f) => this.disconnectListeners.push(f)};
  }
  postMessage(m) {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(structuredClone(m));
  }
  disconnect() {
    this.disconnected = true;
  }
  answer(m) {
    for (const f of this.messageListeners) f(m);
  }
  die(error) {
    this.error = error ? {message: error} : null;
    this.disconnected = true;
    for (const f of this.disconnectListeners) f(this);
  }
  last(type) {
    return [...this.sent].reverse().find((m) => m.type === type);
  }
}

/**
 * The real HostPort (lib/port.js) over FakePorts and a FakeClock: every port
 * it opens is in `ports`, every status it reported in `statuses`. `opts`
 * are HostPort's (backoff, timeoutMs, …).
 */
export function fakeHostPort(opts = {}) {
  const clock = new FakeClock();
  const ports = [];
  const statuses = [];
  const hp = new HostPort({
    connect: () => {
      const p = new FakePort();
      ports.push(p);
      return p;
    },
    lastError: (p) => p.error?.message,
    extensionVersion: '0.1.0',
    onStatus: (s) => statuses.push(s),
    clock,
    ...opts,
  });
  return {clock, ports, statuses, hp};
}
