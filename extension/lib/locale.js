// Country names and dates in en, ru and kk from our own tables. Browsers
// cannot be relied on here: Chromium ships no Kazakh locale data, so
// Intl.DisplayNames gives "Russia" and Intl.DateTimeFormat "2026 M11 23" for
// kk. The tables cover every country the tracker entities name
// (rules/trackers/entities.json; a unit test keeps them in step); an unknown
// code is shown as the code.

// code: [en, ru, kk]
const COUNTRIES = {
  AE: ['United Arab Emirates', 'ОАЭ', 'БАӘ'],
  AU: ['Australia', 'Австралия', 'Австралия'],
  BE: ['Belgium', 'Бельгия', 'Бельгия'],
  BY: ['Belarus', 'Беларусь', 'Беларусь'],
  CA: ['Canada', 'Канада', 'Канада'],
  CH: ['Switzerland', 'Швейцария', 'Швейцария'],
  CL: ['Chile', 'Чили', 'Чили'],
  CN: ['China', 'Китай', 'Қытай'],
  CZ: ['Czechia', 'Чехия', 'Чехия'],
  DE: ['Germany', 'Германия', 'Германия'],
  DK: ['Denmark', 'Дания', 'Дания'],
  EE: ['Estonia', 'Эстония', 'Эстония'],
  ES: ['Spain', 'Испания', 'Испания'],
  FI: ['Finland', 'Финляндия', 'Финляндия'],
  FR: ['France', 'Франция', 'Франция'],
  GB: ['United Kingdom', 'Великобритания', 'Ұлыбритания'],
  GR: ['Greece', 'Греция', 'Грекия'],
  HK: ['Hong Kong', 'Гонконг', 'Гонконг'],
  ID: ['Indonesia', 'Индонезия', 'Индонезия'],
  IE: ['Ireland', 'Ирландия', 'Ирландия'],
  IL: ['Israel', 'Израиль', 'Израиль'],
  IN: ['India', 'Индия', 'Үндістан'],
  IR: ['Iran', 'Иран', 'Иран'],
  IT: ['Italy', 'Италия', 'Италия'],
  JP: ['Japan', 'Япония', 'Жапония'],
  KG: ['Kyrgyzstan', 'Киргизия', 'Қырғызстан'],
  KR: ['South Korea', 'Южная Корея', 'Оңтүстік Корея'],
  KZ: ['Kazakhstan', 'Казахстан', 'Қазақстан'],
  LT: ['Lithuania', 'Литва', 'Литва'],
  LV: ['Latvia', 'Латвия', 'Латвия'],
  MA: ['Morocco', 'Марокко', 'Марокко'],
  MT: ['Malta', 'Мальта', 'Мальта'],
  MX: ['Mexico', 'Мексика', 'Мексика'],
  NL: ['Netherlands', 'Нидерланды', 'Нидерланд'],
  NO: ['Norway', 'Норвегия', 'Норвегия'],
  NZ: ['New Zealand', 'Новая Зеландия', 'Жаңа Зеландия'],
  PE: ['Peru', 'Перу', 'Перу'],
  PK: ['Pakistan', 'Пакистан', 'Пәкістан'],
  PL: ['Poland', 'Польша', 'Польша'],
  PT: ['Portugal', 'Португалия', 'Португалия'],
  RS: ['Serbia', 'Сербия', 'Сербия'],
  RU: ['Russia', 'Россия', 'Ресей'],
  SE: ['Sweden', 'Швеция', 'Швеция'],
  SG: ['Singapore', 'Сингапур', 'Сингапур'],
  SK: ['Slovakia', 'Словакия', 'Словакия'],
  TH: ['Thailand', 'Таиланд', 'Таиланд'],
  TR: ['Turkey', 'Турция', 'Түркия'],
  TW: ['Taiwan', 'Тайвань', 'Тайвань'],
  UA: ['Ukraine', 'Украина', 'Украина'],
  US: ['United States', 'США', 'АҚШ'],
  UZ: ['Uzbekistan', 'Узбекистан', 'Өзбекстан'],
};

const INDEX = {en: 0, ru: 1, kk: 2};

// Month names as a date needs them: ru in the genitive ("23 ноября"), kk in
// the nominative after "жылғы" ("2026 жылғы 23 қараша").
const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
       'November', 'December'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября',
       'ноября', 'декабря'],
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан',
       'қараша', 'желтоқсан'],
};

export const COUNTRY_CODES = Object.freeze(Object.keys(COUNTRIES));

/** The country's name in `lang`, or the code itself when the table lacks it. */
export function countryName(code, lang) {
  if (typeof code !== 'string' || !code) return null;
  const row = COUNTRIES[code.toUpperCase()];
  return row ? row[INDEX[lang] ?? 0] : code;
}

/** "2026-11-23" as "23 November 2026", "23 ноября 2026 г.", "2026 жылғы 23 қараша"; other text as given. */
export function formatDate(iso, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  const month = m ? Number(m[2]) : 0;
  const day = m ? Number(m[3]) : 0;
  if (!m || month < 1 || month > 12 || day < 1 || day > 31) return iso;
  const name = (MONTHS[lang] ?? MONTHS.en)[month - 1];
  if (lang === 'ru') return `${day} ${name} ${m[1]} г.`;
  if (lang === 'kk') return `${m[1]} жылғы ${day} ${name}`;
  return `${day} ${name} ${m[1]}`;
}
