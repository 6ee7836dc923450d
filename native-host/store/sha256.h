// SHA-256 (FIPS 180-4) in plain C++: the hash `rules update` checks a
// download against (sources.json's "sha256") and records beside each cached
// list, and the one the host checks a cached list against at start-up. It is
// here rather than taken from OpenSSL so that start-up never maps libcrypto
// (see download_module.cpp for what that costs).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sauatty::store {

// Hashes bytes handed over in pieces of any size. update() must not be called
// after hex_digest().
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // 64 lower-case hex digits.
  std::string hex_digest();

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> block_{};
  std::size_t used_ = 0;      // bytes in block_
  std::uint64_t length_ = 0;  // bytes hashed so far
};

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace sauatty::store
