import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';

import {
  codeKey, format, LANGUAGES, loadTranslator, makeTranslator, pickCitation, pickLanguage, pickNote,
} from '../../extension/lib/i18n.js';
import {readCredibility} from '../../extension/lib/messages.js';

const root = new URL('../../extension/', import.meta.url);
const load = (lang) => JSON.parse(fs.readFileSync(new URL(`_locales/${lang}/messages.json`, root), 'utf8'));
const catalogues = Object.fromEntries(LANGUAGES.map((l) => [l, load(l)]));

test('pickLanguage: policy, then preference, then browser languages, then English', () => {
  const table = [
    [{policy: 'kk', preference: 'ru', uiLanguages: ['en-US']}, 'kk'],
    [{policy: 'auto', preference: 'ru', uiLanguages: ['en-US']}, 'ru'],
    [{preference: 'auto', uiLanguages: ['ru-RU']}, 'ru'],
    [{uiLanguages: ['kk_KZ']}, 'kk'],
    [{uiLanguages: ['de-DE', 'ru']}, 'ru'],
    [{uiLanguages: ['de']}, 'en'],
    [{}, 'en'],
  ];
  for (const [input, want] of table) assert.equal(pickLanguage(input), want, JSON.stringify(input));
});

test('format substitutes $1…$9 and $$', () => {
  assert.equal(format('$1 of $2 costs $$3', ['one', 'two']), 'one of two costs $3');
  assert.equal(format('missing: $3', ['a']), 'missing: ');
});

test('translator falls back to English, then to the key', () => {
  const t = makeTranslator({a: {message: 'А'}}, {a: {message: 'A'}, b: {message: 'B $1'}}, 'ru');
  assert.equal(t('a'), 'А');
  assert.equal(t('b', 7), 'B 7');
  assert.equal(t('zzz'), 'zzz');
  assert.equal(t.has('b'), true);
  assert.equal(t.lang, 'ru');
  assert.equal(t.code('rating', 'state-controlled', 'fallback'), 'fallback');
});

test('codeKey turns protocol codes into message keys', () => {
  assert.equal(codeKey('rating', 'state-controlled'), 'rating_state_controlled');
  assert.equal(codeKey('rating', 'junk-science'), 'rating_junk_science');
});

test('loadTranslator reads the catalogues from _locales', async () => {
  const fetchJson = async (path) => JSON.parse(fs.readFileSync(new URL(path, root), 'utf8'));
  const t = await loadTranslator('kk', fetchJson);
  assert.equal(t('section_privacy'), 'Құпиялылық');
  assert.equal((await loadTranslator('xx', fetchJson)).lang, 'en');
});

test('pickNote: wanted language, else English, else any', () => {
  assert.equal(pickNote({en: 'E', ru: 'Р'}, 'ru'), 'Р');
  assert.equal(pickNote({en: 'E'}, 'kk'), 'E');
  assert.equal(pickNote({ru: 'Р'}, 'kk'), 'Р');
  assert.equal(pickNote(null, 'kk'), null);
});

test('pickCitation: the ru link in ru, the kk link in kk, the default otherwise', () => {
  // As the popup gets it: a host answer read by readCredibility.
  const {source} = readCredibility({level: 'caution', source: {
    citation: 'https://en.wikipedia.org/wiki/TASS',
    citations: {ru: 'https://ru.wikipedia.org/wiki/%D0%A2%D0%90%D0%A1%D0%A1',
                kk: 'https://kk.wikipedia.org/wiki/TASS', xx: 'http://plain.example/'}}});
  assert.deepEqual(pickCitation(source, 'ru'), {url: 'https://ru.wikipedia.org/wiki/%D0%A2%D0%90%D0%A1%D0%A1', lang: 'ru'});
  assert.deepEqual(pickCitation(source, 'kk'), {url: 'https://kk.wikipedia.org/wiki/TASS', lang: 'kk'});
  assert.deepEqual(pickCitation(source, 'en'), {url: 'https://en.wikipedia.org/wiki/TASS', lang: null});
  // Only https links in other languages: a plain-http one falls back to the default.
  assert.deepEqual(pickCitation(source, 'xx'), {url: 'https://en.wikipedia.org/wiki/TASS', lang: null});
  // Without a version in the reader's language, the default.
  const onlyRu = readCredibility({source: {citation: 'https://eur-lex.europa.eu/eli/dec/2022/351/oj',
                                          citations: {ru: 'https://ru.example/a'}}}).source;
  assert.equal(pickCitation(onlyRu, 'kk').url, 'https://eur-lex.europa.eu/eli/dec/2022/351/oj');
  // An older host sends no "citations".
  assert.equal(pickCitation(readCredibility({source: {citation: 'https://x.example/'}}).source, 'ru').url,
               'https://x.example/');
  assert.equal(pickCitation(readCredibility({source: {citation: 'javascript:alert(1)'}}).source, 'en'), null);
  assert.equal(pickCitation(null, 'en'), null);
});

test('the three catalogues have the same keys, each with a non-empty message', () => {
  const keys = Object.keys(catalogues.en).sort();
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(catalogues[lang]).sort(), keys, lang);
    for (const [k, v] of Object.entries(catalogues[lang])) {
      assert.equal(typeof v.message, 'string', `${lang}.${k}`);
      assert.ok(v.message.trim(), `${lang}.${k} is empty`);
    }
  }
});

test('every translation uses the same $N substitutions as English', () => {
  const subs = (s) => [...new Set(s.match(/\$[1-9]/g) ?? [])].sort().join();
  for (const [k, v] of Object.entries(catalogues.en)) {
    for (const lang of ['ru', 'kk']) {
      assert.equal(subs(catalogues[lang][k].message), subs(v.message), `${lang}.${k}`);
    }
  }
});

test('message names are valid for the browsers\' i18n', () => {
  for (const k of Object.keys(catalogues.en)) assert.match(k, /^[A-Za-z0-9_@]+$/);
  // A $word$ would be taken for a named placeholder the browsers require to be declared.
  for (const lang of LANGUAGES) {
    for (const [k, v] of Object.entries(catalogues[lang])) assert.doesNotMatch(v.message, /\$[A-Za-z_]+\$/, `${lang}.${k}`);
  }
});

test('Russian and Kazakh are translated, not copies of English', () => {
  // Names and loanwords may stay the same; running text must not.
  const same = (lang) => Object.keys(catalogues.en).filter((k) =>
    catalogues[lang][k].message === catalogues.en[k].message && catalogues.en[k].message.length > 12);
  assert.deepEqual(same('ru'), []);
  assert.deepEqual(same('kk'), []);
  // Kazakh text uses letters Russian lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і) somewhere.
  assert.match(Object.values(catalogues.kk).map((v) => v.message).join(' '), /[әғқңөұүһі]/);
});

test('the manifest\'s __MSG_ names exist in every catalogue', () => {
  const manifest = fs.readFileSync(new URL('manifest.json', root), 'utf8');
  for (const [, name] of manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) {
    for (const lang of LANGUAGES) assert.ok(catalogues[lang][name], `${lang}.${name}`);
  }
});
