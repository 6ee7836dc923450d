#include "annotate/credibility.h"

#include <array>
#include <cstdio>
#include <string_view>

#include "annotate/credibility_json.h"
#include "credibility/assessor.h"

namespace sauatty::annotate {
namespace {

namespace cred = credibility;

// One text in the three languages of the extension.
struct Words {
  std::string_view en, ru, kk;
  std::string_view in(int lang) const { return lang == 0 ? en : lang == 1 ? ru : kk; }
};
constexpr std::array<std::string_view, 3> kLangs = {"en", "ru", "kk"};

// What kind of problem, by rating; "{who}" is who rated it. Satire has its
// own wording: its stories are jokes, not doubts about the source.
Words rating_words(cred::Rating rating) {
  using R = cred::Rating;
  switch (rating) {
    case R::kFabricated:
      return {"According to {who}, this site publishes made-up news.",
              "По данным {who}, этот сайт публикует выдуманные новости.",
              "{who} деректері бойынша, бұл сайт ойдан шығарылған жаңалықтар жариялайды."};
    case R::kSatire:
      return {
          "According to {who}, this site is satire: its stories are jokes, though people "
          "often share them as real news.",
          "По данным {who}, это сатирический сайт: его истории — шутки, хотя их часто "
          "пересылают как настоящие новости.",
          "{who} деректері бойынша, бұл — сатиралық сайт: оның мақалалары әзіл, бірақ "
          "оларды жиі шын жаңалық ретінде таратады."};
    case R::kConspiracy:
      return {"According to {who}, this site spreads conspiracy theories.",
              "По данным {who}, этот сайт распространяет теории заговора.",
              "{who} деректері бойынша, бұл сайт қастандық теорияларын таратады."};
    case R::kJunkScience:
      return {"According to {who}, this site spreads pseudoscience and false health claims.",
              "По данным {who}, этот сайт распространяет лженауку и ложные сведения о здоровье.",
              "{who} деректері бойынша, бұл сайт жалған ғылым мен денсаулық туралы жалған "
              "мәлімет таратады."};
    case R::kHate:
      return {"According to {who}, this site spreads hatred against groups of people.",
              "По данным {who}, этот сайт разжигает ненависть к группам людей.",
              "{who} деректері бойынша, бұл сайт адамдар топтарына өшпенділік таратады."};
    case R::kUnreliable:
      return {"According to {who}, this site is an unreliable source of news.",
              "По данным {who}, этот сайт — ненадёжный источник новостей.",
              "{who} деректері бойынша, бұл сайт — сенімсіз жаңалық көзі."};
    case R::kMixed:
      return {"According to {who}, this site is not always accurate.",
              "По данным {who}, этот сайт не всегда точен.",
              "{who} деректері бойынша, бұл сайт әрдайым дәл бола бермейді."};
    case R::kClickbait:
      return {"According to {who}, this site uses misleading headlines to get clicks.",
              "По данным {who}, этот сайт привлекает читателей обманчивыми заголовками.",
              "{who} деректері бойынша, бұл сайт оқырманды адастыратын тақырыптармен тартады."};
    case R::kStateControlled:
      return {"According to {who}, this site is controlled by a state.",
              "По данным {who}, этот сайт контролируется государством.",
              "{who} деректері бойынша, бұл сайтты мемлекет бақылайды."};
    case R::kPropaganda:
      return {"According to {who}, this site spreads propaganda.",
              "По данным {who}, этот сайт распространяет пропаганду.",
              "{who} деректері бойынша, бұл сайт насихат таратады."};
    case R::kUserContent:
      return {
          "A platform where anyone can publish: content varies by author; check who wrote "
          "the page.",
          "Платформа, где публиковаться может любой: содержание зависит от автора; "
          "проверьте, кто написал страницу.",
          "Кез келген адам жариялай алатын платформа: мазмұны авторына байланысты; бетті "
          "кім жазғанын тексеріңіз."};
    case R::kReliable:
    case R::kFactChecker:
      break;
  }
  return {};
}

// What a dataset's extra reason code adds ("" for none).
Words reason_words(std::string_view code) {
  if (code == "factual_very_low") {
    return {"Its record of factual accuracy is very low.",
            "Фактическая точность его материалов очень низкая.",
            "Оның материалдарының нақтылығы өте төмен."};
  }
  if (code == "factual_low") {
    return {"Its record of factual accuracy is low.", "Фактическая точность его материалов низкая.",
            "Оның материалдарының нақтылығы төмен."};
  }
  if (code == "factual_mixed") {
    return {"Its record of factual accuracy is mixed.",
            "Фактическая точность его материалов неоднородна.",
            "Оның материалдарының нақтылығы әркелкі."};
  }
  if (code == "rumor_mill") {
    return {"It passes rumours off as news.", "Он выдаёт слухи за новости.",
            "Ол қауесетті жаңалық ретінде ұсынады."};
  }
  if (code == "partisan_bias") {
    return {"It takes one political side.", "Он открыто занимает одну политическую сторону.",
            "Ол бір саяси жақты ашық ұстанады."};
  }
  return {};
}

// A score on 0 (worst) … 1 (best) in words.
Words score_words(float score) {
  if (score < 0.1f) return {"very low", "очень низкая", "өте төмен"};
  if (score < 0.2f) return {"low", "низкая", "төмен"};
  if (score < 0.4f) return {"below average", "ниже средней", "орташадан төмен"};
  if (score < 0.6f) return {"average", "средняя", "орташа"};
  if (score < 0.8f) return {"above average", "выше средней", "орташадан жоғары"};
  return {"high", "высокая", "жоғары"};
}

// Who rated it, for the templates: the project's own code in words, or the
// organisation or dataset as its list names it.
std::string who(std::string_view rated_by, int lang) {
  if (rated_by == "sauatty") {
    return std::string(
        Words{"Sauatty's editors", "редакции Sauatty", "Sauatty редакциясының"}.in(lang));
  }
  return std::string(rated_by);
}

std::string replace_who(std::string_view text, std::string_view name) {
  std::string out(text);
  if (auto at = out.find("{who}"); at != std::string::npos) out.replace(at, 5, name);
  return out;
}

std::string decimal(float score, int lang) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(score));
  std::string out = buf;
  if (lang != 0) {
    if (auto dot = out.find('.'); dot != std::string::npos) out[dot] = ',';
  }
  return out;
}

// The note in one language, from what the entry says: kind of problem, who
// rated it, the score in words and when.
std::string template_note(const cred::Entry& e, const cred::List& list, int lang) {
  Words kind = rating_words(*e.rating);
  if (kind.en.empty()) return {};
  std::string note = replace_who(kind.in(lang), who(list.rated_by_of(e), lang));
  for (const std::string& code : e.reasons) {
    Words extra = reason_words(code);
    if (!extra.en.empty()) note += ' ' + std::string(extra.in(lang));
  }
  if (e.score >= 0) {
    static constexpr Words kScore = {
        "Its score in this rating is {w} ({x} on a scale from 0 to 1).",
        "Его оценка в этом рейтинге — {w} ({x} по шкале от 0 до 1).",
        "Оның осы рейтингтегі бағасы {w} (0-ден 1-ге дейінгі "
        "шкала бойынша {x})."};
    std::string s(kScore.in(lang));
    s.replace(s.find("{w}"), 3, score_words(e.score).in(lang));
    s.replace(s.find("{x}"), 3, decimal(e.score, lang));
    note += ' ' + s;
  }
  if (std::string_view date = list.reviewed_of(e); !date.empty()) {
    static constexpr Words kDate = {"Rated as of {d}.", "Оценка на {d}.", "Бағалау күні: {d}."};
    std::string s(kDate.in(lang));
    s.replace(s.find("{d}"), 3, date);
    note += ' ' + s;
  }
  return note;
}

}  // namespace

void fill_notes(Json& source, const credibility::Assessment& a) {
  if (!a.entry || !a.list || !a.entry->rating || a.level == credibility::Level::kNone) return;
  if (!source.is_object()) return;
  Json& notes = source["notes"];
  if (!notes.is_object()) notes = Json::object();
  for (int lang = 0; lang < static_cast<int>(kLangs.size()); ++lang) {
    std::string key(kLangs[lang]);
    if (notes.contains(key)) continue;
    std::string note = template_note(*a.entry, *a.list, lang);
    if (!note.empty()) notes[key] = std::move(note);
  }
}

Json judge_page(const credibility::Assessor* assessor, const url::Url& page,
                const credibility::PageMeta* meta) {
  credibility::Assessment assessment;  // no rules loaded: neutral
  if (assessor) assessment = meta ? assessor->assess_page(page, *meta) : assessor->assess(page);
  Json out = assessment_json(assessment);
  fill_notes(out["source"], assessment);
  return out;
}

Json judge_links(const credibility::Assessor* assessor, const std::vector<const url::Url*>& links,
                 const url::Url* page) {
  Json flagged = Json::array();
  if (!assessor) return flagged;
  std::string_view page_domain =
      page ? std::string_view(page->registrable_domain) : std::string_view();
  for (const auto& link : assessor->assess_links(links, page_domain)) {
    flagged.push_back(flagged_link_json(link));
  }
  return flagged;
}

}  // namespace sauatty::annotate
