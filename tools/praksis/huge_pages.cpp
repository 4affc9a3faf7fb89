// Large allocations backed by transparent huge pages and reused: fewer page faults for the national
// arrays.
//
// A national load and survey allocate several hundred MB in arrays of 5-50 MB (citizen columns,
// home locations, S4/S6 results). On the VMs praksis runs on, the first touch of a fresh 4 KiB
// page costs about 2.4 us, so page faults alone took a quarter of a survey's wall time. Where the
// kernel leaves transparent huge pages to madvise (the Debian default), an allocation that is
// advised before its first touch is faulted in 2 MiB at a time instead. And freed memory is kept
// for the next array instead of going back to the kernel (which zeroes it again when it is asked
// for it): blocks below glibc's largest mmap threshold come from the heap, which is not trimmed;
// larger blocks are kept in a small cache. Only the executable replaces operator new (tests,
// sanitizer builds and library users keep the standard one). Nothing here changes a result.
#include <malloc.h>
#include <sys/mman.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define PRAKSIS_SANITIZED_ALLOCATOR 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(PRAKSIS_SANITIZED_ALLOCATOR)

// A named namespace, not an anonymous one: the CLI may be compiled as a unity build.
namespace praksis_huge_pages {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kAdviseFrom = 2 * kHugePage;  // smaller blocks rarely span a huge page

constexpr std::size_t kMmapThreshold = std::size_t{32} << 20;  // glibc's maximum
constexpr std::size_t kCacheLimit = std::size_t{1} << 30;      // bytes kept for reuse

// Freed blocks of at least kMmapThreshold (each a mapping of its own), for reuse by a later
// allocation of between half and all of its size.
class BlockCache {
 public:
  BlockCache() {
    ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold));
    ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
  }
  void* take(std::size_t n) {
    const std::lock_guard lock(mutex_);
    std::size_t best = kSlots;
    for (std::size_t i = 0; i < kSlots; ++i) {
      if (!slot_[i].p || slot_[i].size < n || slot_[i].size / 2 > n) continue;
      if (best == kSlots || slot_[i].size < slot_[best].size) best = i;
    }
    if (best == kSlots) return nullptr;
    void* p = slot_[best].p;
    bytes_ -= slot_[best].size;
    slot_[best] = {};
    return p;
  }
  bool keep(void* p, std::size_t size) {
    const std::lock_guard lock(mutex_);
    if (bytes_ + size > kCacheLimit) return false;
    for (auto& s : slot_) {
      if (s.p) continue;
      s = {p, size};
      bytes_ += size;
      return true;
    }
    return false;
  }

 private:
  static constexpr std::size_t kSlots = 32;
  struct Slot {
    void* p = nullptr;
    std::size_t size = 0;
  };
  std::mutex mutex_;
  std::array<Slot, kSlots> slot_{};
  std::size_t bytes_ = 0;
};

BlockCache& cache() {
  // Constructed by the first allocation and never destroyed: blocks freed while other statics
  // are destroyed at exit still find it.
  alignas(BlockCache) static unsigned char storage[sizeof(BlockCache)];
  static BlockCache* c = ::new (static_cast<void*>(storage)) BlockCache();
  return *c;
}

void* allocate(std::size_t n) {
  if (n >= kMmapThreshold) {
    if (void* p = cache().take(n)) return p;
  }
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  if (n >= kAdviseFrom) {
    // The 2 MiB-aligned interior of the block; the advice only changes how pages are backed.
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(kHugePage - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
  return p;
}

void release(void* p) noexcept {
  if (p == nullptr) return;
  const std::size_t size = ::malloc_usable_size(p);
  if (size >= kMmapThreshold && cache().keep(p, size)) return;
  std::free(p);
}

}  // namespace praksis_huge_pages

void* operator new(std::size_t n) {
  return praksis_huge_pages::allocate(n);
}
void* operator new[](std::size_t n) {
  return praksis_huge_pages::allocate(n);
}
void operator delete(void* p) noexcept {
  praksis_huge_pages::release(p);
}
void operator delete[](void* p) noexcept {
  praksis_huge_pages::release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  praksis_huge_pages::release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  praksis_huge_pages::release(p);
}

#endif
