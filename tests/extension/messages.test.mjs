import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';

import * as m from '../../extension/lib/messages.js';

test('the bounds shared with the host are extension/limits.json\'s (the host is built from it)', () => {
  const limits = JSON.parse(fs.readFileSync(new URL('../../extension/limits.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(limits).sort(), ['links_per_batch', 'requests_per_batch', 'url_bytes']);
  assert.equal(m.LIMITS.requestsPerBatch, limits.requests_per_batch);
  assert.equal(m.LIMITS.linksPerBatch, limits.links_per_batch);
  assert.equal(m.LIMITS.urlBytes, limits.url_bytes);
});

test('isHttpUrl accepts http(s) only, within the host\'s URL bound', () => {
  const table = [
    ['https://example.com/', true],
    ['HTTP://EXAMPLE.COM', true],
    ['ftp://example.com/', false],
    ['chrome-extension://abc/popup.html', false],
    ['data:text/plain,hi', false],
    ['', false],
    [null, false],
    [`https://e.com/${'a'.repeat(8192)}`, false],
  ];
  for (const [url, want] of table) assert.equal(m.isHttpUrl(url), want, String(url).slice(0, 40));
});

test('stripFragment drops only the fragment', () => {
  assert.equal(m.stripFragment('https://a.kz/x?y=1#top'), 'https://a.kz/x?y=1');
  assert.equal(m.stripFragment('https://a.kz/x'), 'https://a.kz/x');
});

test('cleanMeta keeps known string keys, trims, bounds and drops the rest', () => {
  const meta = m.cleanMeta({
    title: '  Big\n  news  ', author: '', lang: 'kk', canonical: 42, evil: 'x',
    description: 'd'.repeat(5000),
  });
  assert.deepEqual(Object.keys(meta).sort(), ['description', 'lang', 'title']);
  assert.equal(meta.title, 'Big news');
  assert.equal(meta.description.length, m.LIMITS.metaFieldChars);
  assert.deepEqual(m.cleanMeta(null), {});
});

test('message builders follow docs/PROTOCOL.md', () => {
  assert.deepEqual(m.helloMessage('0.1.0'), {type: 'hello', extension: '0.1.0', protocol: 1});
  assert.deepEqual(m.pageMessage(3, 'https://a.kz/', {title: 'T'}),
                   {type: 'page', tab: 3, url: 'https://a.kz/', meta: {title: 'T'}});
  assert.deepEqual(m.requestsMessage(3, 'https://a.kz/', [{url: 'https://b.kz/x.js', type: 'script'}]),
                   {type: 'requests', tab: 3, page: 'https://a.kz/',
                    requests: [{url: 'https://b.kz/x.js', type: 'script'}]});
  assert.deepEqual(m.linksMessage('https://a.kz/', ['https://b.kz/']),
                   {type: 'links', page: 'https://a.kz/', links: ['https://b.kz/']});
});

test('chunk cuts to size', () => {
  assert.deepEqual(m.chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(m.chunk([], 2), []);
});

test('readCredibility fills every field and rejects bad values', () => {
  assert.deepEqual(m.readCredibility(undefined), {
    level: 'none', rating: null, reasons: [], lookalikeOf: null, substitution: null, source: null,
    nextSteps: [], signals: []});
  const c = m.readCredibility({
    level: 'warning', rating: 'fabricated', reasons: ['rated_fabricated', 7, ''],
    lookalike_of: null,
    source: {list: 'sauatty-credibility', citation: 'javascript:alert(1)', rated_by: 'Sauatty',
             reviewed: '2026-01-01', notes: {en: 'Made up', ru: 42},
             citations: {ru: 'https://ru.example/a', kk: 'javascript:alert(1)', de: 7, fr: 'http://fr.example/'}},
    next_steps: ['who_runs_site'], signals: 'no_author',
  });
  assert.equal(c.level, 'warning');
  assert.deepEqual(c.reasons, ['rated_fabricated']);
  assert.equal(c.source.citation, null, 'only http(s) citations become links');
  assert.deepEqual(c.source.notes, {en: 'Made up'});
  assert.deepEqual(c.source.citations, {ru: 'https://ru.example/a'}, 'only https citations in other languages');
  assert.deepEqual(c.signals, []);
  assert.equal(m.readCredibility({level: 'apocalypse'}).level, 'none');
  assert.deepEqual(m.readCredibility({lookalike: {substitution: {written: 'rn', instead_of: 'm'}}}).substitution,
                   {written: 'rn', insteadOf: 'm'});
  for (const bad of [{written: 'rn'}, {written: '<script>', instead_of: 'm'}, {written: 5, instead_of: 'm'}, 'rn']) {
    assert.equal(m.readCredibility({lookalike: {substitution: bad}}).substitution, null, JSON.stringify(bad));
  }
});

test('readRequestResult reads a slot; error slots are null', () => {
  assert.equal(m.readRequestResult({error: {code: 'invalid_url'}}), null);
  assert.equal(m.readRequestResult(null), null);
  assert.deepEqual(m.readRequestResult({third_party: true, registrable_domain: 'google-analytics.com',
      tracker: {entity: 'Google', category: 'analytics', country: 'US', rule: '||google-analytics.com^',
                list: 'sauatty-trackers', exception: false}}), {
    thirdParty: true, domain: 'google-analytics.com',
    tracker: {entity: 'Google', category: 'analytics', country: 'US', rule: '||google-analytics.com^',
              list: 'sauatty-trackers', exception: false}});
  assert.equal(m.readRequestResult({third_party: false, tracker: {}}).tracker.entity, 'unknown');
});

test('readFlaggedLinks keeps only valid indexes', () => {
  const answer = {flagged: [{index: 0, level: 'warning', rating: 'fabricated'}, {index: 5}, {index: -1},
                            {index: 1.5}, null, {index: 1, level: 'caution', lookalike_of: 'bbc.com'}]};
  assert.deepEqual(m.readFlaggedLinks(answer, 2), [
    {index: 0, level: 'warning', rating: 'fabricated', lookalikeOf: null},
    {index: 1, level: 'caution', rating: null, lookalikeOf: 'bbc.com'}]);
  assert.deepEqual(m.readFlaggedLinks({}, 3), []);
});

test('levelRank orders levels', () => {
  assert.deepEqual(['none', 'info', 'caution', 'warning', 'x'].map(m.levelRank), [0, 1, 2, 3, 0]);
});

test('readDatasets keeps the lists that credit a published dataset, bounded', () => {
  const answer = {lists: [
    {name: 'sauatty-trackers', kind: 'trackers', entries: 476},
    {name: 'cred1', kind: 'credibility', entries: 2399, attribution: ' CRED-1 by Alexander Loth ',
     license: 'CC BY 4.0, https://creativecommons.org/licenses/by/4.0/'},
    {name: 'lin2023', attribution: 'Lin et al. (2023)'},
    {name: 'huge', attribution: 'x'.repeat(5000), license: 42},
    null, 'cred1',
  ]};
  assert.deepEqual(m.readDatasets(answer), [
    {name: 'cred1', attribution: 'CRED-1 by Alexander Loth',
     license: 'CC BY 4.0, https://creativecommons.org/licenses/by/4.0/'},
    {name: 'lin2023', attribution: 'Lin et al. (2023)', license: null},
    {name: 'huge', attribution: 'x'.repeat(400), license: null},
  ]);
  assert.deepEqual(m.readDatasets({ok: true}), []);
  assert.deepEqual(m.readDatasets(null), []);
});
