// The in-page banner (a warning) or notice (a caution): one compact line
// that pushes the page down (layout.js) instead of covering it, with the
// reasons one click away ("Why?"). Its host element is #sauatty-banner with
// data-level and data-kind, placed before <body> so that it is the first stop
// in the keyboard order; its content lives in a closed shadow root (page CSS
// can neither break it nor read it). A warning is role "alert" (screen
// readers say it at once), a notice role "status".

(() => {
  'use strict';

  const ns = (globalThis.sauattyContent ??= {});
  const BANNER_ID = 'sauatty-banner';
  ns.BANNER_ID = BANNER_ID;
  ns.COLORS = {
    info: {accent: '#1d4ed8', background: '#eff6ff'},
    caution: {accent: '#b45309', background: '#fffbeb'},
    warning: {accent: '#b91c1c', background: '#fef2f2'},
  };
  const HOST_STYLE = {
    all: 'initial', display: 'block', position: 'fixed', top: '0', left: '0', right: '0',
    'z-index': '2147483647', visibility: 'visible', opacity: '1', margin: '0',
    transform: 'none', 'pointer-events': 'auto',
  };

  const CSS = `
    .box { box-sizing: border-box; font: 14px/1.4 system-ui, "DejaVu Sans", Arial, sans-serif;
           color: #111827; background: var(--bg); border-bottom: 1px solid #9ca3af;
           border-left: 6px solid var(--accent); padding: 4px 10px; display: flex; flex-wrap: wrap;
           gap: 4px 10px; align-items: center; max-height: 60vh; overflow: auto; }
    .title { flex: 1 1 12em; min-width: 0; margin: 0; white-space: nowrap; overflow: hidden;
             text-overflow: ellipsis; font-weight: 700; color: var(--accent); }
    .title::before { content: var(--icon); }
    .summary { font-weight: 400; color: #111827; }
    .actions { display: flex; gap: 6px; flex: none; align-items: center; }
    button { font: inherit; font-size: 13px; cursor: pointer; border-radius: 5px; padding: 2px 10px;
             border: 2px solid var(--accent); background: #fff; color: #111827; }
    .details { background: var(--accent); color: #fff; }
    .dismiss { border-color: #6b7280; }
    button:focus-visible { outline: 3px solid #111827; outline-offset: 2px; }
    .reasons { flex: 1 0 100%; margin: 0; padding: 2px 0 4px 1.4em; }
    .reasons[hidden] { display: none; }
  `;

  let host = null;
  let shown = '';  // the view now shown, as JSON (an equal answer changes nothing)

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== ''));
    return node;
  }

  function fit() {
    if (host?.isConnected) ns.reserve(host.getBoundingClientRect().height, host);
  }

  ns.removeBanner = () => {
    host?.remove();
    host = null;
    shown = '';
    ns.reserve(0);
  };

  /** Shows `view` (texts.js bannerView) or, for null, removes the banner. */
  ns.showBanner = (view, {onDetails, onDismiss}) => {
    const json = JSON.stringify(view);
    if (json === shown && host?.isConnected) return;
    if (host) host.remove();
    if (!view) {
      ns.removeBanner();
      return;
    }
    shown = json;
    host = document.createElement('div');
    host.id = BANNER_ID;
    host.dataset.level = view.level;
    host.dataset.kind = view.kind;
    for (const [k, v] of Object.entries(HOST_STYLE)) host.style.setProperty(k, v, 'important');
    const root = host.attachShadow({mode: 'closed'});
    const colors = ns.COLORS[view.level] ?? ns.COLORS.warning;
    const icon = view.level === 'warning' ? '"\u26A0\uFE0E "' : '"\u24D8 "';
    const box = el('div', {class: 'box', role: view.role, 'aria-label': view.label, lang: view.lang,
                           style: `--accent:${colors.accent};--bg:${colors.background};--icon:${icon}`});
    const title = el('p', {class: 'title', title: view.summary ? `${view.title} · ${view.summary}` : view.title},
                     view.title, view.summary ? el('span', {class: 'summary'}, ` · ${view.summary}`) : null);
    const reasons = el('ul', {class: 'reasons', id: 'reasons', hidden: ''},
                       ...view.lines.map((l) => el('li', {}, l)));
    const actions = el('div', {class: 'actions'});
    if (view.lines.length) {
      const why = el('button', {class: 'why', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'reasons'},
                     view.why);
      why.addEventListener('click', () => {
        const open = reasons.hidden;
        reasons.hidden = !open;
        why.setAttribute('aria-expanded', String(open));
        fit();
      });
      actions.append(why);
    }
    const details = el('button', {class: 'details', type: 'button'}, view.details);
    details.addEventListener('click', onDetails);
    actions.append(details);
    if (view.dismiss) {
      const dismiss = el('button', {class: 'dismiss', type: 'button', 'aria-label': view.dismissLabel,
                                    title: view.dismissLabel}, view.dismiss);
      dismiss.addEventListener('click', () => {
        ns.removeBanner();
        onDismiss();
      });
      actions.append(dismiss);
    }
    box.append(title, actions, reasons);
    root.append(el('style', {}, CSS), box);
    // Before <body> (or where <body> will come, early in the load): first in the Tab order.
    document.documentElement.insertBefore(host, document.body);
    fit();
    new ResizeObserver(fit).observe(host);
  };
})();
