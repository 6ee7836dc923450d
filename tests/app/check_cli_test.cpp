// The "Done when" table of issue 4, run through the real binary:
// `sauatty-host check URL --json` gives the right level, rating, reasons
// and imitated domain (the `credibility` object of `check --json`:
// README.md, "Command line").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/subprocess.h"

namespace sauatty {
namespace {

using Json = nlohmann::json;

struct Case {
  const char* url;
  const char* level;
  const char* rating;        // "" for null
  const char* reason;        // one reason code that must be present, or ""
  const char* lookalike_of;  // "" for null
  const char* list;          // source.list, "" for a null source
};

constexpr Case kCases[] = {
    // listed sources: exact host, subdomain, section
    {"https://rt.com/", "caution", "state-controlled", "rated_state_controlled", "",
     "sauatty-state-media"},
    {"https://de.rt.com/international/1", "caution", "state-controlled", "eu_sanctioned", "",
     "sauatty-state-media"},
    {"https://ru.sputnik.kz/20260101/x.html", "caution", "state-controlled",
     "rated_state_controlled", "", "sauatty-state-media"},
    {"https://www.reuters.com/fact-check/claim-x/", "none", "fact-checker", "rated_fact_checker",
     "", "sauatty-fact-checkers"},
    {"https://factcheck.kz/", "none", "fact-checker", "rated_fact_checker", "",
     "sauatty-fact-checkers"},
    // satire labelled
    {"https://www.theonion.com/some-story", "caution", "satire", "rated_satire", "",
     "sauatty-satire"},
    {"https://panorama.pub/news/x", "caution", "satire", "rated_satire", "", "sauatty-satire"},
    {"https://babylonbee.com/news/x", "caution", "satire", "rated_satire", "", "sauatty-satire"},
    // fabricated
    {"https://worldnewsdailyreport.com/x", "warning", "fabricated", "rated_fabricated", "",
     "sauatty-false-news"},
    // each lookalike kind
    {"http://abcnews.com.co/x", "warning", "fabricated", "lookalike_extra_suffix", "abcnews.com",
     "sauatty-false-news"},
    {"https://tengrinews.kz.info/", "warning", "", "lookalike_extra_suffix", "tengrinews.kz", ""},
    {"https://nytimes.com.breaking-news.info/a", "warning", "", "lookalike_subdomain",
     "nytimes.com", ""},
    {"https://egov.kz.secure-login.top/", "warning", "", "lookalike_subdomain", "egov.kz", ""},
    {"https://reuterss.com/", "warning", "", "lookalike_typo", "reuters.com", ""},
    {"https://tengrinevvs.kz/", "warning", "", "lookalike_confusable", "tengrinews.kz", ""},
    {"https://bbc.ltd/", "warning", "", "lookalike_other_ending", "bbc.com", ""},
    {"https://kazinform-news.kz/", "warning", "", "lookalike_combo", "inform.kz", ""},
    {"https://elections.ca/", "none", "", "", "", ""},
    // homographs (Cyrillic letters in a Latin name; 'rn' for 'm')
    {"https://bbс.com/news", "warning", "", "lookalike_homograph", "bbc.com", ""},
    {"https://xn--tengrinws-m0h.kz/", "warning", "", "lookalike_homograph", "tengrinews.kz", ""},
    {"https://nytirnes.com/", "warning", "", "lookalike_confusable", "nytimes.com", ""},
    // reputable and ordinary sites: level none, no rating, no source
    {"https://tengrinews.kz/", "none", "", "", "", ""},
    {"https://www.zakon.kz/", "none", "", "", "", ""},
    {"https://www.inform.kz/ru/", "none", "", "", "", ""},
    {"https://vlast.kz/", "none", "", "", "", ""},
    {"https://meduza.io/", "none", "", "", "", ""},
    {"https://www.gov.kz/", "none", "", "", "", ""},
    {"https://ru.wikipedia.org/wiki/Kazakhstan", "none", "", "", "", ""},
    {"https://abc.com/", "none", "", "", "", ""},
    {"https://www.cbc.ca/", "none", "", "", "", ""},
    {"https://edition.cnn.com/", "none", "", "", "", ""},
    {"https://www.cnbc.com/", "none", "", "", "", ""},
    {"https://www.deviantart.com/", "none", "", "", "", ""},
    {"https://kaspi.kz/", "none", "", "", "", ""},
    {"https://example.com/", "none", "", "", "", ""},
};

Json check(const std::string& url) {
  auto r = testing::run_command({testing::host_binary(), "check", url, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Json::parse(r.out, nullptr, false);
}

TEST(CheckCli, DoneWhenTable) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.url);
    Json out = check(c.url);
    ASSERT_TRUE(out.is_object());
    const Json& cred = out["credibility"];
    EXPECT_EQ(cred["level"], c.level);
    if (*c.rating) {
      EXPECT_EQ(cred["rating"], c.rating);
    } else {
      EXPECT_TRUE(cred["rating"].is_null());
    }
    if (*c.reason) {
      const Json& reasons = cred["reasons"];
      EXPECT_NE(std::find(reasons.begin(), reasons.end(), Json(c.reason)), reasons.end())
          << reasons;
    } else if (std::string_view(c.level) == "none" && !*c.rating) {
      EXPECT_EQ(cred["reasons"], Json::array());
    }
    if (*c.lookalike_of) {
      EXPECT_EQ(cred["lookalike_of"], c.lookalike_of);
    } else {
      EXPECT_TRUE(cred["lookalike_of"].is_null());
    }
    if (*c.list) {
      EXPECT_EQ(cred["source"]["list"], c.list);
      EXPECT_TRUE(cred["source"]["citation"].get<std::string>().starts_with("https://"));
      EXPECT_FALSE(cred["source"]["rated_by"].get<std::string>().empty());
    } else {
      EXPECT_TRUE(cred["source"].is_null());
    }
  }
}

TEST(CheckCli, ContractFields) {
  Json out = check("https://www.rt.com/news/1");
  for (const char* key : {"url", "registrable_domain", "privacy", "credibility"}) {
    EXPECT_TRUE(out.contains(key)) << key;
  }
  const Json& cred = out["credibility"];
  for (const char* key : {"level", "rating", "reasons", "lookalike_of", "source"}) {
    EXPECT_TRUE(cred.contains(key)) << key;
  }
  EXPECT_TRUE(cred["source"].contains("list"));
  EXPECT_TRUE(cred["source"].contains("citation"));
}

}  // namespace
}  // namespace sauatty
