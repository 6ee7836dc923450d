// The popups that watch a tab: each opens a port named "popup" and says
// which tab it shows ({type: 'watch', tab, url}); every change of that tab
// (or of anything all popups show, such as the host's status) is pushed to
// it as {type: 'state', state}, at most one message per `delayMs`. Nothing
// polls.

export class PopupWatchers {
  /**
   * @param {object} o
   * @param {(query: {tab, url, retry?}) => Promise<object>} o.stateOf the popup's state
   * @param {number} [o.delayMs] coalesces a burst of changes (a page's requests) into one push
   */
  constructor({stateOf, delayMs = 100, clock = globalThis}) {
    this.stateOf_ = stateOf;
    this.delayMs_ = delayMs;
    this.setTimeout_ = clock.setTimeout.bind(clock);
    this.clearTimeout_ = clock.clearTimeout.bind(clock);
    this.watchers_ = new Set();  // {port, tab, url, timer}
  }

  /** A port a popup opened: it is answered at once and then kept up to date. */
  add(port) {
    const w = {port, tab: null, url: null, timer: 0};
    this.watchers_.add(w);
    port.onDisconnect.addListener(() => {
      this.clearTimeout_(w.timer);
      this.watchers_.delete(w);
    });
    port.onMessage.addListener(async (m) => {
      if (m?.type !== 'watch') return;
      w.tab = Number.isInteger(m.tab) ? m.tab : null;
      w.url = typeof m.url === 'string' ? m.url : null;
      this.push_(w, await this.stateOf_({tab: w.tab, url: w.url, retry: true}));
    });
  }

  /** Something about `tab` changed (null: something every popup shows). */
  changed(tab = null) {
    for (const w of this.watchers_) {
      if (tab === null || w.tab === tab || w.tab === null) this.schedule_(w);
    }
  }

  size() {
    return this.watchers_.size;
  }

  schedule_(w) {
    if (w.timer) return;
    w.timer = this.setTimeout_(async () => {
      w.timer = 0;
      this.push_(w, await this.stateOf_({tab: w.tab, url: w.url}));
    }, this.delayMs_);
  }

  push_(w, state) {
    try {
      w.port.postMessage({type: 'state', state});
    } catch {
      this.watchers_.delete(w);  // the popup closed meanwhile
    }
  }
}
