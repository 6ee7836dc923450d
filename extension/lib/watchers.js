// The popups that watch a tab: each opens a port named "popup" and says
// which tab it shows ({type: 'watch', tab, url}); every change of that tab
// (or of anything all popups show, such as the host's status) is pushed to
// it as {type: 'state', state}, at most one message per `delayMs`. Nothing
// polls.

export class PopupWatchers {
  #clearTimeout;
  #delayMs;
  #setTimeout;
  #stateOf;
  #watchers;

  /**
   * @param {object} o
   * @param {(query: {tab, url, retry?}) => Promise<object>} o.stateOf the popup's state
   * @param {number} [o.delayMs] coalesces a burst of changes (a page's requests) into one push
   */
  constructor({stateOf, delayMs = 100, clock = globalThis}) {
    this.#stateOf = stateOf;
    this.#delayMs = delayMs;
    this.#setTimeout = clock.setTimeout.bind(clock);
    this.#clearTimeout = clock.clearTimeout.bind(clock);
    this.#watchers = new Set();  // {port, tab, url, timer}
  }

  /** A port a popup opened: it is answered at once and then kept up to date. */
  add(port) {
    const w = {port, tab: null, url: null, timer: 0};
    this.#watchers.add(w);
    port.onDisconnect.addListener(() => {
      this.#clearTimeout(w.timer);
      this.#watchers.delete(w);
    });
    port.onMessage.addListener(async (m) => {
      if (m?.type !== 'watch') return;
      w.tab = Number.isInteger(m.tab) ? m.tab : null;
      w.url = typeof m.url === 'string' ? m.url : null;
      this.#push(w, await this.#stateOf({tab: w.tab, url: w.url, retry: true}));
    });
  }

  /** Something about `tab` changed (null: something every popup shows). */
  changed(tab = null) {
    for (const w of this.#watchers) {
      if (tab === null || w.tab === tab || w.tab === null) this.#schedule(w);
    }
  }

  size() {
    return this.#watchers.size;
  }

  #schedule(w) {
    if (w.timer) return;
    w.timer = this.#setTimeout(async () => {
      w.timer = 0;
      this.#push(w, await this.#stateOf({tab: w.tab, url: w.url}));
    }, this.#delayMs);
  }

  #push(w, state) {
    try {
      w.port.postMessage({type: 'state', state});
    } catch {
      this.#watchers.delete(w);  // the popup closed meanwhile
    }
  }
}
