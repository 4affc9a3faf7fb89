// Large allocations backed by transparent huge pages: fewer page faults for the national arrays.
//
// A national load and survey allocate several hundred MB in arrays of 5-50 MB (citizen columns,
// home locations, S4/S6 results). On the VMs praksis runs on, the first touch of a fresh 4 KiB
// page costs about 2.4 us, so page faults alone took a quarter of a survey's wall time. Where the
// kernel leaves transparent huge pages to madvise (the Debian default), an allocation that is
// advised before its first touch is faulted in 2 MiB at a time instead. Only the executable
// replaces operator new (tests, sanitizer builds and library users keep the standard one).
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#if !defined(__SANITIZE_ADDRESS__)

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kAdviseFrom = 2 * kHugePage;  // smaller blocks rarely span a huge page

void* allocate(std::size_t n) {
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

}  // namespace

void* operator new(std::size_t n) {
  return allocate(n);
}
void* operator new[](std::size_t n) {
  return allocate(n);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

#endif
