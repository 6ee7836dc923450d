// Words for the host's codes (the vocabulary is docs/CREDIBILITY.md's): one place that turns levels, ratings, reasons,
// categories and error codes into sentences, used by the background (badge
// title, banner, link tooltips) and the popup alike. `t` is a translator
// from i18n.js. Pure.

import {codeKey} from './i18n.js';

export const levelLabel = (t, level) => t(codeKey('level', level || 'none'));

export const ratingLabel = (t, rating) => t.code('rating', rating, rating);

/** A list id ("sauatty-state-media") as people read it; an id we have no words for as given. */
export const listLabel = (t, id) => t.code('list', id, id);

/** Who rated a source: our own lists say "Sauatty maintainers", in each language. */
export const ratedByLabel = (t, ratedBy) => t.code('rated_by', String(ratedBy).toLowerCase(), ratedBy);

export const categoryLabel = (t, category) =>
  t.has(codeKey('category', category)) ? t(codeKey('category', category)) : t('category_unknown');

export const categoryWhy = (t, category) =>
  t.has(codeKey('why', category)) ? t(codeKey('why', category)) : t('why_unknown');

export function errorText(t, code) {
  if (code === 'timeout') return t('error_timeout');
  if (code === 'host_unavailable') return t('error_host_unavailable');
  return t('error_other', code);
}

/**
 * The sentences that say why a page got its level, from the `reasons` codes
 * (rated_<rating>, lookalike, and any the host adds later: those are shown
 * by code rather than dropped). Never empty for a rated or lookalike page.
 */
export function reasonLines(t, c) {
  const lines = [];
  const who = c.source?.ratedBy ? ratedByLabel(t, c.source.ratedBy)
    : c.source?.list ? listLabel(t, c.source.list) : null;
  const rated = (rating) => (who ? t('reason_rated', who, ratingLabel(t, rating))
                                 : t('reason_rated_nolist', ratingLabel(t, rating)));
  const lookalike = () => (c.lookalikeOf ? t('reason_lookalike', c.lookalikeOf)
                                         : t('reason_lookalike_unknown'));
  for (const code of c.reasons) {
    const key = codeKey('reason', code);
    // lookalike_<kind> says how the address imitates: it needs the imitated domain
    // (and, for look-alike letters, names them when the host says which).
    if (code === 'lookalike_confusable' && c.lookalikeOf && c.substitution) {
      lines.push(t('reason_lookalike_confusable_letters', c.lookalikeOf, c.substitution.written,
                   c.substitution.insteadOf));
    } else if (code.startsWith('lookalike_') && c.lookalikeOf && t.has(key)) lines.push(t(key, c.lookalikeOf));
    else if (code.startsWith('lookalike')) lines.push(lookalike());
    else if (code.startsWith('rated_')) lines.push(rated(code.slice('rated_'.length)));
    else if (t.has(key)) lines.push(t(key));
    else lines.push(t('reason_other', code));
  }
  if (c.rating && !c.reasons.some((r) => r.startsWith('rated_'))) lines.push(rated(c.rating));
  if (c.lookalikeOf && !c.reasons.some((r) => r.startsWith('lookalike'))) lines.push(lookalike());
  return [...new Set(lines)];
}

export const BANNER_LEVELS = Object.freeze(['caution', 'warning']);

/**
 * What the in-page banner shows, or null when the page gets none. A warning
 * gets the banner on every page (role alert: screen readers say it at once);
 * a caution gets a compact notice (role status) on the first page of a site
 * per browser session, then only the badge colour and the popup. A site the
 * user hid gets nothing. Satire is named as jokes, not as a doubtful source.
 */
export function bannerView(t, c, {domain, dismissed = false, noticed = false, allowDismiss = true} = {}) {
  if (!BANNER_LEVELS.includes(c.level) || dismissed) return null;
  if (c.level === 'caution' && noticed) return null;
  const kind = c.level === 'warning' ? 'banner' : 'notice';
  const satire = c.rating === 'satire';
  return {
    kind,
    level: c.level,
    role: kind === 'banner' ? 'alert' : 'status',
    lang: t.lang,
    label: t('banner_label'),
    title: satire ? t('banner_title_satire') : t(codeKey('banner_title', c.level)),
    summary: c.lookalikeOf ? t('banner_summary_lookalike', c.lookalikeOf)
                           : c.rating && !satire ? ratingLabel(t, c.rating) : '',
    lines: reasonLines(t, c).slice(0, 3),
    why: t('banner_why'),
    details: t('banner_details'),
    dismiss: allowDismiss ? t('banner_dismiss') : null,
    dismissLabel: allowDismiss ? t('banner_dismiss_label', domain ?? '') : null,
  };
}

/**
 * A link mark: its level, the words a screen reader says for it and its
 * explanation (shown when it is focused, hovered or tapped).
 */
export function linkMark(t, flagged) {
  const level = flagged.level === 'warning' ? 'warning' : 'caution';
  const what = flagged.lookalikeOf ? t('link_lookalike', flagged.lookalikeOf)
    : flagged.rating === 'satire' ? t('link_satire')
    : t('link_flagged', flagged.rating ? ratingLabel(t, flagged.rating) : levelLabel(t, level));
  return {level, label: what, text: what};
}

/** The legend shown the first time marks appear in a browser session. */
export function linkLegend(t) {
  return {title: t('legend_title'), warning: t('legend_warning'), caution: t('legend_caution'),
          hint: t('legend_hint'), close: t('legend_close')};
}

/** The tooltip of a link mark (kept for callers that want only the words). */
export const linkTooltip = (t, flagged) => linkMark(t, flagged).text;

export function badgeTitle(t, trackers, level) {
  return t('badge_title', trackers, levelLabel(t, level));
}
