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
  // Links: every drawn node keeps its busiest link, then the busiest others
  // up to MAX_LINKS (the rest are counted under the map): a full session
  // holds 3,000 and more, and drawing each of them at every change is what
  // made a full map slow (edges are most of the canvas work).
  const MAX_SITES = 500, MAX_COMPANIES = 300, MAX_LINKS = MAX_SITES + MAX_COMPANIES;
  const RENDER_EVERY_MS = 200, LAYOUT_EVERY_MS = 1500;
  // A map of more than SMALL_MAP nodes is not laid out again when nodes are
  // added: each new node is placed on a free spot near its drawn neighbours
  // and the others stay where they are (laying out 800 nodes again froze the
  // page for up to 0.7 s at each addition). A full layout comes only with a
  // new map: the first one, reset, focus, another language.
  const SMALL_MAP = 100;
  // A session of more than LARGE sites, companies and links has its tables
  // redrawn at most every TABLES_EVERY_MS and its map every MAP_EVERY_MS,
  // each in a task of its own: a 300-row table's layout costs milliseconds,
  // and cytoscape draws a full map (800 nodes, 800 links) twice after each
  // change, 15-25 ms of CPU each time. The caption and the counts still
  // follow every push.
  const LARGE = 1000, TABLES_EVERY_MS = 1000, MAP_EVERY_MS = 2000;
  const COLORS = {advertising: '#c1121f', fingerprinting: '#6a0dad', 'session-replay': '#8f2d56',
    analytics: '#e07a00', social: '#1d5fbf', email: '#0b7a75', cryptomining: '#4a4a4a',
    'tag-manager': '#9c6b00', consent: '#5c7a29', content: '#2e7d32', unknown: '#777777'};
  const PRIORITY = Object.keys(COLORS);
  // The host's name for the sites' own tracking (session.h kSiteItself): a
  // row of the table, never a company on the map; the site node is marked.
  const SITE_ITSELF = '(the site itself)';
  const OWN_COLOR = '#8b0000';

  const $ = (id) => document.getElementById(id);
  const t = (key, values = {}) => {
    const text = texts[lang][key] ?? texts.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
  };
  const category = (c) => texts[lang].cat[c] ?? texts.en.cat[c] ?? c;
  const siteName = (s) => (s === '(other sites)' ? t('other_sites') : s);
  const companyName = (c) => (c === '(other companies)' ? t('other_companies')
    : c === SITE_ITSELF ? t('site_itself') : c);
  const mainCategory = (cats) =>
    PRIORITY.find((p) => cats.includes(p)) ?? cats[0] ?? 'unknown';

  let snapshot = null;   // the last one the host sent
  let frozen = false;    // "freeze view": snapshots keep arriving, the screen waits
  let focus = '';        // one site, or '' for all
  let socket = null;
  let renderTimer = null, lastRender = 0, lastLayout = 0, layoutPending = false;
  // Full layouts run; the map's panel says it (data-layouts) and whether
  // one is due (data-layout: due | done).
  let layouts = 0;
  // What the map holds: element id → the data last given to cytoscape, so a
  // redraw compares plain objects and touches only what changed.
  const drawn = new Map();
  // The user zoomed or panned the map (wheel, pinch or drag: cytoscape's
  // user events, never the page's own fit or layout). New nodes then no
  // longer zoom the map out, away from what the user is reading, until the
  // next full layout (a new map: reset, show one site, another language).
  let userView = false;

  const cy = typeof globalThis.cytoscape === 'function'
    ? globalThis.cytoscape({
        container: $('map'), wheelSensitivity: 0.3, minZoom: 0.02, maxZoom: 4,
        textureOnViewport: true, hideEdgesOnViewport: true,
        style: [
          {selector: 'node', style: {label: 'data(label)', 'font-size': 14, 'font-weight': 'bold',
            'text-valign': 'bottom', 'text-margin-y': 3, color: '#000', 'text-outline-color': '#fff',
            'text-outline-width': 2, width: 'data(size)', height: 'data(size)', 'border-width': 2,
            'border-color': '#000', 'min-zoomed-font-size': 9}},
          {selector: 'node[kind = "site"]', style: {shape: 'round-rectangle', 'background-color': '#fff'}},
          {selector: 'node[?own]', style: {'border-width': 6, 'border-style': 'double', 'border-color': OWN_COLOR}},
          {selector: 'node[kind = "company"]', style: {shape: 'ellipse', 'background-color': 'data(color)'}},
          {selector: 'edge', style: {width: 'data(width)', 'line-color': '#888', opacity: 0.6,
            'curve-style': 'haystack'}},
        ],
      })
    : null;
  cy?.on('scrollzoom pinchzoom dragpan', () => { userView = true; });

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

  // A part of the page redrawn at most every `every` ms of a large session
  // (at once in a small one), from the latest snapshot.
  const slowPart = (draw, every) => ({draw, every, last: -Infinity, timer: null});
  const tablesPart = slowPart((v) => renderTables(v), TABLES_EVERY_MS);
  const mapPart = slowPart((v) => { if (cy) renderMap(v); }, MAP_EVERY_MS);

  function soon(part, v) {
    if (part.timer) return;
    const wait = (large(v) ? part.every : 0) - (performance.now() - part.last);
    if (wait <= 0) {
      part.last = performance.now();
      part.draw(v);
      return;
    }
    part.timer = setTimeout(() => {
      part.timer = null;
      if (!snapshot || frozen) return;
      part.last = performance.now();
      part.draw(view());
    }, wait);
  }

  const large = (v) => v.sites.length + v.companies.length + v.links.length > LARGE;

  function render() {
    if (!snapshot) return;
    const v = view();
    renderCaption(v);
    renderStatus();
    renderFocusChoices();
    renderControls();
    soon(tablesPart, v);
    soon(mapPart, v);
  }

  // Empties the map; the next render draws it and the tables at once.
  function clearMap() {
    cy?.elements().remove();
    drawn.clear();
    for (const part of [tablesPart, mapPart]) {
      clearTimeout(part.timer);
      part.timer = null;
      part.last = -Infinity;
    }
  }

  function renderCaption(v) {
    const site = focus || snapshot.last_site;
    if (!site) {
      $('caption').textContent = t('waiting');
      return;
    }
    const n = snapshot.links.filter((l) => l.site === site).length;
    const own = snapshot.sites.find((s) => s.name === site)?.own;
    $('caption').textContent = (n === 0
      ? t('caption_none', {site: siteName(site)})
      : t(`caption_${plural(lang, n)}`, {n, site: siteName(site)})) + (own ? `. ${t('caption_own')}` : '');
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

  // The sites' own tracking as one row: the sites that track their readers
  // themselves (no company behind them that other sites share).
  function siteItselfRow(sites) {
    const own = sites.filter((s) => s.own);
    if (!own.length) return [];
    const byCategory = {};
    for (const s of own) {
      for (const [cat, n] of Object.entries(s.own.by_category ?? {})) byCategory[cat] = (byCategory[cat] ?? 0) + n;
    }
    const categories = [...new Set(own.flatMap((s) => s.own.categories))].sort();
    return [{name: SITE_ITSELF, country: null, categories, by_category: byCategory, sites: own.length,
      requests: own.reduce((sum, s) => sum + s.own.requests, 0), own: true}];
  }

  function renderTables(v) {
    const companies = [...v.companies, ...siteItselfRow(v.sites)]
      .sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
    fillRows($('companies').tBodies[0], companies, (c) => c.name, (c) => [
      companyName(c.name),
      c.country ?? t('unknown_country'),
      c.categories.map(category).join(', '),
      String(focus ? 1 : c.sites),
      String(focus && !c.own ? (v.links.find((l) => l.company === c.name)?.requests ?? 0) : c.requests),
    ], [false, false, false, true, true], 'company');
    for (const row of $('companies').tBodies[0].rows) row.classList.toggle('own', row.dataset.company === SITE_ITSELF);

    // Each company (and the sites' own tracking) counts in each of its
    // categories with the requests of that category (by_category), so the
    // column adds up to the requests, not to a multiple of them.
    const byCategory = new Map();
    for (const c of companies) {
      for (const cat of c.categories) {
        const e = byCategory.get(cat) ?? {companies: 0, requests: 0};
        if (!c.own) e.companies += 1;
        e.requests += c.by_category?.[cat] ?? 0;
        byCategory.set(cat, e);
      }
    }
    fillRows($('categories').tBodies[0], [...byCategory].sort((a, b) => b[1].requests - a[1].requests),
      ([cat]) => cat, ([cat, e]) => [category(cat), String(e.companies), String(e.requests)],
      [false, true, true], 'category');
  }

  // One choice a site, in the snapshot's order after "all sites": options
  // are kept by site, so a new site adds one option (rebuilding 500 at
  // every push cost more than the rest of the push).
  function renderFocusChoices() {
    const select = $('focus');
    const options = new Map([...select.options].slice(1).map((o) => [o.value, o]));
    let at = 1;
    for (const {name} of snapshot.sites) {
      let option = options.get(name);
      if (option) options.delete(name);
      else option = new Option('', name);
      setText(option, siteName(name));
      if (select.options[at] !== option) select.add(option, at);
      ++at;
    }
    for (const gone of options.values()) gone.remove();
    const value = snapshot.sites.some((x) => x.name === focus) ? focus : '';
    if (select.value !== value) select.value = value;
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
  // Node sizes in steps of 4 px: most single requests change no size, and
  // a map where nothing changed is not drawn again.
  const scale = (n) => 4 * Math.round((18 + 10 * Math.sqrt(n)) / 4);

  // The links drawn between the drawn nodes, at most MAX_LINKS: first the
  // busiest link of each site and of each company (so no drawn node floats
  // alone), then the busiest of the rest.
  // Among links of equal requests those already drawn come first, so that
  // a redraw swaps links only when another one has become busier.
  function drawnLinks(links, siteIds, companyIds) {
    const between = links.filter((l) => siteIds.has(l.site) && companyIds.has(l.company))
      .map((l) => ({...l, id: `l:${l.site}\u0000${l.company}`}));
    for (const l of between) l.drawn = drawn.has(l.id);
    between.sort((a, b) => b.requests - a.requests || b.drawn - a.drawn);
    const chosen = new Set(), linked = new Set();
    for (const l of between) {
      if (chosen.size >= MAX_LINKS) break;
      if (linked.has(`s:${l.site}`) && linked.has(`c:${l.company}`)) continue;
      chosen.add(l);
      linked.add(`s:${l.site}`);
      linked.add(`c:${l.company}`);
    }
    for (const l of between) {
      if (chosen.size >= MAX_LINKS) break;
      chosen.add(l);
    }
    return {drawn: [...chosen], between: between.length};
  }

  function renderMap(v) {
    const sites = top(v.sites, MAX_SITES, 'requests');
    const companies = top(v.companies, MAX_COMPANIES, 'requests');
    const {drawn: links, between} = drawnLinks(v.links, new Set(sites.map((s) => s.name)),
      new Set(companies.map((c) => c.name)));
    const wanted = new Map();
    for (const s of sites) {
      wanted.set(`s:${s.name}`, {group: 'nodes', data: {id: `s:${s.name}`, kind: 'site',
        label: siteName(s.name), size: Math.min(90, scale(s.requests / 4)), own: Boolean(s.own)}});
    }
    for (const c of companies) {
      wanted.set(`c:${c.name}`, {group: 'nodes', data: {id: `c:${c.name}`, kind: 'company',
        label: c.country ? `${companyName(c.name)} (${c.country})` : companyName(c.name),
        size: Math.min(110, scale(c.requests)), color: COLORS[mainCategory(c.categories)] ?? COLORS.unknown,
        category: mainCategory(c.categories)}});
    }
    for (const l of links) {
      wanted.set(l.id, {group: 'edges', data: {id: l.id, source: `s:${l.site}`, target: `c:${l.company}`,
        width: Math.min(12, Math.round(1 + Math.log2(l.requests + 1)))}});
    }
    // Only what changed: setting data restyles the element and redraws the
    // map, and a full map restyled at every push froze the page.
    const gone = [...drawn.keys()].filter((id) => !wanted.has(id));
    const fresh = [], changes = [];
    for (const [id, el] of wanted) {
      const before = drawn.get(id);
      if (!before) {
        fresh.push(el);
        continue;
      }
      const changed = {};
      let any = false;
      for (const key of Object.keys(el.data)) {
        if (before[key] !== el.data[key]) { changed[key] = el.data[key]; any = true; }
      }
      if (any) changes.push([id, changed]);
    }
    const freshNodes = fresh.filter((el) => el.group === 'nodes');
    let fit = false;
    if (gone.length || fresh.length || changes.length) {
      cy.batch(() => {
        // Edges first: a node's removal takes its edges with it.
        gone.sort((a, b) => (a[0] === 'l' ? 0 : 1) - (b[0] === 'l' ? 0 : 1));
        for (const id of gone) { cy.getElementById(id).remove(); drawn.delete(id); }
        for (const [id, changed] of changes) {
          cy.getElementById(id).data(changed);
          Object.assign(drawn.get(id), changed);
        }
        // Positions depend on the nodes only: a link drawn instead of
        // another moves nothing. A new or small map is laid out whole; the
        // new nodes of a large one are placed among the others.
        const kept = cy.nodes().length;
        if (freshNodes.length) {
          if (kept === 0 || kept + freshNodes.length <= SMALL_MAP || layoutPending) {
            layoutSoon();
          } else {
            // The view zooms out to a new node outside it, unless the user
            // has set the view.
            const extent = cy.extent();
            for (const [el, p] of placeAmong(freshNodes, links)) {
              el.position = p;
              const r = el.data.size / 2;
              fit ||= !userView &&
                (p.x - r < extent.x1 || p.x + r > extent.x2 || p.y - r < extent.y1 || p.y + r > extent.y2);
            }
          }
        }
        // Nodes first, then the edges between them.
        fresh.sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1));
        if (fresh.length) cy.add(fresh);
        for (const el of fresh) drawn.set(el.data.id, {...el.data});
        // In the same batch: one redraw for the change and the new view.
        if (fit) cy.fit(undefined, 20);
      });
    }
    const hiddenSites = v.sites.length - sites.length, hiddenCompanies = v.companies.length - companies.length;
    const hiddenLinks = between - links.length;
    // The drawn counts are on the map's panel, never on cytoscape's own
    // container: cytoscape resizes and draws the whole map again after any
    // change to its container's attributes (a second full redraw a change).
    setData($('map-panel'), {sites: sites.length, companies: companies.length, links: links.length,
      ownSites: sites.filter((x) => x.own).length, linksNotDrawn: hiddenLinks});
    setText($('map-note'), [
      hiddenSites > 0 || hiddenCompanies > 0 ? t('not_drawn', {sites: hiddenSites, companies: hiddenCompanies}) : '',
      hiddenLinks > 0 ? t('links_not_drawn', {n: hiddenLinks}) : ''].filter(Boolean).join(' '));
  }

  // Writes only what changed: an unchanged attribute or text written again
  // still invalidates the page's style or layout.
  function setData(el, values) {
    for (const [key, value] of Object.entries(values)) {
      if (el.dataset[key] !== String(value)) el.dataset[key] = String(value);
    }
  }
  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  // Where the new nodes of a large map go: each on the free spot nearest to
  // the middle of its placed neighbours (a site beside the companies it
  // talks to, a company beside its sites), or to the map's middle when none
  // is placed yet. A spot is free when no node is nearer than both radii
  // and GAP; spots are tried outwards from there on a sunflower spiral
  // (evenly spread), and a grid of BUCKET-sized cells (more than two of the
  // largest radii and GAP) finds the nodes near a spot. No drawn node moves.
  function placeAmong(nodes, links) {
    const GAP = 8, BUCKET = 128, STEP = 20, GOLDEN = Math.PI * (3 - Math.sqrt(5)), TRIES = 20000;
    const grid = new Map(), at = new Map();
    const cell = (i, j) => (i + 32768) * 65536 + (j + 32768);
    const put = (id, p, r) => {
      at.set(id, p);
      const key = cell(Math.floor(p.x / BUCKET), Math.floor(p.y / BUCKET));
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push({x: p.x, y: p.y, r});
    };
    const free = (x, y, r) => {
      const i0 = Math.floor(x / BUCKET), j0 = Math.floor(y / BUCKET);
      for (let i = i0 - 1; i <= i0 + 1; ++i) {
        for (let j = j0 - 1; j <= j0 + 1; ++j) {
          for (const o of grid.get(cell(i, j)) ?? []) {
            if ((o.x - x) ** 2 + (o.y - y) ** 2 < (o.r + r + GAP) ** 2) return false;
          }
        }
      }
      return true;
    };
    const box = {x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity};
    cy.nodes().forEach((n) => {
      const p = {...n.position()};
      put(n.id(), p, n.data('size') / 2);
      box.x1 = Math.min(box.x1, p.x); box.x2 = Math.max(box.x2, p.x);
      box.y1 = Math.min(box.y1, p.y); box.y2 = Math.max(box.y2, p.y);
    });
    const middle = {x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2};
    const ids = new Set(nodes.map((el) => el.data.id));
    const neighbours = new Map();
    const link = (a, b) => { if (ids.has(a)) (neighbours.get(a) ?? neighbours.set(a, []).get(a)).push(b); };
    for (const l of links) {
      link(`s:${l.site}`, `c:${l.company}`);
      link(`c:${l.company}`, `s:${l.site}`);
    }
    // Next, the node with the most neighbours placed (then companies, then
    // the larger): a new site's new companies gather round it.
    const rank = (el) => [(neighbours.get(el.data.id) ?? []).filter((id) => at.has(id)).length,
      el.data.kind === 'company' ? 1 : 0, el.data.size];
    const before = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    const left = new Set(nodes);
    const placed = [];
    while (left.size) {
      let el = null, best = null;
      for (const candidate of left) {
        const r = rank(candidate);
        if (!best || before(r, best) > 0) { el = candidate; best = r; }
      }
      left.delete(el);
      const near = (neighbours.get(el.data.id) ?? []).map((id) => at.get(id)).filter(Boolean);
      const target = near.length
        ? {x: near.reduce((sum, p) => sum + p.x, 0) / near.length, y: near.reduce((sum, p) => sum + p.y, 0) / near.length}
        : middle;
      const r = el.data.size / 2;
      let p = target;
      for (let k = 0; k < TRIES; ++k) {
        const d = STEP * Math.sqrt(k), a = k * GOLDEN;
        p = {x: target.x + d * Math.cos(a), y: target.y + d * Math.sin(a)};
        if (free(p.x, p.y, r)) break;
      }
      put(el.data.id, p, r);
      placed.push([el, p]);
    }
    return placed;
  }

  // Companies in the middle, sites around them, for a new map and while it
  // is small (placeAmong places the nodes added to a large one); redone at
  // most every LAYOUT_EVERY_MS. A large map is packed tighter (its labels
  // show only when zoomed in), so that all of it fits the panel: 300
  // companies on one ring 70 px apart did not.
  function layoutSoon() {
    if (layoutPending) return;
    layoutPending = true;
    setData($('map-panel'), {layout: 'due'});
    setTimeout(() => {
      layoutPending = false;
      lastLayout = performance.now();
      const many = cy.nodes().length > SMALL_MAP;
      cy.layout({name: 'concentric', animate: false, minNodeSpacing: many ? 8 : 70, spacingFactor: many ? 1 : 1.2,
        avoidOverlap: true,
        concentric: (n) => (n.data('kind') === 'company' ? 2 : 1), levelWidth: () => 1}).run();
      cy.fit(undefined, 20);
      userView = false;
      setData($('map-panel'), {layout: 'done', layouts: ++layouts});
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
          `rx="4" fill="#fff" stroke="${n.data('own') ? OWN_COLOR : '#000'}" stroke-width="${n.data('own') ? 6 : 2}"/>`
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
    if (snapshot) { clearMap(); scheduleRender(true); }
  }

  $('export-csv').href = `/export.csv?t=${encodeURIComponent(token)}`;
  $('export-svg').onclick = exportSvg;
  $('export-png').onclick = exportPng;
  $('play').onclick = () => send({cmd: snapshot?.replay?.state === 'playing' ? 'pause' : 'play'});
  $('step').onclick = () => send({cmd: 'step'});
  $('speed').onchange = () => send({cmd: 'speed', speed: Number($('speed').value)});
  $('freeze').onclick = () => { frozen = !frozen; renderControls0(); if (!frozen) scheduleRender(true); };
  $('focus').onchange = () => { focus = $('focus').value; clearMap(); scheduleRender(true); };
  $('reset').onclick = () => {
    $('reset-text').textContent = snapshot?.mode === 'replay' ? t('reset_replay') : t('reset_live');
    $('reset-dialog').showModal();
  };
  $('reset-ok').onclick = () => {
    $('reset-dialog').close();
    focus = '';
    clearMap();
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
