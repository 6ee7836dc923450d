// What the extension remembers for one browser session only: the sites whose
// banner the user hid, the sites whose caution notice was already shown, and
// whether the link-mark legend was shown. Kept in memory and mirrored to
// storage.session (memory too, empty after the browser closes) so that a
// service worker that wakes up again still knows; never written to disk.
//
// Contract: has() answers from memory at once (false before load() ended:
// the worst case is one banner too many, never one too few); add() and
// clear() update memory first, then storage. Each set keeps its newest
// `max` entries.

export const KINDS = Object.freeze(['dismissed', 'noticed', 'legend']);

export class SessionMemory {
  #area;
  #cleared = 0;  // clear() calls so far: a read begun before one is dropped
  #loaded;
  #max;
  #sets;

  /** @param {{area?: {get, set, remove}, max?: number}} o area is storage.session, if the browser has it */
  constructor({area = null, max = 500} = {}) {
    this.#area = area;
    this.#max = max;
    this.#sets = new Map(KINDS.map((k) => [k, []]));
    this.#loaded = null;
  }

  /** Reads storage.session once; later calls return the same promise. */
  load() {
    this.#loaded ??= (async () => {
      if (!this.#area) return;
      const cleared = this.#cleared;
      const stored = await this.#area.get(KINDS).catch(() => ({}));
      // A clear() while the read was pending (the idle reset of a public
      // PC) must not bring the previous patron's choices back.
      if (cleared !== this.#cleared) return;
      for (const kind of KINDS) {
        const saved = Array.isArray(stored?.[kind]) ? stored[kind].filter((d) => typeof d === 'string') : [];
        // Entries added before the read finished stay, newest last.
        this.#sets.set(kind, [...new Set([...saved, ...this.#sets.get(kind)])].slice(-this.#max));
      }
    })();
    return this.#loaded;
  }

  has(kind, key) {
    return this.#sets.get(kind)?.includes(key) ?? false;
  }

  async add(kind, key) {
    const list = this.#sets.get(kind).filter((k) => k !== key);
    list.push(key);
    this.#sets.set(kind, list.slice(-this.#max));
    await this.#area?.set({[kind]: this.#sets.get(kind)}).catch(() => {});
  }

  /** Forgets everything (public-PC mode: the browser was idle). */
  async clear() {
    this.#cleared += 1;
    for (const kind of KINDS) this.#sets.set(kind, []);
    await this.#area?.remove(KINDS).catch(() => {});
  }
}
