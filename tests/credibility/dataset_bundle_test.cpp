// The bundled datasets (rules/credibility/dataset-*.json, made by
// scripts/datasets/credibility.sh): they are what the converter makes of
// the real release, they leave the held-out part out, and the rules catch
// what they were built to catch without new false alarms. Measurements
// print "[ measure ]" lines (docs/CREDIBILITY.md "Bundled datasets").
#include "credibility/dataset_bundle.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <set>
#include <string>

#include "annotate/credibility.h"
#include "credibility/importers.h"
#include "credibility/list_format.h"
#include "test_util.h"

namespace sauatty::credibility {
namespace {

using testing::embedded_assessor;
using testing::parse_url;
using testing::read_text;
using testing::rules_dir;
using testing::shared_file;

struct Dataset {
  ImportFormat format;
  const char* shared;   // under $SAUATTY_SHARED_DATA/credibility/
  const char* bundled;  // under rules/credibility/
  Level min_level;
};
const Dataset kDatasets[] = {
    {ImportFormat::kCred1, "cred1/cred1_current.json", "dataset-cred1.json", Level::kInfo},
    {ImportFormat::kLin2023, "lin2023-domain-quality/domain_pc1.csv", "dataset-lin2023.json",
     Level::kCaution},
};

std::optional<ImportResult> import_shared(const Dataset& d) {
  auto path = shared_file(d.shared);
  if (!path) return std::nullopt;
  auto text = read_text(*path);
  auto imported = import_list(d.format, d.shared, *text);
  EXPECT_TRUE(imported.has_value()) << (imported ? "" : imported.error());
  if (!imported) return std::nullopt;
  return std::move(*imported);
}

List bundled(const Dataset& d) {
  auto text = read_text(rules_dir() / "credibility" / d.bundled);
  EXPECT_TRUE(text.has_value()) << d.bundled;
  auto list = parse_list(d.bundled, text.value_or(""));
  EXPECT_TRUE(list.has_value()) << (list ? "" : list.error());
  if (!list) return List{};
  EXPECT_EQ(list->skipped, std::vector<std::string>{});
  return std::move(list->list);
}

std::string url_of(const Entry& e) { return "https://" + e.host + (e.path.empty() ? "/" : e.path); }

// The committed bundle is exactly what the converter makes of the release
// in the shared data (same entries, ratings, reasons, scores), and the
// held-out part is not in it. A hand edit, or a change of the mapping
// without rerunning scripts/datasets/credibility.sh, fails here.
TEST(DatasetBundle, IsTheConverterOutputWithoutTheHeldOutPart) {
  for (const Dataset& d : kDatasets) {
    SCOPED_TRACE(d.bundled);
    auto imported = import_shared(d);
    if (!imported) GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/" << d.shared;
    List ours = bundled(d);
    EXPECT_EQ(ours.origin, ListOrigin::kDataset);
    EXPECT_FALSE(ours.attribution.empty());
    EXPECT_FALSE(ours.license.empty());
    EXPECT_EQ(ours.rated_by, imported->list.rated_by);
    EXPECT_EQ(ours.citation, imported->list.citation);
    BundleInfo info{ours.name, ours.description, ours.reviewed, d.min_level};
    auto again = parse_list("again", write_bundle(imported->list, info));
    ASSERT_TRUE(again.has_value()) << again.error();
    EXPECT_EQ(again->skipped, std::vector<std::string>{});
    ASSERT_EQ(again->list.entries.size(), ours.entries.size());
    std::size_t held = 0;
    for (const Entry& e : imported->list.entries) held += held_out(e.host);
    for (std::size_t i = 0; i < ours.entries.size(); ++i) {
      const Entry &a = ours.entries[i], &b = again->list.entries[i];
      ASSERT_EQ(a.pattern(), b.pattern());
      EXPECT_EQ(a.rating, b.rating) << a.pattern();
      EXPECT_EQ(a.reasons, b.reasons) << a.pattern();
      EXPECT_NEAR(a.score, b.score, 0.0005) << a.pattern();
      EXPECT_FALSE(held_out(a.host)) << a.pattern();
      EXPECT_GE(level_for(*a.rating), d.min_level) << a.pattern();
    }
    // About one host in ten is held out (a fixed hash, not a sample).
    EXPECT_GT(held * 100, imported->list.entries.size() * 7);
    EXPECT_LT(held * 100, imported->list.entries.size() * 13);
    std::cout << "[ measure ] " << d.bundled << ": " << ours.entries.size() << " entries bundled, "
              << held << " of " << imported->list.entries.size() << " held out\n";
  }
}

// Recall: of what each dataset rates at caution or warning, how much the
// default rules flag at caution or warning — in the bundled part (should
// be all, save where our curation says otherwise) and in the held-out part
// (what the rules catch without having seen it: other lists, lookalikes).
TEST(DatasetBundle, RecallOnBundledAndHeldOutParts) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  for (const Dataset& d : kDatasets) {
    SCOPED_TRACE(d.bundled);
    auto imported = import_shared(d);
    if (!imported) GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/" << d.shared;
    std::size_t in = 0, in_hit = 0, out = 0, out_hit = 0;
    std::string missed_in;
    for (const Entry& e : imported->list.entries) {
      if (level_for(*e.rating) < Level::kCaution) continue;
      Assessment r = a->assess(parse_url(url_of(e)));
      bool hit = r.level >= Level::kCaution;
      if (held_out(e.host)) {
        ++out;
        out_hit += hit;
      } else {
        ++in;
        in_hit += hit;
        if (!hit)
          missed_in += " " + e.pattern() + "(" +
                       std::string(r.rating ? rating_name(*r.rating) : "none") + ")";
      }
    }
    std::cout << "[ measure ] " << d.bundled << " caution/warning rows: bundled part " << in_hit
              << " of " << in << " flagged; held-out part " << out_hit << " of " << out
              << " flagged\n";
    // Bundled rows are flagged unless a curated list says otherwise (a
    // platform of others' content is at most info): at most 2 %.
    EXPECT_GE(in_hit * 100, in * 98) << missed_in;
    EXPECT_GT(out, 20u);
  }
}

// The default rules with all four datasets imported at run time (what an
// administrator gets by adding every one); `lin` is either Lin et al. file.
// nullopt when the shared data is absent.
std::optional<Loaded> load_with_every_dataset(const char* lin) {
  auto os = shared_file("opensources/sources.json");
  auto bsd = shared_file("bs-detector/data.dev.json");
  auto cred1 = shared_file("cred1/cred1_current.json");
  auto lin_path = shared_file(lin);
  if (!os || !bsd || !cred1 || !lin_path) return std::nullopt;
  // ImportFile only views the bytes, which load() reads before it returns.
  std::vector<std::string> texts = {*read_text(*os), *read_text(*bsd), *read_text(*cred1),
                                    *read_text(*lin_path)};
  std::vector<ImportFile> imports{{ImportFormat::kOpenSources, "sources.json", texts[0]},
                                  {ImportFormat::kBsDetector, "data.dev.json", texts[1]},
                                  {ImportFormat::kCred1, "cred1_current.json", texts[2]},
                                  {ImportFormat::kLin2023, lin, texts[3]}};
  auto own = testing::own_files();
  auto files = own.files();
  auto loaded = load(files, imports, testing::unicode());
  EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error());
  if (!loaded) return std::nullopt;
  return std::move(*loaded);
}

// Platforms that carry others' content are never rated as news sites, not
// even with every dataset imported; one author's part of them may be.
TEST(DatasetBundle, PlatformsAreNeverRatedAsNewsSites) {
  auto loaded = load_with_every_dataset("lin2023-domain-quality/domain_pc1.csv");
  if (!loaded) GTEST_SKIP() << "needs the four datasets in $SAUATTY_SHARED_DATA";
  const auto& a = *loaded->assessor;
  // Every platform we list, bare and as its usual subdomains.
  std::size_t platforms = 0;
  for (const List& list : a.lists()) {
    if (list.name != "sauatty-platforms") continue;
    for (const Entry& e : list.entries) {
      for (const std::string& host : {e.host, "www." + e.host, "m." + e.host}) {
        SCOPED_TRACE(host);
        Assessment r = a.assess(parse_url("https://" + host + "/"));
        EXPECT_EQ(r.level, Level::kInfo) << (r.list ? r.list->name : "");
        EXPECT_EQ(r.rating, Rating::kUserContent);
      }
      ++platforms;
    }
  }
  EXPECT_GE(platforms, 40u);
  // Datasets rate these platforms as a whole (CRED-1: rumble.com, bitchute.com,
  // dzen.ru, parler.com, us.blastingnews.com; Lin et al.: youtube.com 0.38).
  for (const char* host : {"rumble.com", "bitchute.com", "dzen.ru", "parler.com",
                           "us.blastingnews.com", "youtube.com", "4chan.org"}) {
    SCOPED_TRACE(host);
    EXPECT_EQ(a.assess(parse_url(std::string("https://") + host + "/")).rating,
              Rating::kUserContent);
  }
  // One author's blog or account is rated as the datasets rate it.
  struct Row {
    const char* url;
    Rating rating;
  };
  for (const Row& row : {Row{"https://70news.wordpress.com/", Rating::kFabricated},
                         Row{"https://willyloman.wordpress.com/", Rating::kConspiracy},
                         Row{"https://twitter.com/capnews", Rating::kUnreliable}}) {
    SCOPED_TRACE(row.url);
    Assessment r = a.assess(parse_url(row.url));
    EXPECT_EQ(r.rating, row.rating) << (r.list ? r.list->name : "");
  }
}

// Curation wins over the bundled datasets too, and over every import.
TEST(DatasetBundle, CurationWinsWithEveryDataset) {
  auto loaded = load_with_every_dataset("lin2023-domain-quality/domain_ratings.csv");
  if (!loaded) GTEST_SKIP() << "needs the four datasets in $SAUATTY_SHARED_DATA";
  for (const char* host : {"az.sputniknews.ru", "deutsch.rt.com", "ru.sputnik.kg",
                           "tj.sputniknews.ru", "francais.cgtn.com"}) {
    SCOPED_TRACE(host);
    Assessment r = loaded->assessor->assess(parse_url(std::string("https://") + host + "/"));
    EXPECT_EQ(r.rating, Rating::kStateControlled);
    EXPECT_EQ(r.level, Level::kCaution);
    ASSERT_NE(r.list, nullptr);
    EXPECT_EQ(r.list->origin, ListOrigin::kCurated) << r.list->name;
  }
}

bool has_cyrillic(const std::string& s) {
  return s.find("\xD0") != std::string::npos || s.find("\xD1") != std::string::npos ||
         s.find("\xD2") != std::string::npos || s.find("\xD3") != std::string::npos;
}

// Every flagged entry of the default rules explains itself in en, ru and
// kk; ru and kk are not English; satire says its stories are jokes; the
// project's own ratings carry the code "sauatty", never English words.
TEST(DatasetBundle, EveryFlaggedEntryHasNotesInThreeLanguages) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  std::size_t checked = 0;
  for (const List& list : a->lists()) {
    if (list.purpose != ListPurpose::kRatings) continue;
    for (const Entry& e : list.entries) {
      if (!e.rating || level_for(*e.rating) == Level::kNone) continue;
      SCOPED_TRACE(list.name + ": " + e.pattern());
      Assessment r;
      r.entry = &e;
      r.list = &list;
      r.rating = e.rating;
      r.level = level_for(*e.rating);
      nlohmann::json source = {{"notes", nlohmann::json::object()}};
      for (const Note& n : e.notes) source["notes"][n.lang] = n.text;
      annotate::fill_notes(source, r);
      const auto& notes = source["notes"];
      for (const char* lang : {"en", "ru", "kk"}) {
        ASSERT_TRUE(notes.contains(lang) && notes[lang].is_string()) << lang;
        EXPECT_FALSE(notes[lang].get<std::string>().empty()) << lang;
      }
      EXPECT_TRUE(has_cyrillic(notes["ru"].get<std::string>())) << notes["ru"];
      EXPECT_TRUE(has_cyrillic(notes["kk"].get<std::string>())) << notes["kk"];
      for (const char* lang : {"ru", "kk"}) {
        EXPECT_EQ(notes[lang].get<std::string>().find("maintainers"), std::string::npos);
        EXPECT_EQ(notes[lang].get<std::string>().find("rated by"), std::string::npos);
      }
      if (*e.rating == Rating::kSatire) {
        EXPECT_NE(notes["en"].get<std::string>().find("joke"), std::string::npos) << notes["en"];
        EXPECT_NE(notes["ru"].get<std::string>().find("шутк"), std::string::npos) << notes["ru"];
        EXPECT_NE(notes["kk"].get<std::string>().find("әзіл"), std::string::npos) << notes["kk"];
      }
      EXPECT_NE(list.rated_by_of(e), "Sauatty maintainers");
      ++checked;
    }
  }
  EXPECT_GT(checked, 2500u);
}

// What a template note says for a dataset row: the kind of problem, who
// rated it, the score in words and the release date.
TEST(DatasetBundle, TemplateNotesSayKindWhoScoreAndWhen) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  Assessment r = a->assess(parse_url("https://10news.one/"));
  ASSERT_NE(r.entry, nullptr);
  ASSERT_EQ(r.list->name, "cred1");
  nlohmann::json source = nlohmann::json::object();
  annotate::fill_notes(source, r);
  EXPECT_EQ(source["notes"]["en"],
            "According to CRED-1 (Alexander Loth), this site is an unreliable source of news. Its "
            "record of factual accuracy is low. Its score in this "
            "rating is very low (0.09 on a scale from 0 to 1). Rated as of 2026-08-04.");
  EXPECT_EQ(source["notes"]["ru"],
            "По данным CRED-1 (Alexander Loth), этот сайт — ненадёжный источник новостей. "
            "Фактическая точность его материалов низкая. Его "
            "оценка в этом рейтинге — очень низкая (0,09 по шкале от 0 до 1). Оценка на "
            "2026-08-04.");
}

}  // namespace
}  // namespace sauatty::credibility
