#include "annotate/credibility.h"

namespace sauatty::annotate {

Json judge_page(const store::RuleSet& rules, const url::Url& page, const PageMeta* meta) {
  // CREDIBILITY: look the page up in the credibility index, lookalikes and
  // page signals. Until then, every site is unrated: neutral.
  (void)rules;
  (void)page;
  (void)meta;
  return {{"level", "none"},      {"rating", nullptr},         {"reasons", Json::array()},
          {"lookalike_of", nullptr}, {"source", nullptr},      {"next_steps", Json::array()},
          {"signals", Json::array()}};
}

Json judge_links(const store::RuleSet& rules, const std::vector<const url::Url*>& links) {
  // CREDIBILITY: flag links to rated sources and lookalikes.
  (void)rules;
  (void)links;
  return Json::array();
}

}  // namespace sauatty::annotate
