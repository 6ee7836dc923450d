// What a page says about itself: title, language, canonical address, site
// name, type, author and dates (meta tags, then the first Article-like
// object in JSON-LD), for the host's page signals. Part of the content
// script (a classic script: it shares the isolated world's `sauattyContent`
// namespace with the others, which pages cannot see); a test can load it
// into a page on its own and call sauattyContent.extractMeta(document).

(() => {
  'use strict';

  const ns = (globalThis.sauattyContent ??= {});

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

  ns.extractMeta = extractMeta;
})();
