// Words for the host's codes (the vocabulary is docs/CREDIBILITY.md's): one place that turns levels, ratings, reasons,
// categories and error codes into sentences, used by the background (badge
// title, banner, link tooltips) and the popup alike. `t` is a translator
// from i18n.js. Pure.

import {codeKey} from './i18n.js';

export const levelLabel = (t, level) => t(codeKey('level', level || 'none'));

export const ratingLabel = (t, rating) => t.code('rating', rating, rating);

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
  const who = c.source?.ratedBy ?? c.source?.list ?? null;
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
 * What the in-page banner shows, or null when the page gets no banner:
 * only caution and warning pages do, unless the site was hidden by the user.
 */
export function bannerView(t, c, {domain, dismissed = false, allowDismiss = true} = {}) {
  if (!BANNER_LEVELS.includes(c.level) || dismissed) return null;
  return {
    level: c.level,
    lang: t.lang,
    label: t('banner_label'),
    title: t(codeKey('banner_title', c.level)),
    lines: reasonLines(t, c).slice(0, 3),
    details: t('banner_details'),
    dismiss: allowDismiss ? t('banner_dismiss') : null,
    dismissLabel: allowDismiss ? t('banner_dismiss_label', domain ?? '') : null,
  };
}

/** The tooltip of a link mark. */
export function linkTooltip(t, flagged) {
  if (flagged.lookalikeOf) return t('link_lookalike', flagged.lookalikeOf);
  const what = flagged.rating ? ratingLabel(t, flagged.rating) : levelLabel(t, flagged.level);
  return t('link_flagged', what);
}

export function badgeTitle(t, trackers, level) {
  return t('badge_title', trackers, levelLabel(t, level));
}
