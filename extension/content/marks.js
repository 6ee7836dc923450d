// Link marks: a <sauatty-mark> element right after each link that leads to a
// flagged source (the link itself is never touched), with data-level and an
// aria-label that says why. The shape tells the level apart without colour:
// a red diamond with "!" for a warning, an amber circle with "?" for a
// caution. A mark is focusable; focus, hover or a tap shows its explanation.
// The first time marks appear in a browser session a short legend says what
// they mean. Links in the page's own navigation get no mark.

(() => {
  'use strict';

  const ns = (globalThis.sauattyContent ??= {});
  const MARK_TAG = 'sauatty-mark';
  ns.MARK_TAG = MARK_TAG;
  const SHAPES = {
    warning: {glyph: '!', clip: 'polygon(50% 0, 100% 50%, 50% 100%, 0 50%)', radius: '0', size: '1.35em'},
    caution: {glyph: '?', clip: 'none', radius: '50%', size: '1.15em'},
  };
  const NAVIGATION = 'nav, [role="navigation"], [role="menubar"], [role="menu"]';

  const MARK_CSS = `
    .dot { display: inline-block; width: var(--size); height: var(--size); line-height: var(--size);
           clip-path: var(--clip); border-radius: var(--radius); background: var(--accent); color: #fff;
           font: 700 0.8em/var(--size) system-ui, "DejaVu Sans", sans-serif; text-align: center;
           vertical-align: middle; cursor: help; }
    .tip { position: absolute; left: 0; top: calc(100% + 4px); z-index: 2147483647; width: max-content;
           max-width: 22em; padding: 6px 8px; border-radius: 5px; background: #111827; color: #fff;
           font: 13px/1.4 system-ui, "DejaVu Sans", sans-serif; white-space: normal; text-align: start; }
    .tip[hidden] { display: none; }
  `;

  /** True for a link that belongs to the page's own menus. */
  ns.inNavigation = (a) => Boolean(a.closest(NAVIGATION));

  /** Puts a mark after `a`. mark: {level, label, text} (texts.js linkMark). */
  ns.markLink = (a, mark) => {
    if (!a.isConnected || a.nextElementSibling?.localName === MARK_TAG) return;
    const level = mark.level === 'warning' ? 'warning' : 'caution';
    const shape = SHAPES[level];
    const host = document.createElement(MARK_TAG);
    host.dataset.level = level;
    host.setAttribute('role', 'button');
    host.setAttribute('tabindex', '0');
    host.setAttribute('aria-label', mark.label);
    host.setAttribute('aria-expanded', 'false');
    for (const [k, v] of Object.entries({display: 'inline-block', position: 'relative', margin: '0 0 0 0.3em',
                                         'text-decoration': 'none', 'font-style': 'normal'})) {
      host.style.setProperty(k, v, 'important');
    }
    const root = host.attachShadow({mode: 'closed'});
    const style = document.createElement('style');
    style.textContent = MARK_CSS;
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.textContent = shape.glyph;
    dot.setAttribute('aria-hidden', 'true');
    dot.setAttribute('style', `--accent:${ns.COLORS[level].accent};--size:${shape.size};` +
                              `--clip:${shape.clip};--radius:${shape.radius}`);
    const tip = document.createElement('span');
    tip.className = 'tip';
    tip.hidden = true;
    tip.setAttribute('aria-hidden', 'true');  // the label already says it
    tip.textContent = mark.text;
    root.append(style, dot, tip);
    const show = (on) => {
      tip.hidden = !on;
      host.setAttribute('aria-expanded', String(on));
    };
    host.addEventListener('focus', () => show(true));
    host.addEventListener('blur', () => show(false));
    host.addEventListener('mouseenter', () => show(true));
    host.addEventListener('mouseleave', () => show(host.matches(':focus')));
    host.addEventListener('click', (e) => {
      e.preventDefault();  // a mark inside a link's parent must not follow it
      e.stopPropagation();
      show(tip.hidden);
    });
    host.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') show(false);
      else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        show(tip.hidden);
      }
    });
    a.after(host);
  };

  /** The legend: a small box at the bottom corner, closed by its button or after a while. */
  ns.showLegend = (legend, lang) => {
    if (document.getElementById('sauatty-legend')) return;
    const host = document.createElement('div');
    host.id = 'sauatty-legend';
    for (const [k, v] of Object.entries({all: 'initial', position: 'fixed', right: '12px', bottom: '12px',
                                         'z-index': '2147483646', display: 'block'})) {
      host.style.setProperty(k, v, 'important');
    }
    const root = host.attachShadow({mode: 'closed'});
    const style = document.createElement('style');
    style.textContent = `${MARK_CSS}
      .box { font: 13px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #111827; background: #fff;
             border: 1px solid #6b7280; border-radius: 6px; padding: 8px 10px; max-width: 24em;
             box-shadow: 0 2px 8px rgba(0,0,0,.2); }
      p { margin: 0 0 4px; } .row { display: flex; gap: 8px; align-items: center; margin: 2px 0; }
      button { font: inherit; margin-top: 4px; padding: 2px 10px; border: 2px solid #1d4ed8;
               border-radius: 5px; background: #fff; cursor: pointer; }
      button:focus-visible { outline: 3px solid #111827; outline-offset: 2px; }`;
    const box = document.createElement('div');
    box.className = 'box';
    box.setAttribute('role', 'note');
    box.setAttribute('lang', lang);
    const p = document.createElement('p');
    p.textContent = legend.title;
    box.append(p);
    for (const level of ['warning', 'caution']) {
      const row = document.createElement('div');
      row.className = 'row';
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.textContent = SHAPES[level].glyph;
      dot.setAttribute('aria-hidden', 'true');
      dot.setAttribute('style', `--accent:${ns.COLORS[level].accent};--size:${SHAPES[level].size};` +
                                `--clip:${SHAPES[level].clip};--radius:${SHAPES[level].radius}`);
      const text = document.createElement('span');
      text.textContent = legend[level];
      row.append(dot, text);
      box.append(row);
    }
    const hint = document.createElement('p');
    hint.textContent = legend.hint;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = legend.close;
    close.addEventListener('click', () => host.remove());
    box.append(hint, close);
    root.append(style, box);
    document.documentElement.append(host);
    setTimeout(() => host.remove(), 30000);
  };
})();
