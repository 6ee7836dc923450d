import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  applyPage, applyPageError, applyResults, newTabState, summarize, TabStore, trackerCount,
} from '../../extension/lib/tabstate.js';
import {readRequestResult} from '../../extension/lib/messages.js';

const tracker = (domain, entity, category, extra = {}) => readRequestResult({
  third_party: true, registrable_domain: domain,
  tracker: {entity, category, country: 'US', rule: `||${domain}^`, list: 'sauatty-trackers', ...extra}});
const plain = (domain, thirdParty = true) => readRequestResult({third_party: thirdParty, registrable_domain: domain, tracker: null});

test('counts requests, parties and distinct tracker domains', () => {
  const s = newTabState('https://news.kz/');
  applyResults(s, [
    tracker('google-analytics.com', 'Google', 'analytics'),
    tracker('google-analytics.com', 'Google', 'analytics'),
    tracker('doubleclick.net', 'Google', 'advertising'),
    tracker('yandex.ru', 'Yandex', 'analytics'),
    plain('news.kz', false),
    plain('cdn.example'),
    null,
  ]);
  assert.equal(trackerCount(s), 3);
  const sum = summarize(s);
  assert.deepEqual(sum.counts, {requests: 7, firstParty: 1, thirdParty: 5, undecided: 1, trackers: 3});
  assert.deepEqual(sum.companies.map((c) => [c.entity, c.count, c.categories]),
                   [['Google', 3, ['advertising', 'analytics']], ['Yandex', 1, ['analytics']]]);
  assert.deepEqual(sum.companies[0].domains.map((d) => d.domain), ['google-analytics.com', 'doubleclick.net']);
  assert.deepEqual(sum.otherSites, [{name: 'cdn.example', domain: 'cdn.example', count: 1}]);
  assert.doesNotThrow(() => JSON.stringify(sum));
});

test('an exception rule is not counted as a tracker', () => {
  const s = newTabState('https://a.kz/');
  applyResults(s, [tracker('x.com', 'X', 'social', {exception: true})]);
  assert.equal(trackerCount(s), 0);
});

test('page answers and errors', () => {
  const s = newTabState('https://www.theonion.com/');
  applyPageError(s, 'timeout');
  assert.equal(summarize(s).pageError, 'timeout');
  applyPage(s, {registrable_domain: 'theonion.com', credibility: {level: 'info', rating: 'satire'}});
  const sum = summarize(s);
  assert.equal(sum.checked, true);
  assert.equal(sum.pageError, null);
  assert.equal(sum.domain, 'theonion.com');
  assert.equal(sum.credibility.level, 'info');
});

test('TabStore: reset makes a new page; old states are not current', () => {
  const store = new TabStore();
  const first = store.reset(1, 'https://a.kz/');
  assert.equal(store.isCurrent(1, first), true);
  const second = store.reset(1, 'https://b.kz/');
  assert.equal(store.isCurrent(1, first), false);
  assert.notEqual(first.nav, second.nav);
  assert.equal(store.ensure(1, 'ignored'), second);
  assert.equal(store.findByUrl('https://b.kz/'), 1);
  assert.equal(store.findByUrl('https://a.kz/'), null);
  // A prerendered tab 2 replaces tab 1: tab 1's page is gone.
  const prerendered = store.reset(2, 'https://c.kz/');
  store.replace(2, 1);
  assert.equal(store.get(1), null);
  assert.equal(store.get(2), prerendered);
  store.delete(2);
  assert.equal(store.size(), 0);
});

test('trackerCount of no state is 0', () => {
  assert.equal(trackerCount(null), 0);
});

test('TabStore.isStale: a navigation event older than the page is stale', () => {
  const store = new TabStore();
  assert.equal(store.isStale(1, 1000), false, 'no page yet');
  store.reset(1, 'https://a.kz/', 2000);
  assert.equal(store.isStale(1, 1500), true, 'started before the page was seen: delivered late');
  assert.equal(store.isStale(1, 2500), false, 'a later navigation (a reload) is not');
  assert.equal(store.isStale(1, undefined), false);
});
