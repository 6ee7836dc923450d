// The replay of a HAR recording as a clock: which requests are due now, at
// the chosen speed, with play, pause, step and rewind. Pauses in the
// recording longer than kMaxGapMs are shortened to it, so that a recording
// of a few pages is on screen within seconds at the default speed. Pure
// logic (no I/O, no threads): the server's timer asks it what is due.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "har/har.h"

namespace sauatty::dashboard {

class Replay {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kMaxGapMs = 1000;
  // Speeds the page offers; 0 is "as fast as the host classifies".
  static constexpr double kSpeeds[] = {0.5, 1, 2, 5, 10, 0};

  explicit Replay(std::vector<har::Entry> entries);

  void play(Clock::time_point now);
  void pause(Clock::time_point now);
  // Back to the start, paused.
  void rewind();
  // False (and unchanged) for a speed not in kSpeeds.
  bool set_speed(double speed, Clock::time_point now);
  // The next entry alone, pausing first; empty at the end.
  std::span<const har::Entry> step(Clock::time_point now);
  // The entries due at `now`, at most `max` (the rest stay due); playing
  // ends, paused, after the last.
  std::span<const har::Entry> take_due(Clock::time_point now, std::size_t max);
  // How long until the next entry is due while playing (zero when one is
  // due now); nullopt when paused or at the end.
  std::optional<Clock::duration> next_due(Clock::time_point now) const;

  bool playing() const { return playing_; }
  std::size_t position() const { return position_; }
  std::size_t size() const { return entries_.size(); }
  // {"state": "playing"|"paused"|"done", "position", "total", "speed"}
  nlohmann::json status() const;

 private:
  double virtual_now(Clock::time_point now) const;

  std::vector<har::Entry> entries_;
  std::vector<double> schedule_ms_;  // each entry's time on the compressed timeline
  std::size_t position_ = 0;
  bool playing_ = false;
  double speed_ = 1;
  double cursor_ms_ = 0;  // the timeline's time at started_
  Clock::time_point started_{};
};

}  // namespace sauatty::dashboard
