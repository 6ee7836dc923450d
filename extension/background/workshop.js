// The popup's "Workshop view" switch: asks the host, over the one native
// port, to start or stop its workshop server (docs/WORKSHOP.md) and opens
// the page in a new tab when it started. The server lives in the host's
// process, so it ends with the host (the browser closing ends the host).
//
// Contract: handle(action) with action 'start', 'stop' or 'status' resolves
// with view() after the host answered (it never rejects: an error is kept in
// view().error until the next action). The switch is off unless someone
// switches it on; an administrator forbids it with the policy key
// `workshopView: false` (view().allowed false, reason 'policy': nothing is
// sent to the host, and a running server is stopped; so is one whose start
// was in flight when the policy changed or stop() came). A host without the
// `dashboard` message (older than this extension) makes view().supported
// false. onChange() is called whenever view() changed.

import {DASHBOARD_ACTIONS, dashboardMessage, readDashboardAnswer} from '../lib/messages.js';

// Starting the server binds a socket and builds the page's session: quick,
// but on a loaded machine slower than a verdict.
const TIMEOUT_MS = 10000;

/**
 * @param {object} o
 * @param {{tabs: {create}}} o.api the browser's extension API (tabs.create only)
 * @param {{request}} o.port lib/port.js HostPort
 * @param {object} o.config background/config.js (settings.workshopView, t.lang)
 * @param {() => void} o.onChange
 */
export function makeWorkshop({api, port, config, onChange = () => {}}) {
  let running = false;
  let url = null;
  let supported = true;
  let busy = null;  // 'start' | 'stop' while waiting for the host
  let error = null;  // {code, message} of the last failed action
  let starting = null;  // the start in flight (start()): a stop waits for it
  let cancelled = false;  // stop() came while that start was in flight

  const allowed = () => config.settings.workshopView !== false;

  function view() {
    return {allowed: allowed(), reason: allowed() ? null : 'policy', supported, running, url, busy, error};
  }

  async function handle(action) {
    if (!DASHBOARD_ACTIONS.includes(action)) {
      error = {code: 'wrong_type', message: 'unknown action'};
      onChange();
      return view();
    }
    if (action === 'start' && !allowed()) {
      error = {code: 'forbidden', message: 'the administrator turned the workshop view off'};
      onChange();
      return view();
    }
    if (action === 'start') return (starting = start());
    return ask(action);
  }

  async function start() {
    cancelled = false;
    await ask('start');
    // Forbidden, or stopped (stop()), while it started: the server must not keep running.
    if (running && (cancelled || !allowed())) return ask('stop');
    return view();
  }

  /** One round trip to the host. Only the action that set `busy` clears it. */
  async function ask(action) {
    if (action !== 'status') {
      busy = action;
      error = null;
      onChange();
    }
    try {
      const answer = await port.request(dashboardMessage(action, config.t?.lang ?? 'en'), {timeoutMs: TIMEOUT_MS});
      ({running, url} = readDashboardAnswer(answer));
      supported = true;
      if (action === 'start' && running && url && allowed() && !cancelled) {
        await api.tabs.create({url}).catch(() => {});
      }
    } catch (e) {
      if (e.code === 'unknown_type') supported = false;
      // A status that fails says nothing new; a start or stop that fails is shown.
      if (action !== 'status') error = {code: e.code ?? 'internal', message: String(e.message ?? '')};
      if (e.code === 'host_unavailable') running = false;
    } finally {
      if (busy === action) busy = null;
    }
    onChange();
    return view();
  }

  /** The host went away: its server went with it. */
  function hostGone() {
    if (!running) return;
    running = false;
    url = null;
    onChange();
  }

  /**
   * Stops a running server, or one still starting (the policy now forbids it,
   * or a public PC went idle); resolves when the host answered.
   */
  async function stop() {
    if (busy === 'start') {
      cancelled = true;
      await starting;  // start() stops what it started
    }
    if (running) await ask('stop');
  }

  return {view, handle, hostGone, stop};
}
