// The content script: tells the background what the page says about itself
// (metadata), shows the banner on a flagged source, and marks links that
// lead to flagged sources. A classic script (Chrome cannot load content
// scripts as modules), so it is self-contained; the background sends every
// text it shows, already in the user's language.
//
// It never changes a link: a mark is a separate element next to it. The
// banner lives in a closed shadow root, so page CSS can neither break it nor
// read what it says.

(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const MAX_LINKS_PER_PAGE = 20000;  // bounds a page that keeps adding links (infinite feeds)
  const LINK_SCAN_DELAY_MS = 800;

  // --- Page metadata ---------------------------------------------------------

  function extractMeta(doc) {
    const content = (selector) => doc.querySelector(selector)?.getAttribute('content') ?? undefined;
    const ld = readJsonLd(doc);
    const canonical = doc.querySelector('link[rel~="canonical" i][href]');
    const time = doc.querySelector('article time[datetime], time[pubdate][datetime]');
    return {
      title: doc.title || content('meta[property="og:title"]'),
      lang: doc.documentElement?.getAttribute('lang') || content('meta[http-equiv="content-language" i]'),
      canonical: canonical ? canonical.href : undefined,
      site_name: content('meta[property="og:site_name"]'),
      og_type: content('meta[property="og:type"]'),
      author: content('meta[name="author" i]') ?? content('meta[property="article:author"]') ??
              ld.author,
      published: content('meta[property="article:published_time"]') ??
                 content('meta[name="date" i]') ?? ld.published ??
                 time?.getAttribute('datetime') ?? undefined,
      modified: content('meta[property="article:modified_time"]') ?? ld.modified,
      description: content('meta[name="description" i]') ?? content('meta[property="og:description"]'),
    };
  }

  // The author and dates of the first Article-like object in JSON-LD, if any.
  function readJsonLd(doc) {
    const out = {};
    const scripts = [...doc.querySelectorAll('script[type="application/ld+json"]')].slice(0, 10);
    const visit = (node, depth) => {
      if (!node || typeof node !== 'object' || depth > 4 || out.done) return;
      if (Array.isArray(node)) return node.slice(0, 50).forEach((n) => visit(n, depth + 1));
      if (Array.isArray(node['@graph'])) visit(node['@graph'], depth + 1);
      const type = [].concat(node['@type'] ?? []).join(' ');
      if (/Article|Posting|Report/.test(type)) {
        const author = [].concat(node.author ?? [])[0];
        out.author = typeof author === 'string' ? author : author?.name;
        out.published = node.datePublished;
        out.modified = node.dateModified;
        out.done = true;
      }
    };
    for (const s of scripts) {
      if (s.textContent.length > 200000) continue;
      try {
        visit(JSON.parse(s.textContent), 0);
      } catch {
        // Broken JSON-LD is common; it just says nothing.
      }
    }
    for (const k of ['author', 'published', 'modified']) {
      if (typeof out[k] !== 'string') delete out[k];
    }
    return out;
  }

  // --- Banner ----------------------------------------------------------------

  const BANNER_ID = 'sauatty-banner';
  const COLORS = {
    info: {accent: '#1d4ed8', background: '#eff6ff'},
    caution: {accent: '#b45309', background: '#fffbeb'},
    warning: {accent: '#b91c1c', background: '#fef2f2'},
  };
  const HOST_STYLE = {
    all: 'initial', display: 'block', position: 'fixed', top: '0', left: '0', right: '0',
    'z-index': '2147483647', visibility: 'visible', opacity: '1', margin: '0',
    transform: 'none', 'pointer-events': 'auto',
  };

  const BANNER_CSS = `
    .box { box-sizing: border-box; font: 15px/1.45 system-ui, "DejaVu Sans", Arial, sans-serif;
           color: #111827; background: var(--bg); border-bottom: 1px solid #d1d5db;
           border-left: 8px solid var(--accent); padding: 10px 16px;
           box-shadow: 0 2px 6px rgba(0,0,0,.15); display: flex; flex-wrap: wrap;
           gap: 8px 16px; align-items: flex-start; max-height: 40vh; overflow: auto; }
    .text { flex: 1 1 24em; min-width: 0; }
    .title { font-weight: 700; font-size: 16px; margin: 0 0 2px; color: var(--accent); }
    .title::before { content: "⚠ "; }
    ul { margin: 2px 0 0; padding-left: 1.2em; }
    li { margin: 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    button { font: inherit; font-size: 14px; cursor: pointer; border-radius: 6px;
             padding: 5px 12px; border: 2px solid var(--accent); }
    .details { background: var(--accent); color: #fff; }
    .dismiss { background: #fff; color: #111827; border-color: #6b7280; }
    button:focus-visible { outline: 3px solid #111827; outline-offset: 2px; }
  `;

  function removeBanner() {
    document.getElementById(BANNER_ID)?.remove();
  }

  function showBanner(view) {
    removeBanner();
    const host = document.createElement('div');
    host.id = BANNER_ID;
    host.dataset.level = view.level;
    for (const [k, v] of Object.entries(HOST_STYLE)) host.style.setProperty(k, v, 'important');
    const root = host.attachShadow({mode: 'closed'});
    const style = document.createElement('style');
    style.textContent = BANNER_CSS;
    const colors = COLORS[view.level] ?? COLORS.warning;
    const box = el('div', {class: 'box', role: 'region', 'aria-label': view.label, lang: view.lang,
                           style: `--accent:${colors.accent};--bg:${colors.background}`});
    const text = el('div', {class: 'text'}, el('p', {class: 'title'}, view.title));
    if (view.lines.length) text.append(el('ul', {}, ...view.lines.map((l) => el('li', {}, l))));
    const actions = el('div', {class: 'actions'});
    const details = el('button', {class: 'details', type: 'button'}, view.details);
    details.addEventListener('click', () => send({type: 'open-details'}));
    actions.append(details);
    if (view.dismiss) {
      const dismiss = el('button', {class: 'dismiss', type: 'button', 'aria-label': view.dismissLabel,
                                    title: view.dismissLabel}, view.dismiss);
      dismiss.addEventListener('click', async () => {
        removeBanner();
        await send({type: 'dismiss'});
      });
      actions.append(dismiss);
    }
    box.append(text, actions);
    root.append(style, box);
    document.documentElement.append(host);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  // --- Link marks ------------------------------------------------------------

  const MARK_TAG = 'sauatty-mark';
  const anchorsByUrl = new Map();  // url -> [anchor] not yet answered
  const verdicts = new Map();  // url -> mark | null (answered)
  const marked = new WeakSet();
  let scanTimer = 0;
  let linksSent = 0;

  function linkUrl(a) {
    const href = a.href;
    if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return null;
    const url = href.split('#')[0];
    try {
      if (new URL(url).hostname === location.hostname) return null;  // Same site: the banner covers it.
    } catch {
      return null;
    }
    return url;
  }

  function scanLinks() {
    scanTimer = 0;
    const fresh = [];
    for (const a of document.querySelectorAll('a[href], area[href]')) {
      if (marked.has(a)) continue;
      const url = linkUrl(a);
      if (!url) continue;
      if (verdicts.has(url)) {
        const mark = verdicts.get(url);
        if (mark) markLink(a, mark);
        continue;
      }
      let list = anchorsByUrl.get(url);
      if (!list) {
        if (linksSent + fresh.length >= MAX_LINKS_PER_PAGE) continue;
        anchorsByUrl.set(url, list = []);
        fresh.push(url);
      }
      if (!list.includes(a)) list.push(a);
    }
    if (!fresh.length) return;
    linksSent += fresh.length;
    send({type: 'links', links: fresh}).then((answer) => {
      const marks = new Map((answer?.marks ?? []).map((m) => [m.url, m]));
      for (const url of fresh) {
        const mark = marks.get(url) ?? null;
        verdicts.set(url, mark);
        const anchors = anchorsByUrl.get(url) ?? [];
        anchorsByUrl.delete(url);
        if (mark) anchors.forEach((a) => markLink(a, mark));
      }
    });
  }

  function markLink(a, mark) {
    if (marked.has(a) || !a.isConnected) return;
    marked.add(a);
    const host = document.createElement(MARK_TAG);
    host.dataset.level = mark.level;
    host.title = mark.tooltip;
    host.setAttribute('role', 'img');
    host.setAttribute('aria-label', mark.tooltip);
    host.style.setProperty('display', 'inline-block', 'important');
    host.style.setProperty('margin', '0 0 0 0.25em', 'important');
    const root = host.attachShadow({mode: 'closed'});
    const color = COLORS[mark.level]?.accent ?? COLORS.warning.accent;
    const dot = document.createElement('span');
    dot.textContent = '!';
    dot.setAttribute('style', `display:inline-block;min-width:1.1em;height:1.1em;line-height:1.1em;` +
        `border-radius:50%;background:${color};color:#fff;font:700 0.75em/1.1em system-ui,sans-serif;` +
        `text-align:center;vertical-align:middle;cursor:help`);
    root.append(dot);
    a.after(host);
  }

  function watchLinks() {
    scanLinks();
    new MutationObserver((records) => {
      if (scanTimer) return;
      const added = records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 &&
          n.localName !== MARK_TAG && n.id !== BANNER_ID));
      if (added) scanTimer = setTimeout(scanLinks, LINK_SCAN_DELAY_MS);
    }).observe(document.documentElement, {childList: true, subtree: true});
  }

  // --- Talking to the background ------------------------------------------

  let stopped = false;

  async function send(message) {
    if (stopped) return null;
    try {
      return await api.runtime.sendMessage(message);
    } catch {
      stopped = true;  // The extension was updated or removed: this script is orphaned.
      return null;
    }
  }

  let watching = false;

  async function report() {
    const answer = await send({type: 'page-meta', meta: extractMeta(document)});
    if (!answer?.active) return;
    if (answer.banner) showBanner(answer.banner);
    else removeBanner();
    if (answer.markLinks && !watching) {
      watching = true;
      watchLinks();
    }
  }

  if (globalThis.__sauattyContentTest) {
    globalThis.__sauattyContentTest.exports = {extractMeta, readJsonLd};
    return;
  }
  report();
  // A page restored from the back/forward cache runs no script again: report it anew.
  addEventListener('pageshow', (e) => {
    if (e.persisted) report();
  });
})();
