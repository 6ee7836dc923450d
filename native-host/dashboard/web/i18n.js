// The workshop page's texts in English, Russian and Kazakh. {name} is filled
// in by app.js; a key that ends in _one/_few/_many is chosen by plural rule.
'use strict';
globalThis.SAUATTY_WORKSHOP = {
  texts: {
    en: {
      title: 'Who is watching: sites and the companies behind them',
      caption_one: '{n} company learned that you opened {site}',
      caption_many: '{n} companies learned that you opened {site}',
      caption_none: 'No tracking company has seen {site} so far',
      waiting: 'Waiting for the first page…',
      play: 'Play', pause: 'Pause', step: 'Step', speed: 'Speed', speed_max: 'fastest',
      freeze: 'Freeze view', unfreeze: 'Update view',
      reset: 'Reset', focus: 'Show one site:', all_sites: 'all sites',
      export_csv: 'Export CSV', export_svg: 'Export SVG', export_png: 'Export PNG',
      reset_live: 'Reset clears the map, the tables and the counts on this screen. The browser keeps working as before; nothing is kept on disk either way.',
      reset_replay: 'Reset clears the map, the tables and the counts on this screen and rewinds the recording to its start. The recording file is not changed.',
      reset_ok: 'Clear', cancel: 'Cancel',
      col_company: 'Company', col_country: 'Country', col_categories: 'What it does', col_sites: 'Sites',
      col_requests: 'Requests', by_category: 'By category', col_category: 'Category', col_companies: 'Companies',
      legend_site: 'site you opened', legend_company: 'company (colour: what it does; size: requests)',
      status_live: 'Live', status_replay: 'Recording: {pos} of {total}', status_lost: 'Connection to the host lost; retrying…',
      counts: '{requests} requests, {third} to other sites, {trackers} to trackers',
      not_drawn: 'Not drawn (the map shows the busiest): {sites} sites, {companies} companies. The tables list all.',
      map_missing: 'The map library was not built into this host; the tables are complete.',
      privacy_note: 'Nothing is saved: closing this view forgets the session unless you export it.',
      other_sites: 'other sites', other_companies: 'other companies', unknown_country: '—',
      cat: {advertising: 'Advertising', analytics: 'Analytics', social: 'Social network', fingerprinting: 'Fingerprinting',
        cryptomining: 'Cryptomining', content: 'Content', email: 'E-mail tracking', 'session-replay': 'Session recording',
        consent: 'Consent banner', 'tag-manager': 'Tag manager', unknown: 'Unknown'},
    },
    ru: {
      title: 'Кто наблюдает: сайты и компании за ними',
      caption_one: '{n} компания узнала, что вы открыли {site}',
      caption_few: '{n} компании узнали, что вы открыли {site}',
      caption_many: '{n} компаний узнали, что вы открыли {site}',
      caption_none: 'Пока ни одна компания-трекер не видела {site}',
      waiting: 'Ожидание первой страницы…',
      play: 'Воспроизвести', pause: 'Пауза', step: 'Шаг', speed: 'Скорость', speed_max: 'максимум',
      freeze: 'Заморозить', unfreeze: 'Обновлять',
      reset: 'Сбросить', focus: 'Один сайт:', all_sites: 'все сайты',
      export_csv: 'Экспорт CSV', export_svg: 'Экспорт SVG', export_png: 'Экспорт PNG',
      reset_live: 'Сброс очищает карту, таблицы и счётчики на этом экране. Браузер работает как прежде; на диске ничего не хранится.',
      reset_replay: 'Сброс очищает карту, таблицы и счётчики на этом экране и перематывает запись в начало. Файл записи не меняется.',
      reset_ok: 'Очистить', cancel: 'Отмена',
      col_company: 'Компания', col_country: 'Страна', col_categories: 'Чем занимается', col_sites: 'Сайты',
      col_requests: 'Запросы', by_category: 'По категориям', col_category: 'Категория', col_companies: 'Компании',
      legend_site: 'открытый сайт', legend_company: 'компания (цвет: чем занимается; размер: запросы)',
      status_live: 'В реальном времени', status_replay: 'Запись: {pos} из {total}', status_lost: 'Связь с программой потеряна; повторяем…',
      counts: 'Запросов: {requests}, к другим сайтам: {third}, к трекерам: {trackers}',
      not_drawn: 'Не нарисованы (на карте самые активные): сайтов {sites}, компаний {companies}. В таблицах — все.',
      map_missing: 'Библиотека карты не встроена в эту программу; таблицы полные.',
      privacy_note: 'Ничего не сохраняется: после закрытия сеанс забывается, если его не экспортировать.',
      other_sites: 'другие сайты', other_companies: 'другие компании', unknown_country: '—',
      cat: {advertising: 'Реклама', analytics: 'Аналитика', social: 'Соцсеть', fingerprinting: 'Цифровой отпечаток',
        cryptomining: 'Криптомайнинг', content: 'Контент', email: 'Отслеживание писем', 'session-replay': 'Запись сеанса',
        consent: 'Баннер согласия', 'tag-manager': 'Менеджер тегов', unknown: 'Неизвестно'},
    },
    kk: {
      title: 'Кім бақылап отыр: сайттар және олардың артындағы компаниялар',
      caption_many: '{n} компания сіздің {site} сайтын ашқаныңызды білді',
      caption_none: '{site} сайтын әзірге бірде-бір бақылаушы компания көрмеді',
      waiting: 'Бірінші бет күтілуде…',
      play: 'Ойнату', pause: 'Кідірту', step: 'Қадам', speed: 'Жылдамдық', speed_max: 'ең жылдам',
      freeze: 'Тоқтатып қою', unfreeze: 'Жаңарту',
      reset: 'Тазарту', focus: 'Бір сайт:', all_sites: 'барлық сайттар',
      export_csv: 'CSV экспорты', export_svg: 'SVG экспорты', export_png: 'PNG экспорты',
      reset_live: 'Тазарту осы экрандағы картаны, кестелерді және санауларды өшіреді. Браузер бұрынғыдай жұмыс істейді; дискіде ештеңе сақталмайды.',
      reset_replay: 'Тазарту осы экрандағы картаны, кестелерді және санауларды өшіреді, жазбаны басына қайтарады. Жазба файлы өзгермейді.',
      reset_ok: 'Тазарту', cancel: 'Болдырмау',
      col_company: 'Компания', col_country: 'Ел', col_categories: 'Не істейді', col_sites: 'Сайттар',
      col_requests: 'Сұраулар', by_category: 'Санаттар бойынша', col_category: 'Санат', col_companies: 'Компаниялар',
      legend_site: 'ашылған сайт', legend_company: 'компания (түсі: не істейді; өлшемі: сұраулар)',
      status_live: 'Тікелей', status_replay: 'Жазба: {pos} / {total}', status_lost: 'Бағдарламамен байланыс үзілді; қайта қосылуда…',
      counts: 'Сұраулар: {requests}, басқа сайттарға: {third}, трекерлерге: {trackers}',
      not_drawn: 'Салынбағандар (картада ең белсенділері): {sites} сайт, {companies} компания. Кестелерде бәрі бар.',
      map_missing: 'Карта кітапханасы бұл бағдарламаға енгізілмеген; кестелер толық.',
      privacy_note: 'Ештеңе сақталмайды: жабылғанда сеанс ұмытылады, егер оны экспорттамасаңыз.',
      other_sites: 'басқа сайттар', other_companies: 'басқа компаниялар', unknown_country: '—',
      cat: {advertising: 'Жарнама', analytics: 'Аналитика', social: 'Әлеуметтік желі', fingerprinting: 'Құрылғы ізі',
        cryptomining: 'Криптомайнинг', content: 'Контент', email: 'Хаттарды бақылау', 'session-replay': 'Сеансты жазу',
        consent: 'Келісім баннері', 'tag-manager': 'Тег менеджері', unknown: 'Белгісіз'},
    },
  },
  // CLDR plural categories for integers: en one/other, ru one/few/many, kk other.
  plural(lang, n) {
    if (lang === 'ru') {
      const d = n % 10, h = n % 100;
      if (d === 1 && h !== 11) return 'one';
      if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return 'few';
      return 'many';
    }
    if (lang === 'en') return n === 1 ? 'one' : 'many';
    return 'many';
  },
};
