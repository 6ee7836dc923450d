// A page that loaded before the background listened (the first page after a
// browser start) lists what it loaded itself: its Resource Timing entries
// ({url, type: initiatorType}) stand in for the webRequest events nobody
// saw. This turns them into the requests the host is asked about.

import {isHttpUrl} from './messages.js';

// webRequest types for the Resource Timing initiator types.
const INITIATOR_TYPES = Object.freeze({
  script: 'script', img: 'image', image: 'image', css: 'stylesheet', link: 'stylesheet',
  xmlhttprequest: 'xmlhttprequest', fetch: 'xmlhttprequest', iframe: 'sub_frame', frame: 'sub_frame',
  beacon: 'ping', video: 'media', audio: 'media', font: 'font',
});

/**
 * [{url, type}] for the entries not already `seen` by webRequest (a Set of
 * URLs), http(s) only, at most `max`; a URL loaded twice counts twice, as
 * webRequest would have counted it.
 */
export function resourceRequests(entries, seen, max) {
  const out = [];
  const left = new Set(seen);
  for (const e of Array.isArray(entries) ? entries : []) {
    if (out.length >= max) break;
    if (!e || !isHttpUrl(e.url)) continue;
    if (left.has(e.url)) {
      left.delete(e.url);  // seen once by webRequest: that one is counted already
      continue;
    }
    out.push({url: e.url, type: INITIATOR_TYPES[e.type] ?? 'other'});
  }
  return out;
}
