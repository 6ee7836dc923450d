#include "annotate/credibility.h"

#include "credibility/assessor.h"
#include "credibility/json.h"

namespace sauatty::annotate {

Json judge_page(const store::RuleSet& rules, const url::Url& page, const PageMeta* meta) {
  credibility::Assessment assessment;  // no rules loaded: neutral
  if (rules.credibility) {
    if (meta) {
      credibility::PageMeta m{meta->title,     meta->lang,     meta->canonical,
                              meta->site_name, meta->og_type,  meta->author,
                              meta->published, meta->modified, meta->description};
      assessment = rules.credibility->assess_page(page, m);
    } else {
      assessment = rules.credibility->assess(page);
    }
  }
  return credibility::to_json(assessment);
}

Json judge_links(const store::RuleSet& rules, const std::vector<const url::Url*>& links,
                 const url::Url* page) {
  Json flagged = Json::array();
  if (!rules.credibility) return flagged;
  std::string_view page_domain =
      page ? std::string_view(page->registrable_domain) : std::string_view();
  for (const auto& link : rules.credibility->assess_links(links, page_domain)) {
    flagged.push_back(credibility::to_json(link));
  }
  return flagged;
}

}  // namespace sauatty::annotate
