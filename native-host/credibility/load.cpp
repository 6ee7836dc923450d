#include "credibility/load.h"

#include "credibility/text_format.h"

namespace sauatty::credibility {

std::expected<Loaded, std::string> load(std::span<const RuleFile> own,
                                        std::span<const ImportFile> imports,
                                        const UnicodeLibrary* unicode) {
  std::vector<List> lists;
  std::vector<ClickbaitPattern> clickbait;
  Loaded out;
  for (const RuleFile& f : own) {
    std::string format = sniff_format(f.bytes);
    if (format == "sauatty-credibility") {
      auto parsed = parse_list(f.name, f.bytes);
      if (!parsed) return std::unexpected(parsed.error());
      for (std::string& w : parsed->skipped) out.warnings.push_back(std::move(w));
      lists.push_back(std::move(parsed->list));
    } else if (format == "sauatty-clickbait") {
      auto parsed = parse_clickbait(f.name, f.bytes);
      if (!parsed) return std::unexpected(parsed.error());
      for (std::string& w : parsed->skipped) out.warnings.push_back(std::move(w));
      clickbait.insert(clickbait.end(), parsed->patterns.begin(), parsed->patterns.end());
    } else {
      // Route through the strict parser for a precise message (syntax
      // error with line and column, or the missing "format").
      auto list = parse_list(f.name, f.bytes);
      return std::unexpected(list ? strformat("{}: unknown format", f.name) : list.error());
    }
  }
  for (const ImportFile& f : imports) {
    auto imported = import_list(f.format, f.name, f.bytes);
    if (!imported) return std::unexpected(imported.error());
    for (std::string& w : imported->skipped) out.warnings.push_back(std::move(w));
    lists.push_back(std::move(imported->list));
  }
  auto assessor = Assessor::build(std::move(lists), clickbait, Confusables(unicode));
  if (!assessor) return std::unexpected(assessor.error());
  if (std::string_view why = unicode ? unicode->unavailable() : "no Unicode library given";
      !why.empty()) {
    out.warnings.push_back(std::string(why) +
                           ": homograph lookalikes are not detected, outlet names are folded "
                           "in ASCII only");
  }
  out.assessor = std::move(*assessor);
  return out;
}

}  // namespace sauatty::credibility
