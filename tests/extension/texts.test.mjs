import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';

import {makeTranslator} from '../../extension/lib/i18n.js';
import {readCredibility} from '../../extension/lib/messages.js';
import {
  badgeTitle, bannerView, categoryLabel, categoryWhy, errorText, levelLabel, linkTooltip, ratingLabel,
  reasonLines,
} from '../../extension/lib/texts.js';

const load = (lang) => JSON.parse(fs.readFileSync(
    new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), 'utf8'));
const en = load('en');
const tEn = makeTranslator(en, en, 'en');
const tRu = makeTranslator(load('ru'), en, 'ru');
const tKk = makeTranslator(load('kk'), en, 'kk');

const satire = readCredibility({
  level: 'info', rating: 'satire', reasons: ['rated_satire'],
  source: {list: 'sauatty-credibility', rated_by: 'Sauatty editors', notes: {en: 'Satire site.'}}});
const lookalike = readCredibility({level: 'warning', rating: null, reasons: ['lookalike'],
                                   lookalike_of: 'bbc.com'});
const state = readCredibility({level: 'caution', rating: 'state-controlled',
                               reasons: ['rated_state-controlled', 'new_reason_code'],
                               source: {list: 'sauatty-credibility'}});

test('every rating, level, category and next step the protocol names has words', () => {
  const ratings = ['fabricated', 'satire', 'conspiracy', 'state-controlled', 'propaganda', 'junk-science',
                   'clickbait', 'hate', 'unreliable', 'mixed', 'reliable', 'fact-checker'];
  for (const t of [tEn, tRu, tKk]) {
    for (const r of ratings) assert.notEqual(ratingLabel(t, r), r, `${t.lang} ${r}`);
    for (const l of ['none', 'info', 'caution', 'warning']) assert.ok(t.has(`level_${l}`));
    for (const s of ['who_runs_site', 'what_others_say', 'find_original']) assert.ok(t.has(`next_${s}`));
    for (const s of ['no_author', 'no_date', 'clickbait_title', 'site_name_mismatch', 'canonical_mismatch']) {
      assert.ok(t.has(`signal_${s}`), s);
    }
  }
});

test('reasonLines explains ratings and lookalikes in each language', () => {
  assert.deepEqual(reasonLines(tEn, satire), ['Rated “Satire” by Sauatty editors.']);
  assert.deepEqual(reasonLines(tRu, satire), ['Sauatty editors: этот сайт отнесён к категории «Сатира».']);
  assert.deepEqual(reasonLines(tEn, lookalike),
                   ['Its address imitates bbc.com. Check the spelling of the address.']);
  assert.match(reasonLines(tKk, lookalike)[0], /bbc\.com мекенжайына ұқсайды/);
  assert.deepEqual(reasonLines(tEn, state), [
    'Rated “State-controlled media” by sauatty-credibility.', 'Other reason: new_reason_code']);
});

test('reasonLines adds the rating when the host gave no reason codes', () => {
  const c = readCredibility({level: 'warning', rating: 'fabricated'});
  assert.deepEqual(reasonLines(tEn, c), ['Rated “Fabricated news” by a list we use.']);
  assert.deepEqual(reasonLines(tEn, readCredibility({level: 'none'})), []);
});

test('bannerView: only caution and warning, not when dismissed', () => {
  assert.equal(bannerView(tEn, satire, {domain: 'theonion.com'}), null);
  assert.equal(bannerView(tEn, lookalike, {domain: 'co-news.info', dismissed: true}), null);
  const v = bannerView(tRu, lookalike, {domain: 'co-news.info'});
  assert.equal(v.level, 'warning');
  assert.equal(v.lang, 'ru');
  assert.equal(v.details, 'Подробнее');
  assert.match(v.dismissLabel, /co-news\.info/);
  const locked = bannerView(tEn, state, {domain: 'rt.com', allowDismiss: false});
  assert.equal(locked.dismiss, null);
  assert.equal(locked.title, 'Caution: check this source');
});

test('link tooltips name the rating or the imitated site', () => {
  assert.equal(linkTooltip(tEn, {level: 'warning', rating: 'fabricated', lookalikeOf: null}),
               'Sauatty: this link leads to a flagged source (Fabricated news).');
  assert.equal(linkTooltip(tKk, {level: 'warning', rating: null, lookalikeOf: 'bbc.com'}),
               'Sauatty: сілтеме bbc.com сайтына ұқсатып жасалған сайтқа апарады.');
  assert.equal(linkTooltip(tEn, {level: 'caution', rating: null, lookalikeOf: null}),
               'Sauatty: this link leads to a flagged source (Caution).');
});

test('categories, errors, badge title', () => {
  assert.equal(categoryLabel(tRu, 'analytics'), 'Аналитика');
  assert.equal(categoryLabel(tEn, 'something-new'), 'Other tracking');
  assert.match(categoryWhy(tEn, 'social'), /social network/);
  assert.equal(errorText(tEn, 'timeout'), 'the helper program did not answer in time');
  assert.equal(errorText(tEn, 'invalid_url'), 'error “invalid_url”');
  assert.equal(badgeTitle(tEn, 3, 'none'), 'Sauatty — trackers: 3 · source: Not rated');
  assert.equal(levelLabel(tKk, 'warning'), 'Ескерту');
});

test('every reason and next-step code docs/CREDIBILITY.md names has words', () => {
  const doc = fs.readFileSync(new URL('../../docs/CREDIBILITY.md', import.meta.url), 'utf8');
  const row = (name) => doc.split('\n').find((l) => l.startsWith(`| ${name} |`)) ?? '';
  const codes = (line) => [...line.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
  const reasons = codes(row('reasons')).filter((c) => !c.startsWith('rated_') && c !== 'lookalike');
  assert.ok(reasons.length >= 10, 'found the reasons row');
  for (const t of [tEn, tRu, tKk]) {
    for (const code of reasons) assert.ok(t.has(`reason_${code}`), `${t.lang} reason_${code}`);
    for (const code of codes(row('signals'))) assert.ok(t.has(`signal_${code}`), `${t.lang} signal_${code}`);
  }
  for (const step of ['who_runs_site', 'what_others_say', 'find_original', 'visit_real_site', 'check_date']) {
    for (const t of [tEn, tRu, tKk]) assert.ok(t.has(`next_${step}`), `${t.lang} next_${step}`);
  }
});

test('look-alike letters are named when the host says which', () => {
  const c = readCredibility({level: 'warning', reasons: ['lookalike', 'lookalike_confusable'],
                             lookalike_of: 'tengrinews.kz',
                             lookalike: {kind: 'confusable', substitution: {written: 'vv', instead_of: 'w'}}});
  assert.equal(reasonLines(tEn, c)[1], 'The address writes the name of tengrinews.kz with “vv” instead of “w”.');
  assert.equal(reasonLines(tRu, c)[1], 'В адресе название tengrinews.kz написано с «vv» вместо «w».');
  assert.equal(reasonLines(tKk, c)[1], 'Мекенжайда tengrinews.kz атауында «w» орнына «vv» жазылған.');
  // Without the letters (an older host), the general sentence.
  const general = readCredibility({level: 'warning', reasons: ['lookalike_confusable'], lookalike_of: 'tengrinews.kz'});
  assert.match(reasonLines(tEn, general)[0], /look-alike letters, such as/);
});

test('a lookalike reason says how the address imitates', () => {
  const c = readCredibility({level: 'warning', reasons: ['lookalike', 'lookalike_subdomain'], lookalike_of: 'bbc.com'});
  assert.deepEqual(reasonLines(tEn, c), [
    'Its address imitates bbc.com. Check the spelling of the address.',
    'bbc.com is only the beginning of this address: the site itself is another one.']);
  const rt = readCredibility({level: 'caution', rating: 'state-controlled', reasons: ['rated_state_controlled', 'eu_sanctioned']});
  assert.deepEqual(reasonLines(tRu, rt), ['Список относит этот сайт к категории «СМИ под контролем государства».',
                                          'Европейский союз ввёл санкции против этого СМИ.']);
});
