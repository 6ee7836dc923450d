// Requests a tab made that the host has not decided yet, held until they can
// be asked about: while the tab's page URL is not known (the first page after
// a browser start can be seen before its navigation is), or while the host is
// away (not started yet, restarting). Memory only, like the tab states.
//
// Contract: add() keeps at most `maxPerTab` items per tab and returns how many
// it had to refuse (the caller counts those as undecided, so a page that
// floods a dead host cannot grow memory without bound); take() hands back
// everything held for a tab, oldest first, and forgets it.

export class Backlog {
  #items;
  #max;

  constructor({maxPerTab = 5000} = {}) {
    this.#max = maxPerTab;
    this.#items = new Map();  // tab -> [item]
  }

  add(tab, items) {
    let list = this.#items.get(tab);
    if (!list) this.#items.set(tab, list = []);
    const room = Math.max(0, this.#max - list.length);
    list.push(...items.slice(0, room));
    return Math.max(0, items.length - room);
  }

  take(tab) {
    const list = this.#items.get(tab) ?? [];
    this.#items.delete(tab);
    return list;
  }

  drop(tab) {
    this.#items.delete(tab);
  }

  size(tab) {
    return this.#items.get(tab)?.length ?? 0;
  }

  tabs() {
    return [...this.#items.keys()];
  }
}
