#include "credibility/confusables.h"

#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <climits>

namespace sauatty::credibility {
namespace {

void ascii_lower(std::string& s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

}  // namespace

void Confusables::CheckerDeleter::operator()(USpoofChecker* c) const { uspoof_close(c); }

Confusables::Confusables() {
  UErrorCode status = U_ZERO_ERROR;
  checker_.reset(uspoof_open(&status));
  if (U_FAILURE(status)) checker_.reset();
  for (int c = 0; c < 128; ++c) {
    char in = static_cast<char>(c);
    std::string s = (c >= 0x21 && c < 0x7f) ? skeleton(std::string_view(&in, 1)) : std::string();
    ascii_[c] = s.empty() ? std::string(1, in) : s;
  }
}

Confusables::~Confusables() = default;
Confusables::Confusables(Confusables&&) noexcept = default;
Confusables& Confusables::operator=(Confusables&&) noexcept = default;

std::string Confusables::skeleton(std::string_view text) const {
  if (!checker_ || text.size() > INT_MAX / 8) return {};
  std::string out(text.size() * 4 + 16, '\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t n =
      uspoof_getSkeletonUTF8(checker_.get(), 0, text.data(), static_cast<int32_t>(text.size()),
                             out.data(), static_cast<int32_t>(out.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    out.assign(static_cast<std::size_t>(n) + 1, '\0');
    status = U_ZERO_ERROR;
    n = uspoof_getSkeletonUTF8(checker_.get(), 0, text.data(), static_cast<int32_t>(text.size()),
                               out.data(), static_cast<int32_t>(out.size()), &status);
  }
  if (U_FAILURE(status) || n < 0) return {};
  out.resize(static_cast<std::size_t>(n));
  ascii_lower(out);
  return out;
}

int Confusables::ascii_skeleton(std::string_view text, char* out, int capacity) const {
  int n = 0;
  for (char c : text) {
    const std::string& s = ascii_[static_cast<unsigned char>(c) & 0x7f];
    if (n + static_cast<int>(s.size()) > capacity) return -1;
    for (char m : s) out[n++] = (m >= 'A' && m <= 'Z') ? static_cast<char>(m - 'A' + 'a') : m;
  }
  return n;
}

std::string Confusables::fold_case(std::string_view text) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace sauatty::credibility
