#include "credibility/assessor.h"

#include <algorithm>

namespace sauatty::credibility {
namespace {

constexpr std::uint8_t kRaisingSignals = kClickbaitTitle | kSiteNameMismatch | kCanonicalMismatch;

std::uint8_t next_steps_for_signals(std::uint8_t signals) {
  std::uint8_t steps = 0;
  if (signals & kClickbaitTitle) steps |= kWhatOthersSay | kFindOriginal;
  if (signals & kSiteNameMismatch) steps |= kWhoRunsSite;
  if (signals & kCanonicalMismatch) steps |= kFindOriginal;
  if (signals & kNoDate) steps |= kCheckDate;
  return steps;
}

}  // namespace

std::expected<std::shared_ptr<const Assessor>, std::string> Assessor::build(
    std::vector<List> lists, std::span<const ClickbaitPattern> clickbait, Confusables confusables) {
  auto signals = SignalDetector::build(clickbait);
  if (!signals) return std::unexpected(signals.error());
  std::shared_ptr<Assessor> a(new Assessor());
  a->lists_ = std::move(lists);
  a->confusables_ = std::move(confusables);
  a->clickbait_.assign(clickbait.begin(), clickbait.end());
  a->signals_ = std::move(*signals);
  return a;
}

const Assessor::Built& Assessor::built() const {
  std::call_once(built_once_, [this] {
    built_.index = Index::build(lists_);
    built_.lookalikes = LookalikeDetector::build(lists_, std::move(confusables_));
  });
  return built_;
}

Assessment Assessor::assess(const url::Url& url) const {
  Assessment a;
  if (url.kind == url::HostKind::kNone || url.host.empty()) return a;
  const Built& b = built();
  if (const IndexedEntry* hit = b.index.lookup(url.host, url.path_query)) {
    a.rating = hit->entry->rating;
    a.entry = hit->entry;
    a.list = hit->list;
    a.level = level_for(*a.rating);
    a.next_steps = next_steps_for(*a.rating);
  }
  if (a.rating && is_positive(*a.rating)) return a;
  HostParts parts{url.host, url.registrable_domain, url.kind != url::HostKind::kDomain};
  LookalikeResult la = b.lookalikes.detect(parts);
  if (la.kind != LookalikeKind::kNone) {
    a.lookalike = la.kind;
    a.imitated = la.target;
    a.substitution = la.substitution;
    a.level = std::max(a.level, level_for(la.kind, la.target->sector));
    a.next_steps |= kVisitRealSite | kWhoRunsSite;
  }
  return a;
}

Assessment Assessor::assess_page(const url::Url& url, const PageMeta& meta) const {
  Assessment a = assess(url);
  if (url.kind == url::HostKind::kNone) return a;
  std::string canonical_registrable;
  if (!meta.canonical.empty()) {
    if (auto c = url::parse(meta.canonical); c && c->kind != url::HostKind::kNone) {
      canonical_registrable = c->registrable_domain;
    }
  }
  a.signals = signals_.detect(meta, url.registrable_domain, canonical_registrable, lookalikes());
  bool positive = a.rating && is_positive(*a.rating);
  if (positive) return a;  // signals are listed, but never raise a rated-good site
  if ((a.signals & kRaisingSignals) && a.level == Level::kNone) {
    a.level = Level::kInfo;
    a.signals_raised = true;
  }
  if (a.level != Level::kNone) a.next_steps |= next_steps_for_signals(a.signals);
  return a;
}

std::vector<FlaggedLink> Assessor::assess_links(std::span<const url::Url* const> links,
                                                std::string_view page_registrable) const {
  std::vector<FlaggedLink> out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const url::Url* link = links[i];
    if (link == nullptr || link->kind == url::HostKind::kNone) continue;
    if (!page_registrable.empty() && link->registrable_domain == page_registrable) continue;
    Assessment a = assess(*link);
    if (a.level >= Level::kCaution) out.push_back({i, a});
  }
  return out;
}

std::vector<std::string_view> reason_codes(const Assessment& a) {
  std::vector<std::string_view> out;
  if (a.rating) out.push_back(rating_reason(*a.rating));
  if (a.entry) {
    for (const std::string& r : a.entry->reasons) {
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
  }
  if (a.lookalike != LookalikeKind::kNone) {
    out.push_back("lookalike");
    out.push_back(lookalike_reason(a.lookalike));
  }
  if (a.signals_raised) out.push_back("page_signals");
  return out;
}

}  // namespace sauatty::credibility
