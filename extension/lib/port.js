// One native-messaging port to sauatty-host, shared by every tab.
//
// Contract:
// - request(msg) sends {...msg, id} and resolves with the host's answer (split
//   answers already joined), or rejects with a HostError: the host's own
//   error code for {ok: false}, 'timeout' when no answer came in time,
//   'host_unavailable' when there is no host to ask.
// - The port opens lazily on the first request and says `hello` first. When
//   the host exits (or was never there) every pending request is rejected and
//   no new port is opened before a backoff delay has passed: 1 s, then
//   doubling up to 60 s, back to 1 s after a successful hello. A request
//   made during the wait waits for the next try when that comes before its
//   timeout, and fails at once otherwise. retryNow() skips the wait (the
//   popup calls it so that a freshly installed host is found at once).
// - Browser APIs come in through the constructor, so the class runs under
//   node with fakes.

import {helloMessage, PROTOCOL_VERSION} from './messages.js';

export class HostError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'HostError';
    this.code = code;
  }
}

/** Maps the browsers' disconnect messages to a reason the popup can explain. */
export function classifyDisconnect(message) {
  const m = String(message || '').toLowerCase();
  if (m.includes('not found') || m.includes('no such native application')) return 'not_found';
  if (m.includes('forbidden') || m.includes('not allowed')) return 'forbidden';
  if (m.includes('exited')) return 'exited';
  return 'failed';
}

/**
 * Compares "1.2.3"-style versions numerically: negative, 0 or positive as
 * a is older than, the same as or newer than b. A missing part counts as 0;
 * a version that is not dotted numbers is older than any that is.
 */
export function compareVersions(a, b) {
  const parse = (v) => (typeof v === 'string' && /^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : null);
  const x = parse(a), y = parse(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether the host's hello answer agrees with this extension. The package
 * versions come from one source (extension/manifest.json), so a released
 * host and extension agree exactly. reason: null when they do,
 * 'incompatible' when the protocols differ (the extension cannot work with
 * this host), 'version_mismatch' when only the versions do (it works).
 * update: which one to update, the older: 'host' or 'extension' (null
 * when they agree).
 */
export function versionAgreement(answer, extensionVersion) {
  if (answer.protocol !== undefined && answer.protocol !== PROTOCOL_VERSION) {
    const older = typeof answer.protocol === 'number' && answer.protocol > PROTOCOL_VERSION
        ? 'extension' : 'host';
    return {reason: 'incompatible', update: older};
  }
  if (answer.version === undefined || answer.version === extensionVersion) {
    return {reason: null, update: null};
  }
  return {reason: 'version_mismatch',
          update: compareVersions(answer.version, extensionVersion) < 0 ? 'host' : 'extension'};
}

export function backoffDelay(failures, {initialMs = 1000, maxMs = 60000} = {}) {
  if (failures <= 0) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
}

export class HostPort {
  #backoff;
  #clock;
  #connect;
  #failures;
  #hello;
  #lastError;
  #nextId;
  #onStatus;
  #pending;
  #port;
  #retryAt;
  #status;
  #timeoutMs;
  #version;

  /**
   * @param {object} o
   * @param {() => object} o.connect opens a port (runtime.connectNative('sauatty'))
   * @param {(port) => string|undefined} o.lastError the error text after a disconnect
   * @param {string} o.extensionVersion sent in hello
   * @param {(status) => void} [o.onStatus] called on every status change
   */
  constructor({connect, lastError, extensionVersion, onStatus = () => {}, timeoutMs = 5000,
               backoff = {}, clock = globalThis}) {
    this.#connect = connect;
    this.#lastError = lastError;
    this.#version = extensionVersion;
    this.#onStatus = onStatus;
    this.#timeoutMs = timeoutMs;
    this.#backoff = backoff;
    this.#clock = {
      now: clock.now ? clock.now.bind(clock) : () => Date.now(),
      setTimeout: clock.setTimeout.bind(clock),
      clearTimeout: clock.clearTimeout.bind(clock),
    };
    this.#port = null;
    this.#pending = new Map();
    this.#nextId = 1;
    this.#failures = 0;
    this.#retryAt = 0;
    this.#hello = null;
    this.#status = {state: 'idle', reason: null, detail: null, host: null};
  }

  status() {
    return {...this.#status};
  }

  /** Sends one request; see the contract at the top of the file. */
  request(msg, {timeoutMs = this.#timeoutMs} = {}) {
    if (!this.#port) {
      const wait = this.#retryAt - this.#clock.now();
      if (wait > 0 && wait < timeoutMs) {
        // The next try comes within this request's time: wait for it, so that
        // a page loaded just after the host crashed is still checked.
        return new Promise((resolve) => this.#clock.setTimeout(resolve, wait))
            .then(() => this.request(msg, {timeoutMs: timeoutMs - wait}));
      }
      if (wait > 0) return Promise.reject(new HostError('host_unavailable', this.#status.detail));
      this.#open();
      if (!this.#port) return Promise.reject(new HostError('host_unavailable', this.#status.detail));
    }
    return this.#send(msg, timeoutMs);
  }

  /** Forgets the backoff and (re)connects; resolves with the status after hello. */
  async retryNow() {
    this.#retryAt = 0;
    if (!this.#port) this.#open();
    try {
      await this.#hello;
    } catch {
      // The status already says why.
    }
    return this.status();
  }

  /** Closes the port on purpose (consent withdrawn); no retry until the next request. */
  close() {
    const port = this.#port;
    this.#port = null;
    this.#rejectAll(new HostError('host_unavailable', 'closed'));
    if (port) {
      try {
        port.disconnect();
      } catch {
        // Already gone.
      }
    }
    this.#setStatus({state: 'idle', reason: null, detail: null, host: null});
  }

  #open() {
    let port;
    try {
      port = this.#connect();
    } catch (e) {
      this.#failed(String(e?.message ?? e));
      return;
    }
    this.#port = port;
    port.onMessage.addListener((msg) => this.#onMessage(port, msg));
    port.onDisconnect.addListener((p) => this.#onDisconnect(port, p));
    this.#setStatus({state: 'connecting', reason: null, detail: null, host: null});
    this.#hello = this.#send(helloMessage(this.#version), this.#timeoutMs).then(
        (answer) => {
          if (this.#port !== port) return;
          this.#failures = 0;
          const agreement = versionAgreement(answer, this.#version);
          this.#setStatus({
            state: 'connected',
            reason: agreement.reason,
            update: agreement.update,
            detail: null,
            host: {version: answer.version ?? null, protocol: answer.protocol ?? null,
                   rules: answer.rules ?? null, extension: this.#version ?? null,
                   // Totals of what really loaded (docs/PROTOCOL.md `hello`).
                   loaded: answer.loaded ?? null,
                   // The lists it loaded ({id, …}), when the host says (docs/PROTOCOL.md).
                   lists: Array.isArray(answer.lists) ? answer.lists : null},
          });
        },
        (err) => {
          // A hello that times out means a host that is stuck: drop it.
          if (this.#port === port && err.code === 'timeout') this.#drop(port, 'no answer to hello');
        });
  }

  #send(msg, timeoutMs) {
    const id = this.#nextId++;
    const port = this.#port;
    return new Promise((resolve, reject) => {
      const entry = {resolve, reject, timer: null, joined: null, timeoutMs};
      this.#arm(id, entry);
      this.#pending.set(id, entry);
      try {
        port.postMessage({...msg, id});
      } catch (e) {
        this.#drop(port, String(e?.message ?? e));
      }
    });
  }

  #arm(id, entry) {
    if (entry.timer !== null) this.#clock.clearTimeout(entry.timer);
    entry.timer = this.#clock.setTimeout(() => {
      if (this.#pending.get(id) !== entry) return;
      this.#pending.delete(id);
      entry.reject(new HostError('timeout', 'the host did not answer in time'));
    }, entry.timeoutMs);
  }

  #onMessage(port, msg) {
    if (port !== this.#port || !msg || typeof msg !== 'object') return;
    const entry = this.#pending.get(msg.id);
    if (!entry) return;  // Late answer to a request that timed out.
    const joined = joinPart(entry.joined, msg);
    if (msg.more === true) {
      entry.joined = joined;
      this.#arm(msg.id, entry);
      return;
    }
    this.#pending.delete(msg.id);
    this.#clock.clearTimeout(entry.timer);
    delete joined.more;
    if (joined.ok === false) {
      const code = joined.error?.code ?? 'internal';
      entry.reject(new HostError(code, joined.error?.message));
    } else {
      entry.resolve(joined);
    }
  }

  #onDisconnect(port, p) {
    if (port !== this.#port) return;
    let detail;
    try {
      detail = this.#lastError(p ?? port);
    } catch {
      detail = undefined;
    }
    this.#drop(port, detail || 'Native host has exited.');
  }

  #drop(port, detail) {
    if (port !== this.#port) return;
    this.#port = null;
    try {
      port.disconnect();
    } catch {
      // Already gone.
    }
    this.#failed(detail);
  }

  #failed(detail) {
    this.#failures += 1;
    this.#retryAt = this.#clock.now() + backoffDelay(this.#failures, this.#backoff);
    this.#rejectAll(new HostError('host_unavailable', detail));
    this.#setStatus({state: 'unavailable', reason: classifyDisconnect(detail), detail,
                     host: null});
  }

  #rejectAll(error) {
    const entries = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of entries) {
      this.#clock.clearTimeout(entry.timer);
      entry.reject(error);
    }
  }

  #setStatus(status) {
    this.#status = status;
    try {
      this.#onStatus(this.status());
    } catch {
      // A listener's bug must not break the port.
    }
  }
}

/**
 * Joins the frames of a split answer: the array field named by `part` is
 * concatenated, every other field is taken from the latest frame.
 */
export function joinPart(joined, frame) {
  if (!joined) return {...frame};
  const part = frame.part ?? joined.part;
  const out = {...frame};
  if (typeof part === 'string' && Array.isArray(joined[part])) {
    out[part] = joined[part].concat(Array.isArray(frame[part]) ? frame[part] : []);
  }
  return out;
}
