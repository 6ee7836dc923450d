// Few<T>: a list that costs one pointer while empty. An Entry (list.h) has
// seven lists (reasons, notes, citations, names, …) that are empty in nearly
// every entry: a dataset's thousands of rows have none of them. As
// std::vectors they took 24 bytes each in every entry (168 of the 400 it took);
// as Few, 8, and the vector is allocated only for an entry that has items.
//
// Reading is a std::vector's (get(), or the conversion, for a function that
// takes one); writing through push_back / emplace_back, set() or edit().
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace sauatty::credibility {

template <class T>
class Few {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::const_iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  Few() = default;
  Few(std::initializer_list<T> items) { set(std::vector<T>(items)); }
  Few(std::vector<T> items) { set(std::move(items)); }  // NOLINT: implicit, as a vector's
  Few(const Few& other) { *this = other; }
  Few(Few&&) noexcept = default;
  Few& operator=(const Few& other) {
    if (this != &other) set(other.get());
    return *this;
  }
  Few& operator=(Few&&) noexcept = default;
  ~Few() = default;

  // The items; an empty vector (shared, never changed) when there are none.
  const std::vector<T>& get() const { return items_ ? *items_ : none(); }
  operator const std::vector<T>&() const { return get(); }  // NOLINT: reads as a vector

  bool empty() const { return !items_ || items_->empty(); }
  std::size_t size() const { return items_ ? items_->size() : 0; }
  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  const T& operator[](std::size_t i) const { return (*items_)[i]; }
  const T& front() const { return items_->front(); }
  const T& back() const { return items_->back(); }

  // Replaces the items; an empty vector frees them.
  void set(std::vector<T> items) {
    if (items.empty()) {
      items_.reset();
    } else if (items_) {
      *items_ = std::move(items);
    } else {
      items_ = std::make_unique<std::vector<T>>(std::move(items));
    }
  }
  void clear() { items_.reset(); }
  void push_back(T item) { edit().push_back(std::move(item)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    return edit().emplace_back(std::forward<Args>(args)...);
  }
  // The vector itself, allocated if there was none (so that an entry that
  // ends up with no items should be given them by set() instead).
  std::vector<T>& edit() {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    return *items_;
  }

  friend bool operator==(const Few& a, const Few& b) { return a.get() == b.get(); }
  friend bool operator==(const Few& a, const std::vector<T>& b) { return a.get() == b; }

 private:
  static const std::vector<T>& none() {
    static const std::vector<T> empty;
    return empty;
  }
  std::unique_ptr<std::vector<T>> items_;
};

}  // namespace sauatty::credibility
