// Where a link really leads. Search engines and social networks send their
// outbound links through a redirector of their own (google.com/url?q=…,
// l.facebook.com/l.php?u=…, vk.com/away.php?to=…); a mark belongs to the
// address behind it. Pure, so node's test runner can load it.

// host (the whole name or a subdomain of it), path, and the query parameters
// that carry the target, in order of preference.
const REDIRECTORS = [
  {host: /(^|\.)google\.(com|kz|ru|[a-z]{2}|com?\.[a-z]{2})$/, path: /^\/url$/, params: ['q', 'url']},
  {host: /(^|\.)yandex\.(ru|kz|com|by|uz|com\.tr)$/, path: /^\/clck\/(js)?redir/, params: ['url', 'u']},
  {host: /(^|\.)facebook\.com$/, path: /^\/l\.php$/, params: ['u']},
  {host: /(^|\.)vk\.(com|ru)$/, path: /^\/away\.php$/, params: ['to']},
  {host: /^t\.me$/, path: /^\/iv$/, params: ['url']},
];

const MAX_DEPTH = 3;  // a redirect to a redirect (Google → VK → site) is followed this far

/** The URL without its #fragment. */
const withoutFragment = (url) => url.split('#')[0];

/**
 * The target of a redirector link, or null when `url` is not one (or its
 * target is not an http(s) URL). Yandex's older form puts the target in the
 * path after "/*".
 */
export function unwrapRedirect(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase();
  const r = REDIRECTORS.find((x) => x.host.test(host) && x.path.test(u.pathname));
  if (!r) return null;
  let target = null;
  for (const p of r.params) {
    target = u.searchParams.get(p);
    if (target) break;
  }
  if (!target) {
    const star = u.pathname.indexOf('/*');
    if (star >= 0) target = decodeURIComponent(u.pathname.slice(star + 2));
  }
  return target && /^https?:\/\//i.test(target) ? target : null;
}

/**
 * The address to ask the host about for a link on `page`: the redirector's
 * target when it is one, else the link; null for a link to the page's own
 * site (the banner speaks for it) or a link that is not http(s).
 */
export function linkTarget(href, page) {
  if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return null;
  let url = href;
  for (let i = 0; i < MAX_DEPTH; i++) {
    const next = unwrapRedirect(url);
    if (!next) break;
    url = next;
  }
  try {
    if (new URL(url).hostname === new URL(page).hostname) return null;
  } catch {
    return null;
  }
  return withoutFragment(url);
}

/** True for an address whose fragment is a route of a single-page app (#/story/1, #!/story/1). */
export function isRouteFragment(url) {
  const i = String(url).indexOf('#');
  return i >= 0 && /^[/!]/.test(url.slice(i + 1));
}

/**
 * The page's links grouped by the address to ask the host about:
 * [{target, hrefs}] in first-seen order (several links, or several
 * redirectors, can lead to one address).
 */
export function groupLinks(hrefs, page) {
  const groups = new Map();
  for (const href of Array.isArray(hrefs) ? hrefs : []) {
    const target = typeof href === 'string' ? linkTarget(href, page) : null;
    if (!target) continue;
    let g = groups.get(target);
    if (!g) groups.set(target, g = {target, hrefs: []});
    g.hrefs.push(href);
  }
  return [...groups.values()];
}
