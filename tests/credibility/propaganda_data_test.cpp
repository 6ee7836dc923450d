// Russian-language state media and propaganda outlets (issue 12, item 3):
// recall on the outlets that public documents name, recall on held-out
// hosts of those outlets that no list names, and no new false alarm on the
// reputable list or on Lin et al. 2023's high-quality domains
// (docs/CREDIBILITY.md "Russian-language state media and propaganda").
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "credibility/assessor.h"
#include "credibility/test_util.h"

namespace sauatty::credibility {
namespace {

using testing::embedded_assessor;
using testing::parse_url;

constexpr std::string_view kOurList = "sauatty-propaganda-ru";

struct Outlet {
  const char* host;
  const char* document;  // the document that names the outlet
};

// Every outlet named by the documents cited in rules/credibility/
// (state-media.json and propaganda-ru.json), at its own address.
constexpr Outlet kDocumented[] = {
    {"rt.com", "EU Council Decision (CFSP) 2022/351"},
    {"sputniknews.com", "EU Council Decision (CFSP) 2022/351"},
    {"sputnikglobe.com", "EU Council Decision (CFSP) 2022/351"},
    {"rtr-planeta.com", "EU Council, Regulation (EU) 2022/879"},
    {"vesti.ru", "EU Council, Regulation (EU) 2022/879"},
    {"tvc.ru", "EU Council, Regulation (EU) 2022/879"},
    {"ntv.ru", "EU Council Decision (CFSP) 2022/2478"},
    {"smotrim.ru", "EU Council Decision (CFSP) 2022/2478"},
    {"ren.tv", "EU Council Decision (CFSP) 2022/2478"},
    {"1tv.ru", "EU Council Decision (CFSP) 2022/2478"},
    {"rt.rs", "EU Council, 11th package (2023)"},
    {"orientalreview.org", "EU Council Decision (CFSP) 2023/1217"},
    {"tsargrad.tv", "EU Council Decision (CFSP) 2023/1217"},
    {"journal-neo.org", "EU Council Decision (CFSP) 2023/1217; GEC 2020"},
    {"katehon.com", "EU Council Decision (CFSP) 2023/1217; GEC 2020"},
    {"voice-of-europe.eu", "EU Council, Regulation (EU) 2024/1428"},
    {"ria.ru", "EU Council, Regulation (EU) 2024/1428"},
    {"iz.ru", "EU Council, Regulation (EU) 2024/1428"},
    {"rg.ru", "EU Council, Regulation (EU) 2024/1428"},
    {"eadaily.com", "EU Council, 16th package (2025)"},
    {"fondsk.ru", "EU Council, 16th package (2025)"},
    {"lenta.ru", "EU Council, 16th package (2025)"},
    {"news-front.su", "EU Council, 16th package (2025)"},
    {"rubaltic.ru", "EU Council, 16th package (2025)"},
    {"southfront.org", "EU Council, 16th package (2025); GEC 2020"},
    {"strategic-culture.su", "EU Council, 16th package (2025)"},
    {"redstar.ru", "EU Council, 16th package (2025)"},
    {"tvzvezda.ru", "EU Council, 16th package (2025)"},
    {"strategic-culture.org", "GEC 2020"},
    {"globalresearch.ca", "GEC 2020"},
    {"news-front.info", "GEC 2020"},
    {"geopolitica.ru", "GEC 2020"},
    {"pravda-fr.com", "VIGINUM 2024"},
    {"pravda-de.com", "VIGINUM 2024"},
    {"pravda-en.com", "VIGINUM 2024"},
    {"pravda-es.com", "VIGINUM 2024"},
    {"pravda-pl.com", "VIGINUM 2024"},
    {"news-pravda.com", "VIGINUM 2024"},
    {"inforos.ru", "U.S. officials via AP 2020"},
    {"oneworld.press", "U.S. officials via AP 2020"},
    {"infobrics.org", "U.S. officials via AP 2020"},
    {"arabic.sputniknews.com", "EU Council 2023 (IRIS 2023-3:1/2)"},
    {"ritmeurasia.ru", "U.S. Treasury (OFAC) March 2022, via Politico"},
    {"sputniknews.uz", "EUvsDisinfo case of 23 April 2025"},
};

// Held out: hosts of documented outlets that no list names as an entry —
// language editions and country sites, most of them seen as pages of the
// outlet in the public corpus the citations were checked against. They are
// caught only if the domain entries generalise as they should.
constexpr const char* kHeldOut[] = {
    "deutsch.news-pravda.com",
    "finland.news-pravda.com",
    "senegal.news-pravda.com",
    "de.news-front.su",
    "it.sputniknews.com",
    "arabic.rt.com",
    "francais.rt.com",
    "deutsch.rt.com",
    "az.sputniknews.ru",
    "tj.sputniknews.ru",
    "uz.sputniknews.ru",
    "www.strategic-culture.org",
    "www.globalresearch.ca",
    "www.lenta.ru",
    "m.lenta.ru",
    "www.eadaily.com",
    "www.fondsk.ru",
    "www.tvc.ru",
    "www.redstar.ru",
    "www.geopolitica.ru",
    "www.ritmeurasia.ru",
    "www.sputniknews.uz",
};

bool has_note(const Entry& e, std::string_view lang) {
  for (const Note& n : e.notes)
    if (n.lang == lang && !n.text.empty()) return true;
  return false;
}

// Flagged as the issue counts it: caution or warning, from a rated entry
// that cites its evidence, with notes in Russian and Kazakh.
bool flagged(const Assessment& r) {
  return r.level >= Level::kCaution && r.entry != nullptr &&
         r.entry->citation.starts_with("http") && !r.entry->rated_by.empty() &&
         has_note(*r.entry, "ru") && has_note(*r.entry, "kk");
}

// Target (issue 12): >= 95 % of documented propaganda outlets flagged.
TEST(Propaganda, DocumentedOutletsAreFlagged) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  std::size_t hit = 0, total = 0;
  for (const Outlet& o : kDocumented) {
    SCOPED_TRACE(o.host);
    Assessment r = a->assess(parse_url(std::string("https://") + o.host + "/"));
    ++total;
    if (flagged(r)) {
      ++hit;
    } else {
      std::cout << "[ missed  ] " << o.host << " (" << o.document << "): " << level_name(r.level)
                << "\n";
    }
  }
  EXPECT_GE(hit * 100, total * 95);
  std::cout << "[ measure ] documented outlets flagged with citation and ru/kk notes: " << hit
            << " of " << total << "\n";
}

TEST(Propaganda, HeldOutHostsAreFlagged) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  std::size_t hit = 0, total = 0;
  for (const char* host : kHeldOut) {
    SCOPED_TRACE(host);
    Assessment r = a->assess(parse_url(std::string("https://") + host + "/"));
    ++total;
    if (flagged(r)) {
      ++hit;
    } else {
      std::cout << "[ missed  ] " << host << ": " << level_name(r.level) << "\n";
    }
  }
  EXPECT_GE(hit * 100, total * 95);
  std::cout << "[ measure ] held-out hosts of documented outlets flagged: " << hit << " of "
            << total << "\n";
}

// No entry of propaganda-ru.json speaks on a reputable domain or on a
// Lin et al. 2023 domain with pc1 >= 0.8.
TEST(Propaganda, NoNewFalseAlarms) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  auto ours = [](const Assessment& r) { return r.list != nullptr && r.list->name == kOurList; };
  std::size_t reputable = 0;
  for (const Target& t : a->lookalikes().targets()) {
    for (const std::string& host : {t.domain, "www." + t.domain}) {
      Assessment r = a->assess(parse_url("https://" + host + "/"));
      EXPECT_FALSE(ours(r)) << host;
      ++reputable;
    }
  }
  std::size_t high = 0, loud = 0;
  if (auto path = testing::shared_file("lin2023-domain-quality/domain_pc1.csv")) {
    std::istringstream in(*testing::read_text(*path));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      auto comma = line.find(',');
      if (comma == std::string::npos || std::stod(line.substr(comma + 1)) < 0.8) continue;
      ++high;
      auto u = url::parse("https://" + line.substr(0, comma) + "/");
      if (!u) continue;
      Assessment r = a->assess(*u);
      if (ours(r)) {
        ++loud;
        ADD_FAILURE() << line;
      }
    }
  }
  std::cout << "[ measure ] propaganda-ru.json on " << reputable << " reputable hosts and " << high
            << " Lin pc1 >= 0.8 domains: " << loud << " hits\n";
}

}  // namespace
}  // namespace sauatty::credibility
