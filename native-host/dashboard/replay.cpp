#include "dashboard/replay.h"

#include <algorithm>

namespace sauatty::dashboard {

Replay::Replay(std::vector<har::Entry> entries) : entries_(std::move(entries)) {
  schedule_ms_.reserve(entries_.size());
  double t = 0, previous = entries_.empty() ? 0 : entries_.front().offset_ms;
  for (const auto& e : entries_) {
    t += std::clamp(e.offset_ms - previous, 0.0, kMaxGapMs);
    previous = e.offset_ms;
    schedule_ms_.push_back(t);
  }
}

double Replay::virtual_now(Clock::time_point now) const {
  if (!playing_) return cursor_ms_;
  if (speed_ == 0) return schedule_ms_.empty() ? 0 : schedule_ms_.back();
  const double real_ms = std::chrono::duration<double, std::milli>(now - started_).count();
  return cursor_ms_ + real_ms * speed_;
}

void Replay::play(Clock::time_point now) {
  if (playing_ || position_ >= entries_.size()) return;
  playing_ = true;
  started_ = now;
  // Resume from the next entry's time (a step or a pause may have left the
  // cursor anywhere before it).
  cursor_ms_ = std::max(cursor_ms_, position_ > 0 ? schedule_ms_[position_ - 1] : 0.0);
}

void Replay::pause(Clock::time_point now) {
  if (!playing_) return;
  cursor_ms_ =
      speed_ == 0 && position_ < schedule_ms_.size() ? schedule_ms_[position_] : virtual_now(now);
  playing_ = false;
}

void Replay::rewind() {
  playing_ = false;
  position_ = 0;
  cursor_ms_ = 0;
}

bool Replay::set_speed(double speed, Clock::time_point now) {
  if (std::find(std::begin(kSpeeds), std::end(kSpeeds), speed) == std::end(kSpeeds)) return false;
  const bool was_playing = playing_;
  pause(now);
  speed_ = speed;
  if (was_playing) play(now);
  return true;
}

std::span<const har::Entry> Replay::step(Clock::time_point now) {
  pause(now);
  if (position_ >= entries_.size()) return {};
  cursor_ms_ = schedule_ms_[position_];
  return {entries_.data() + position_++, 1};
}

std::span<const har::Entry> Replay::take_due(Clock::time_point now, std::size_t max) {
  if (!playing_) return {};
  const double t = virtual_now(now);
  const std::size_t begin = position_;
  while (position_ < entries_.size() && position_ - begin < max && schedule_ms_[position_] <= t)
    ++position_;
  if (position_ >= entries_.size()) {
    playing_ = false;
    cursor_ms_ = schedule_ms_.empty() ? 0 : schedule_ms_.back();
  }
  return {entries_.data() + begin, position_ - begin};
}

std::optional<Replay::Clock::duration> Replay::next_due(Clock::time_point now) const {
  if (!playing_ || position_ >= entries_.size()) return std::nullopt;
  const double wait_ms = speed_ == 0 ? 0 : (schedule_ms_[position_] - virtual_now(now)) / speed_;
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double, std::milli>(std::max(0.0, wait_ms)));
}

nlohmann::json Replay::status() const {
  return {{"state", playing_                       ? "playing"
                    : position_ >= entries_.size() ? "done"
                                                   : "paused"},
          {"position", position_},
          {"total", entries_.size()},
          {"speed", speed_}};
}

}  // namespace sauatty::dashboard
