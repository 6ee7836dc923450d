// The workshop page: connects to the host's WebSocket, draws the session's
// sites and companies (cytoscape.js, built into the host), fills the tables
// and the caption, sends play / pause / step / speed / reset, exports CSV
// (from the host, the same table `sauatty-host replay --csv` prints), SVG and
// PNG. Keeps nothing: no storage, no cookies; closing the page forgets it.
'use strict';
(() => {
  const {texts, plural} = globalThis.SAUATTY_WORKSHOP;
  const params = new URLSearchParams(location.search);
  const token = params.get('t') ?? '';
  let lang = texts[params.get('lang')] ? params.get('lang') : 'en';

  // Drawing bounds: what the map shows; the tables always list everything.
  const MAX_SITES = 500, MAX_COMPANIES = 300, MAX_LINKS = 3000;
  const RENDER_EVERY_MS = 200, LAYOUT_EVERY_MS = 1500;
  // A map of more elements than LARGE_MAP is redrawn at most every
  // LARGE_MAP_EVERY_MS (a redraw of a full map costs tens of ms of CPU; the
  // tables and the caption still follow every push).
  const LARGE_MAP = 1000, LARGE_MAP_EVERY_MS = 1000;
  const COLORS = {advertising: '#c1121f', fingerprinting: '#6a0dad', 'session-replay': '#8f2d56',
    analytics: '#e07a00', social: '#1d5fbf', email: '#0b7a75', cryptomining: '#4a4a4a',
    'tag-manager': '#9c6b00', consent: '#5c7a29', content: '#2e7d32', unknown: '#777777'};
  const PRIORITY = Object.keys(COLORS);

  const $ = (id) => document.getElementById(id);
  const t = (key, values = {}) => {
    const text = texts[lang][key] ?? texts.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
  };
  const category = (c) => texts[lang].cat[c] ?? texts.en.cat[c] ?? c;
  const siteName = (s) => (s === '(other sites)' ? t('other_sites') : s);
  const companyName = (c) => (c === '(other companies)' ? t('other_companies') : c);
  const mainCategory = (cats) =>
    PRIORITY.find((p) => cats.includes(p)) ?? cats[0] ?? 'unknown';

  let snapshot = null;   // the last one the host sent
  let frozen = false;    // "freeze view": snapshots keep arriving, the screen waits
  let focus = '';        // one site, or '' for all
  let socket = null;
  let renderTimer = null, lastRender = 0, lastLayout = 0, layoutPending = false;
  let mapTimer = null, lastMap = 0;

  const cy = typeof globalThis.cytoscape === 'function'
    ? globalThis.cytoscape({
        container: $('map'), wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 4,
        textureOnViewport: true, hideEdgesOnViewport: true,
        style: [
          {selector: 'node', style: {label: 'data(label)', 'font-size': 14, 'font-weight': 'bold',
            'text-valign': 'bottom', 'text-margin-y': 3, color: '#000', 'text-outline-color': '#fff',
            'text-outline-width': 2, width: 'data(size)', height: 'data(size)', 'border-width': 2,
            'border-color': '#000', 'min-zoomed-font-size': 9}},
          {selector: 'node[kind = "site"]', style: {shape: 'round-rectangle', 'background-color': '#fff'}},
          {selector: 'node[kind = "company"]', style: {shape: 'ellipse', 'background-color': 'data(color)'}},
          {selector: 'edge', style: {width: 'data(width)', 'line-color': '#888', opacity: 0.6,
            'curve-style': 'haystack'}},
        ],
      })
    : null;

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connect() {
    socket = new WebSocket(`ws://${location.host}/ws?t=${encodeURIComponent(token)}`);
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type !== 'snapshot') return;
      snapshot = message;
      scheduleRender();
    };
    socket.onclose = () => {
      $('status').textContent = t('status_lost');
      document.body.dataset.connected = 'false';
      setTimeout(connect, 2000);
    };
    socket.onopen = () => { document.body.dataset.connected = 'true'; };
  }

  function scheduleRender(now = false) {
    if (frozen && !now) return;
    if (renderTimer) return;
    const wait = now ? 0 : Math.max(0, RENDER_EVERY_MS - (performance.now() - lastRender));
    renderTimer = setTimeout(() => {
      renderTimer = null;
      lastRender = performance.now();
      render();
    }, wait);
  }

  // What focus mode leaves: one site, its links and its companies.
  function view() {
    const s = snapshot;
    if (!focus) return {sites: s.sites, companies: s.companies, links: s.links};
    const links = s.links.filter((l) => l.site === focus);
    const names = new Set(links.map((l) => l.company));
    return {sites: s.sites.filter((x) => x.name === focus),
      companies: s.companies.filter((c) => names.has(c.name)), links};
  }

  function render() {
    if (!snapshot) return;
    const v = view();
    renderCaption(v);
    renderStatus();
    renderTables(v);
    renderFocusChoices();
    renderControls();
    renderMapSoon(v);
  }

  function renderMapSoon(v) {
    if (!cy || mapTimer) return;
    const every = cy.elements().length > LARGE_MAP ? LARGE_MAP_EVERY_MS : 0;
    const wait = every - (performance.now() - lastMap);
    if (wait <= 0) {
      lastMap = performance.now();
      renderMap(v);
      return;
    }
    mapTimer = setTimeout(() => {
      mapTimer = null;
      if (!snapshot || frozen) return;
      lastMap = performance.now();
      renderMap(view());
    }, wait);
  }

  function renderCaption(v) {
    const site = focus || snapshot.last_site;
    if (!site) {
      $('caption').textContent = t('waiting');
      return;
    }
    const n = snapshot.links.filter((l) => l.site === site).length;
    $('caption').textContent = n === 0
      ? t('caption_none', {site: siteName(site)})
      : t(`caption_${plural(lang, n)}`, {n, site: siteName(site)});
    void v;
  }

  function renderStatus() {
    const tot = snapshot.totals;
    const mode = snapshot.mode === 'replay'
      ? t('status_replay', {pos: snapshot.replay.position, total: snapshot.replay.total})
      : t('status_live');
    $('status').textContent = `${mode}. ${t('counts', {requests: tot.requests, third: tot.third_party,
      trackers: tot.trackers})}`;
  }

  function cell(row, text, numeric = false) {
    const td = document.createElement('td');
    td.textContent = text;
    if (numeric) td.className = 'num';
    row.append(td);
  }

  // Fills `body` with one row per item, in order, as row(item) gives its
  // cells' texts: rows are kept by key and only changed cells are written,
  // so a table of 300 companies costs little when a few counts move.
  function fillRows(body, items, key, texts, numeric, dataKey) {
    const rows = new Map([...body.rows].map((r) => [r.dataset[dataKey], r]));
    let at = 0;
    for (const item of items) {
      const k = key(item);
      let row = rows.get(k);
      if (row) {
        rows.delete(k);
      } else {
        row = document.createElement('tr');
        row.dataset[dataKey] = k;
        numeric.forEach((n) => cell(row, '', n));
      }
      texts(item).forEach((text, i) => { if (row.cells[i].textContent !== text) row.cells[i].textContent = text; });
      if (body.rows[at] !== row) body.insertBefore(row, body.rows[at] ?? null);
      ++at;
    }
    for (const gone of rows.values()) gone.remove();
  }

  function renderTables(v) {
    const companies = [...v.companies].sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
    fillRows($('companies').tBodies[0], companies, (c) => c.name, (c) => [
      companyName(c.name),
      c.country ?? t('unknown_country'),
      c.categories.map(category).join(', '),
      String(focus ? 1 : c.sites),
      String(focus ? (v.links.find((l) => l.company === c.name)?.requests ?? 0) : c.requests),
    ], [false, false, false, true, true], 'company');

    const byCategory = new Map();
    for (const c of companies) {
      for (const cat of c.categories) {
        const e = byCategory.get(cat) ?? {companies: 0, requests: 0};
        e.companies += 1;
        e.requests += c.requests;
        byCategory.set(cat, e);
      }
    }
    fillRows($('categories').tBodies[0], [...byCategory].sort((a, b) => b[1].requests - a[1].requests),
      ([cat]) => cat, ([cat, e]) => [category(cat), String(e.companies), String(e.requests)],
      [false, true, true], 'category');
  }

  function renderFocusChoices() {
    const select = $('focus');
    const names = snapshot.sites.map((s) => s.name);
    const have = [...select.options].slice(1).map((o) => o.value);
    if (have.join('\n') === names.join('\n')) return;
    while (select.options.length > 1) select.remove(1);
    for (const name of names) select.add(new Option(siteName(name), name));
    select.value = names.includes(focus) ? focus : '';
  }

  function renderControls() {
    const replay = snapshot.mode === 'replay';
    $('replay-controls').hidden = !replay;
    if (replay) {
      const playing = snapshot.replay.state === 'playing';
      $('play').textContent = playing ? t('pause') : t('play');
      $('play').setAttribute('aria-pressed', String(playing));
      $('speed').value = String(snapshot.replay.speed);
    }
    $('freeze').textContent = frozen ? t('unfreeze') : t('freeze');
    $('freeze').setAttribute('aria-pressed', String(frozen));
  }

  const top = (list, n, key) => [...list].sort((a, b) => b[key] - a[key]).slice(0, n);
  const scale = (n) => Math.round(18 + 10 * Math.sqrt(n));

  function renderMap(v) {
    const sites = top(v.sites, MAX_SITES, 'requests');
    const companies = top(v.companies, MAX_COMPANIES, 'requests');
    const siteIds = new Set(sites.map((s) => `s:${s.name}`));
    const companyIds = new Set(companies.map((c) => `c:${c.name}`));
    const links = top(v.links.filter((l) => siteIds.has(`s:${l.site}`) && companyIds.has(`c:${l.company}`)),
      MAX_LINKS, 'requests');
    const wanted = new Map();
    for (const s of sites) {
      wanted.set(`s:${s.name}`, {group: 'nodes', data: {id: `s:${s.name}`, kind: 'site',
        label: siteName(s.name), size: Math.min(90, scale(s.requests / 4))}});
    }
    for (const c of companies) {
      wanted.set(`c:${c.name}`, {group: 'nodes', data: {id: `c:${c.name}`, kind: 'company',
        label: c.country ? `${companyName(c.name)} (${c.country})` : companyName(c.name),
        size: Math.min(110, scale(c.requests)), color: COLORS[mainCategory(c.categories)] ?? COLORS.unknown,
        category: mainCategory(c.categories)}});
    }
    for (const l of links) {
      const id = `l:${l.site}\u0000${l.company}`;
      wanted.set(id, {group: 'edges', data: {id, source: `s:${l.site}`, target: `c:${l.company}`,
        width: Math.min(12, Math.round(1 + Math.log2(l.requests + 1)))}});
    }
    let added = false;
    cy.batch(() => {
      cy.elements().forEach((el) => { if (!wanted.has(el.id())) el.remove(); });
      const fresh = [];
      for (const [id, el] of wanted) {
        const existing = cy.getElementById(id);
        if (existing.empty()) {
          fresh.push(el);
          continue;
        }
        // Only what changed: setting data restyles the element, and a full
        // map (3,800 elements) restyled at every push froze the page.
        const changed = {};
        let any = false;
        for (const key of Object.keys(el.data)) {
          if (existing.data(key) !== el.data[key]) { changed[key] = el.data[key]; any = true; }
        }
        if (any) existing.data(changed);
      }
      // Nodes first, then the edges between them.
      fresh.sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1));
      if (fresh.length) { cy.add(fresh); added = true; }
    });
    if (added) layoutSoon();
    const map = $('map');
    map.dataset.sites = String(sites.length);
    map.dataset.companies = String(companies.length);
    map.dataset.links = String(links.length);
    const hiddenSites = v.sites.length - sites.length, hiddenCompanies = v.companies.length - companies.length;
    $('map-note').textContent = hiddenSites > 0 || hiddenCompanies > 0
      ? t('not_drawn', {sites: hiddenSites, companies: hiddenCompanies}) : '';
  }

  // Companies in the middle, sites around them; redone at most every
  // LAYOUT_EVERY_MS, and only when nodes were added.
  function layoutSoon() {
    if (layoutPending) return;
    layoutPending = true;
    setTimeout(() => {
      layoutPending = false;
      lastLayout = performance.now();
      cy.layout({name: 'concentric', animate: false, minNodeSpacing: 70, spacingFactor: 1.2, avoidOverlap: true,
        concentric: (n) => (n.data('kind') === 'company' ? 2 : 1), levelWidth: () => 1}).run();
      cy.fit(undefined, 20);
    }, Math.max(0, LAYOUT_EVERY_MS - (performance.now() - lastLayout)));
  }

  function download(name, blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  const xml = (s) => String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

  // The map as SVG, from the drawn positions: written here, so the file
  // holds plain shapes and text any editor opens.
  function exportSvg() {
    if (!cy) return;
    const box = cy.elements().boundingBox();
    const pad = 40, w = Math.max(1, box.w) + 2 * pad, h = Math.max(1, box.h) + 2 * pad;
    const x = (p) => (p.x - box.x1 + pad).toFixed(1), y = (p) => (p.y - box.y1 + pad).toFixed(1);
    const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w.toFixed(0)} ${h.toFixed(0)}" ` +
      `width="${w.toFixed(0)}" height="${h.toFixed(0)}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`];
    cy.edges().forEach((e) => {
      const a = e.source().position(), b = e.target().position();
      out.push(`<line x1="${x(a)}" y1="${y(a)}" x2="${x(b)}" y2="${y(b)}" stroke="#888" ` +
        `stroke-opacity="0.6" stroke-width="${e.data('width')}"/>`);
    });
    cy.nodes().forEach((n) => {
      const p = n.position(), r = n.data('size') / 2;
      out.push(n.data('kind') === 'site'
        ? `<rect x="${(x(p) - r).toFixed(1)}" y="${(y(p) - r).toFixed(1)}" width="${2 * r}" height="${2 * r}" ` +
          `rx="4" fill="#fff" stroke="#000" stroke-width="2"/>`
        : `<circle cx="${x(p)}" cy="${y(p)}" r="${r}" fill="${n.data('color')}" stroke="#000" stroke-width="2"/>`);
      out.push(`<text x="${x(p)}" y="${(+y(p) + r + 16).toFixed(1)}" text-anchor="middle" font-size="14" ` +
        `font-weight="bold">${xml(n.data('label'))}</text>`);
    });
    out.push('</svg>');
    download('sauatty-workshop.svg', new Blob([out.join('\n')], {type: 'image/svg+xml'}));
  }

  function exportPng() {
    if (!cy) return;
    download('sauatty-workshop.png', cy.png({output: 'blob', bg: '#ffffff', full: true, scale: 2}));
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    $('play').textContent = t('play');
    $('freeze').textContent = t('freeze');
    if (!snapshot) $('caption').textContent = t('waiting');
    if (!cy) $('map-note').textContent = t('map_missing');
    // Labels are in the language too: the map is redrawn.
    if (snapshot) { cy?.elements().remove(); scheduleRender(true); }
  }

  $('export-csv').href = `/export.csv?t=${encodeURIComponent(token)}`;
  $('export-svg').onclick = exportSvg;
  $('export-png').onclick = exportPng;
  $('play').onclick = () => send({cmd: snapshot?.replay?.state === 'playing' ? 'pause' : 'play'});
  $('step').onclick = () => send({cmd: 'step'});
  $('speed').onchange = () => send({cmd: 'speed', speed: Number($('speed').value)});
  $('freeze').onclick = () => { frozen = !frozen; renderControls0(); if (!frozen) scheduleRender(true); };
  $('focus').onchange = () => { focus = $('focus').value; cy?.elements().remove(); scheduleRender(true); };
  $('reset').onclick = () => {
    $('reset-text').textContent = snapshot?.mode === 'replay' ? t('reset_replay') : t('reset_live');
    $('reset-dialog').showModal();
  };
  $('reset-ok').onclick = () => {
    $('reset-dialog').close();
    focus = '';
    cy?.elements().remove();
    send({cmd: 'reset'});
  };
  $('reset-cancel').onclick = () => $('reset-dialog').close();
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.onclick = () => { lang = b.dataset.lang; applyLanguage(); };
  }
  function renderControls0() {
    $('freeze').textContent = frozen ? t('unfreeze') : t('freeze');
    $('freeze').setAttribute('aria-pressed', String(frozen));
  }

  applyLanguage();
  connect();
})();
