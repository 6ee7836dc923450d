// The fixture web: one handler behind an HTTP and an HTTPS server on
// 127.0.0.1. Chromium's --host-resolver-rules sends every hostname here, so
// a page "on" www.rt.com really loads "www.google-analytics.com/analytics.js"
// and the extension sees real requests. Nothing leaves the machine.

import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

export const TRACKERS = [
  {url: 'https://www.google-analytics.com/analytics.js', domain: 'google-analytics.com'},
  {url: 'https://mc.yandex.ru/metrika/tag.js', domain: 'yandex.ru'},
  {url: 'https://connect.facebook.net/en_US/fbevents.js', domain: 'facebook.net'},
];

// Pages by host name. A page's links and scripts name other hosts; all of
// them are answered by this same server.
export const SITES = {
  // An unrated local news site that loads three well-known trackers.
  'www.sauatty-fixture-news.kz': {
    title: 'Qala news — city council meets today',
    lang: 'en',
    meta: {author: 'A. Reporter', published: '2026-07-01T09:00:00Z', site_name: 'Qala news'},
    body: '<h1>City council meets today</h1><p>The council discusses the new library hours.</p>',
    scripts: TRACKERS.map((t) => t.url),
    images: ['/logo.png', 'https://cdn.sauatty-fixture-static.kz/photo.png'],
  },
  'www.theonion.com': {
    title: 'Area man reads entire article before sharing it',
    body: '<h1>Area man reads entire article before sharing it</h1><p>Satire.</p>',
  },
  'www.rt.com': {
    title: 'RT news',
    body: '<h1>World news</h1><p>A state-controlled outlet (fixture page).</p>',
  },
  // A state-controlled outlet whose entry cites its article in English and in Russian.
  'tass.ru': {
    title: 'ТАСС',
    lang: 'ru',
    body: '<h1>Новости</h1><p>A state news agency (fixture page).</p>',
  },
  'bbc.com.co-news.info': {
    title: 'BBC News - Breaking',
    meta: {site_name: 'BBC News'},
    body: '<h1>Breaking news</h1><p>A lookalike of a well-known site (fixture page).</p>',
  },
  'www.reuters.com': {
    title: 'Reuters — World',
    meta: {author: 'Reuters staff', published: '2026-07-01T08:00:00Z', site_name: 'Reuters'},
    body: '<h1>World</h1><p>A reputable news agency (fixture page).</p>',
  },
  'www.bbc.com': {
    title: 'BBC News',
    meta: {site_name: 'BBC News'},
    body: '<h1>BBC News</h1><p>A reputable broadcaster (fixture page).</p>',
  },
  // An article whose metadata comes from link/meta tags and JSON-LD.
  'www.sauatty-fixture-article.kz': {
    title: 'Кітапхана жаңа сағаттарын жариялады',
    lang: 'kk',
    head: `<link rel="canonical" href="/article/1">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Qala jańalyqtary">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Qala"},
  {"@type": "NewsArticle", "headline": "x", "author": [{"@type": "Person", "name": "Aigerim Sadyqova"}],
   "datePublished": "2026-06-30T10:00:00+05:00", "dateModified": "2026-07-01T08:00:00+05:00"}]}</script>
<script type="application/ld+json">{ broken json</script>`,
    body: '<article><h1>Кітапхана жаңа сағаттарын жариялады</h1><p>Мәтін.</p></article>',
  },
  // Fabricated news (warning) with a sticky navigation bar under its masthead.
  'abcnews.com.co': {
    title: 'ABC News — Breaking',
    style: 'nav#sticky{position:sticky;top:0;height:48px;background:#123;color:#fff;z-index:10}',
    body: `<div id="masthead" style="height:60px">ABC News</div>
      <nav id="sticky"><a href="/politics">Politics</a> <a href="https://www.rt.com/news/">World</a></nav>
      <h1>Shocking story everyone shares</h1><p>A fabricated-news fixture page.</p>
      <div style="height:2000px"></div>`,
    scripts: ['https://mc.yandex.ru/metrika/tag.js'],
  },
  // A lookalike of a Kazakh news site (warning) whose header is fixed at the top.
  'tengrinevvs.kz': {
    title: 'Tengrinews — Жаңалықтар',
    lang: 'kk',
    style: 'header#fixed{position:fixed;top:0;left:0;right:0;height:64px;background:#0b3d91;color:#fff;' +
           'z-index:1000;font-size:24px;line-height:64px;padding:0 1rem}',
    body: `<header id="fixed">Tengrinews</header>
      <h1>Алматыда жаңа кітапхана ашылды</h1><p>Мәтін.</p><div style="height:2000px"></div>`,
    scripts: ['https://mc.yandex.ru/metrika/tag.js', 'https://www.google-analytics.com/analytics.js'],
  },
  // A single-page news app: its links change the article with history.pushState.
  'spa.sauatty-fixture-news.kz': {
    title: 'Qala app — library hours',
    meta: {author: 'A. Reporter', published: '2026-07-01T09:00:00Z', site_name: 'Qala app'},
    body: `<h1 id="headline">Library hours</h1>
      <a id="next" href="/story/2">Next story</a>
      <script>
        document.getElementById('next').addEventListener('click', (e) => {
          e.preventDefault();
          history.pushState({}, '', '/story/2');
          document.title = "YOU WON'T BELIEVE what the council did!!!";
          document.getElementById('headline').textContent = 'Council';
          for (const m of document.querySelectorAll('meta[name="author"], meta[property="article:published_time"]')) m.remove();
        });
      </script>`,
    scripts: ['https://www.google-analytics.com/analytics.js'],
  },
  // A search engine's results: outbound links go through redirectors.
  'www.google.com': {
    title: 'news - Google Search',
    body: `<nav id="menu"><a id="n-rt" href="https://www.rt.com/">RT (menu)</a></nav>
      <h1>Results</h1><ol id="results">
      <li><a id="g-google" href="https://www.google.com/url?q=https://abcnews.com.co/story&sa=U">Google redirect</a></li>
      <li><a id="g-yandex" href="https://yandex.ru/clck/jsredir?from=yandex.ru&url=https%3A%2F%2Fbbc.com.co-news.info%2Fy">Yandex redirect</a></li>
      <li><a id="g-facebook" href="https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.rt.com%2Fnews%2F1">Facebook redirect</a></li>
      <li><a id="g-vk" href="https://vk.com/away.php?to=https%3A%2F%2Ftengrinevvs.kz%2Fa&cc_key=">VK redirect</a></li>
      <li><a id="g-telegram" href="https://t.me/iv?url=https%3A%2F%2Fwww.theonion.com%2Fx&rhash=1">Telegram instant view</a></li>
      <li><a id="g-reuters" href="https://www.google.com/url?q=https://www.reuters.com/world/">Reuters via Google</a></li>
    </ol>`,
  },
  // Search results: links to flagged and reputable sources, for link marks.
  'search.sauatty-fixture.kz': {
    title: 'Search results',
    body: `<h1>Results</h1><ol id="results">
      <li><a id="r-onion" href="https://www.theonion.com/area-man">The Onion: area man</a></li>
      <li><a id="r-rt" href="https://www.rt.com/news/123-story/">RT: a story</a></li>
      <li><a id="r-lookalike" href="https://bbc.com.co-news.info/world/456">BBC News (lookalike)</a></li>
      <li><a id="r-reuters" href="https://www.reuters.com/world/789/">Reuters: a story</a></li>
      <li><a id="r-bbc" href="https://www.bbc.com/news/world-1">BBC: a story</a></li>
      <li><a id="r-plain" href="https://www.sauatty-fixture-news.kz/council">Qala news</a></li>
    </ol><div id="feed"></div>`,
  },
};

const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64');

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));

// The page's own clock for the banner: the first moment the page sees
// #sauatty-banner, in ms after navigation start (performance.now()), written
// to <html data-banner-at>. When the banner came before this script ran, it
// is the moment the script ran: an upper bound.
const BANNER_CLOCK = `(function () {
  var seen = function () {
    if (!document.getElementById('sauatty-banner')) return false;
    document.documentElement.setAttribute('data-banner-at', String(Math.round(performance.now())));
    return true;
  };
  if (!seen()) {
    var o = new MutationObserver(function () { if (seen()) o.disconnect(); });
    o.observe(document.documentElement, {childList: true, subtree: true});
  }
})();`;

export function pageHtml(site) {
  const meta = Object.entries(site.meta ?? {}).map(([k, v]) => {
    if (k === 'author') return `<meta name="author" content="${escapeHtml(v)}">`;
    if (k === 'published') return `<meta property="article:published_time" content="${escapeHtml(v)}">`;
    if (k === 'site_name') return `<meta property="og:site_name" content="${escapeHtml(v)}">`;
    return '';
  }).join('\n');
  return `<!doctype html>
<html lang="${site.lang ?? 'en'}"><head><meta charset="utf-8">
<title>${escapeHtml(site.title)}</title>
<meta name="description" content="${escapeHtml(site.title)}">
${meta}
${site.head ?? ''}
<script>${BANNER_CLOCK}</script>
<style>body{font:16px/1.5 "DejaVu Sans",sans-serif;margin:0;padding:${site.style ? '0 2rem' : '5rem 2rem 2rem'};color:#222}
header#fixed + h1{margin-top:80px} ${site.style ?? ''}</style>
${(site.scripts ?? []).map((s) => `<script src="${s}"></script>`).join('\n')}
</head><body>
${site.body}
${(site.images ?? []).map((s) => `<img src="${s}" alt="" width="1" height="1">`).join('\n')}
</body></html>`;
}

function handler(req, res) {
  // A proxied request names its absolute URL; a direct one only its path.
  const host = String(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const url = new URL(req.url, `http://${host}`);
  if (/\.js$/.test(url.pathname)) {
    res.writeHead(200, {'content-type': 'text/javascript', 'cache-control': 'no-store'});
    res.end(`/* fixture stand-in for ${host}${url.pathname} */`);
  } else if (/\.(png|gif|ico)$/.test(url.pathname)) {
    res.writeHead(200, {'content-type': 'image/png', 'cache-control': 'no-store'});
    res.end(PNG);
  } else if (SITES[host]) {
    res.writeHead(200, {'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store'});
    res.end(pageHtml(SITES[host]));
  } else {
    res.writeHead(404, {'content-type': 'text/plain'});
    res.end('not a fixture host');
  }
}

/** A throwaway self-signed certificate (the browser runs with --ignore-certificate-errors). */
function certificate(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                           '-days', '2', '-subj', '/CN=sauatty-fixture'], {stdio: 'ignore'});
  return {key: fs.readFileSync(key), cert: fs.readFileSync(cert)};
}

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

/** Starts both servers; returns {httpPort, httpsPort, close()}. */
export async function startFixtureServer(dir) {
  const plain = http.createServer(handler);
  const secure = https.createServer(certificate(dir), handler);
  const [httpPort, httpsPort] = [await listen(plain), await listen(secure)];
  // The HTTP server is also a proxy for browsers with no host-resolver rules
  // (Firefox): CONNECT tunnels, whatever host they name, end at our HTTPS server.
  const tunnels = new Set();
  plain.on('connect', (req, client, head) => {
    const upstream = net.connect(httpsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [upstream, client]) {
      tunnels.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        tunnels.delete(s);
        upstream.destroy();
        client.destroy();
      });
    }
  });
  return {
    httpPort,
    httpsPort,
    resolverRules: `MAP *:80 127.0.0.1:${httpPort}, MAP *:443 127.0.0.1:${httpsPort}`,
    close: async () => {
      for (const s of tunnels) s.destroy();
      plain.closeAllConnections?.();
      secure.closeAllConnections?.();
      await Promise.all([new Promise((r) => plain.close(r)), new Promise((r) => secure.close(r))]);
    },
  };
}
