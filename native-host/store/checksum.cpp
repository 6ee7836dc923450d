#include "store/checksum.h"

#include <cstring>
#include <memory>

#include "engine/bytes.h"
#include "engine/hash_index.h"

namespace sauatty::store {

void ContentChecksum::update(std::string_view bytes) {
  length_ += bytes.size();
  if (pending_size_ != 0) {
    const std::size_t take = std::min(bytes.size(), 8 - pending_size_);
    std::memcpy(pending_ + pending_size_, bytes.data(), take);
    pending_size_ += take;
    bytes.remove_prefix(take);
    if (pending_size_ < 8) return;
    state_ = engine::fold_hash(state_, engine::bytes::load8(pending_));
    pending_size_ = 0;
  }
  // Each word is folded into the state with a 64×64→128-bit multiply
  // (engine/hash_index.h): every bit of every word reaches the result.
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    state_ = engine::fold_hash(state_, engine::bytes::load8(bytes.data() + i));
  }
  pending_size_ = bytes.size() - i;
  std::memcpy(pending_, bytes.data() + i, pending_size_);
}

std::uint64_t ContentChecksum::value() const {
  std::uint64_t h = state_;
  if (pending_size_ != 0)
    h = engine::fold_hash(h, engine::bytes::load_upto8(pending_, pending_size_));
  return engine::fold_hash(h, length_);
}

std::uint64_t content_checksum(std::string_view bytes) {
  ContentChecksum sum;
  sum.update(bytes);
  return sum.value();
}

void WideChecksum::fold_block(const char* p) {
  for (std::size_t lane = 0; lane < 4; ++lane) {
    lanes_[lane] = engine::fold_hash(lanes_[lane], engine::bytes::load8(p + 8 * lane));
  }
}

void WideChecksum::update(std::string_view bytes) {
  length_ += bytes.size();
  if (pending_size_ != 0) {
    const std::size_t take = std::min(bytes.size(), kBlock - pending_size_);
    std::memcpy(pending_ + pending_size_, bytes.data(), take);
    pending_size_ += take;
    bytes.remove_prefix(take);
    if (pending_size_ < kBlock) return;
    fold_block(pending_);
    pending_size_ = 0;
  }
  // The lanes in locals: as members they would be stored and loaded again
  // at every block (the bytes are chars, which may alias them), which put a
  // memory round trip into each lane's chain of multiplies.
  std::uint64_t a = lanes_[0], b = lanes_[1], c = lanes_[2], d = lanes_[3];
  const char* p = bytes.data();
  std::size_t i = 0;
  for (; i + kBlock <= bytes.size(); i += kBlock) {
    a = engine::fold_hash(a, engine::bytes::load8(p + i));
    b = engine::fold_hash(b, engine::bytes::load8(p + i + 8));
    c = engine::fold_hash(c, engine::bytes::load8(p + i + 16));
    d = engine::fold_hash(d, engine::bytes::load8(p + i + 24));
  }
  lanes_[0] = a;
  lanes_[1] = b;
  lanes_[2] = c;
  lanes_[3] = d;
  pending_size_ = bytes.size() - i;
  std::memcpy(pending_, bytes.data() + i, pending_size_);
}

std::uint64_t WideChecksum::value() const {
  std::uint64_t h = lanes_[0];
  for (std::size_t lane = 1; lane < 4; ++lane) h = engine::fold_hash(h, lanes_[lane]);
  for (std::size_t at = 0; at < pending_size_; at += 8) {
    h = engine::fold_hash(h, engine::bytes::load_upto8(pending_ + at, pending_size_ - at));
  }
  return engine::fold_hash(h, length_);
}

std::uint64_t wide_checksum(std::string_view bytes) {
  WideChecksum sum;
  sum.update(bytes);
  return sum.value();
}

std::expected<std::uint64_t, std::string> file_checksum(lists::TextFile& file) {
  ContentChecksum sum;
  std::unique_ptr<char[]> buffer(new char[lists::kFileChunkBytes]);
  for (;;) {
    auto piece = file.read(std::span<char>(buffer.get(), lists::kFileChunkBytes));
    if (!piece) return std::unexpected(piece.error());
    if (piece->empty()) return sum.value();
    sum.update(*piece);
  }
}

}  // namespace sauatty::store
