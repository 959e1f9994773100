//===- GuardedMemory.cpp - buffers against guard pages --------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "GuardedMemory.h"

#include <algorithm>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace fp8::sweep;

namespace {

size_t pageSize() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

size_t roundUp(size_t value, size_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Guard pages and quarantined buffers, for the fault handler: a fixed
/// table it can read without allocating.
struct GuardRecord {
  uintptr_t begin = 0, end = 0;
  char what[112] = {};
};
constexpr int kMaxGuards = 8192;
GuardRecord guards[kMaxGuards];
char faultContext[8192];

/// An allocation the guarded allocator made.
struct Allocation {
  void *mapping;
  size_t mappingBytes;
  size_t bytes;
  /// Bytes after the buffer, up to the guard page, that must keep kCanary.
  uint8_t *slack;
  size_t slackBytes;
};
constexpr uint8_t kCanary = 0xCD;
/// Freed buffers stay inaccessible until this many more have been freed.
constexpr size_t kQuarantine = 512;

struct AllocatorState {
  bool enabled = false;
  Placement placement = Placement::GuardAfter;
  uint8_t fill = 0xA5;
  std::unordered_map<void *, Allocation> live;
  std::deque<Allocation> quarantine;
  std::string firstError;
  /// Parallel kernels allocate from several threads (realloc frees).
  std::recursive_mutex mutex;
};
/// Holds the allocator's lock for the scope.
using AllocatorLock = std::lock_guard<std::recursive_mutex>;
AllocatorState &state() {
  static AllocatorState *allocator = new AllocatorState;
  return *allocator;
}

/// A private mapping holding `bytes` bytes at `user`, aligned to
/// `alignment`, right after (GuardBefore) or right before (GuardAfter) an
/// inaccessible page recorded as `what`.
struct GuardedMapping {
  void *mapping = nullptr;
  size_t mappingBytes = 0;
  uint8_t *user = nullptr;
};

GuardedMapping mapGuarded(size_t bytes, size_t alignment, Placement placement,
                          const std::string &what) {
  const size_t page = pageSize();
  const size_t rounded = roundUp(std::max<size_t>(bytes, 1), alignment);
  const size_t dataPages = roundUp(rounded, page) / page;
  GuardedMapping result;
  result.mappingBytes = (dataPages + 1) * page;
  result.mapping = mmap(nullptr, result.mappingBytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (result.mapping == MAP_FAILED) {
    result.mapping = nullptr;
    return result;
  }
  auto *base = static_cast<uint8_t *>(result.mapping);
  uint8_t *guard =
      placement == Placement::GuardBefore ? base : base + dataPages * page;
  result.user =
      placement == Placement::GuardBefore ? base + page : guard - rounded;
  mprotect(guard, page, PROT_NONE);
  registerGuard(guard, page, what);
  return result;
}

void unmapGuarded(void *mapping, size_t mappingBytes) {
  unregisterGuards(mapping, mappingBytes);
  munmap(mapping, mappingBytes);
}

/// `bytes` bytes aligned to `alignment` against a guard page, as the
/// current placement says.
void *allocateGuarded(size_t bytes, size_t alignment) {
  AllocatorState &s = state();
  GuardedMapping mapped =
      mapGuarded(bytes, alignment, s.placement,
                 "guard page of a buffer the generated code allocated (" +
                     std::to_string(bytes) + " bytes)");
  if (!mapped.mapping)
    return nullptr;
  std::memset(mapped.user, s.fill, bytes);
  // Before a guard page after the buffer, the alignment leaves a few bytes
  // that nothing may write.
  const size_t slackBytes =
      s.placement == Placement::GuardBefore
          ? 0
          : roundUp(std::max<size_t>(bytes, 1), alignment) - bytes;
  Allocation allocation{mapped.mapping, mapped.mappingBytes, bytes,
                        mapped.user + bytes, slackBytes};
  std::memset(allocation.slack, kCanary, allocation.slackBytes);
  s.live[mapped.user] = allocation;
  return mapped.user;
}

void release(const Allocation &allocation) {
  unmapGuarded(allocation.mapping, allocation.mappingBytes);
}

} // namespace

const char *fp8::sweep::placementName(Placement placement) {
  switch (placement) {
  case Placement::Heap:
    return "heap";
  case Placement::GuardAfter:
    return "guard-after";
  case Placement::GuardBefore:
    return "guard-before";
  }
  return "?";
}

GuardedBuffer::GuardedBuffer(size_t bytes, Placement placement,
                             std::string name)
    : bytes(bytes), placement(placement) {
  if (placement == Placement::Heap) {
    address = std::aligned_alloc(64, roundUp(std::max<size_t>(bytes, 1), 64));
    return;
  }
  // Element-aligned (bytes is a multiple of the element size): the operand
  // touches its guard page exactly.
  GuardedMapping mapped = mapGuarded(
      bytes, 1, placement,
      std::string("guard page ") +
          (placement == Placement::GuardBefore ? "before" : "after") +
          " operand " + name);
  if (!mapped.mapping) {
    std::perror("fp8-sweep: mmap");
    std::exit(2);
  }
  mapping = mapped.mapping;
  mappingBytes = mapped.mappingBytes;
  address = mapped.user;
}

GuardedBuffer::~GuardedBuffer() {
  if (placement == Placement::Heap)
    std::free(address);
  else
    unmapGuarded(mapping, mappingBytes);
}

void GuardedBuffer::makeReadOnly() {
  if (placement == Placement::Heap)
    return;
  const size_t page = pageSize();
  auto *base = static_cast<uint8_t *>(mapping);
  if (placement == Placement::GuardBefore)
    mprotect(base + page, mappingBytes - page, PROT_READ);
  else
    mprotect(base, mappingBytes - page, PROT_READ);
}

void GuardedAllocator::setEnabled(bool enabled, Placement placement,
                                  uint8_t fill) {
  AllocatorState &s = state();
  s.enabled = enabled && placement != Placement::Heap;
  s.placement = placement;
  s.fill = fill;
  // glibc fills what malloc returns with ~fill and what free takes with
  // fill, so the heap placement also shows reads of unwritten memory.
  mallopt(M_PERTURB, enabled ? fill : 0);
}

std::string GuardedAllocator::drainAndCheck() {
  AllocatorState &s = state();
  AllocatorLock lock(s.mutex);
  for (const Allocation &allocation : s.quarantine)
    release(allocation);
  s.quarantine.clear();
  std::string error = s.firstError;
  s.firstError.clear();
  return error;
}

void *GuardedAllocator::malloc(size_t bytes) {
  if (!state().enabled)
    return std::malloc(bytes);
  AllocatorLock lock(state().mutex);
  return allocateGuarded(bytes, 16);
}

void *GuardedAllocator::calloc(size_t count, size_t bytes) {
  if (!state().enabled)
    return std::calloc(count, bytes);
  AllocatorLock lock(state().mutex);
  void *result = allocateGuarded(count * bytes, 16);
  if (result)
    std::memset(result, 0, count * bytes);
  return result;
}

void *GuardedAllocator::realloc(void *pointer, size_t bytes) {
  AllocatorState &s = state();
  AllocatorLock lock(s.mutex);
  auto it = pointer ? s.live.find(pointer) : s.live.end();
  if (it == s.live.end() && (pointer || !s.enabled))
    return std::realloc(pointer, bytes);
  void *result = allocateGuarded(bytes, 16);
  if (result && pointer)
    std::memcpy(result, pointer, std::min(bytes, it->second.bytes));
  free(pointer);
  return result;
}

void *GuardedAllocator::alignedAlloc(size_t alignment, size_t bytes) {
  if (!state().enabled)
    return std::aligned_alloc(alignment, bytes);
  AllocatorLock lock(state().mutex);
  return allocateGuarded(bytes, std::max<size_t>(alignment, 16));
}

int GuardedAllocator::posixMemalign(void **result, size_t alignment,
                                    size_t bytes) {
  if (!state().enabled)
    return ::posix_memalign(result, alignment, bytes);
  AllocatorLock lock(state().mutex);
  *result = allocateGuarded(bytes, std::max<size_t>(alignment, 16));
  return *result ? 0 : ENOMEM;
}

void GuardedAllocator::free(void *pointer) {
  if (!pointer)
    return;
  AllocatorState &s = state();
  AllocatorLock lock(s.mutex);
  auto it = s.live.find(pointer);
  if (it == s.live.end()) {
    std::free(pointer);
    return;
  }
  Allocation allocation = it->second;
  s.live.erase(it);
  for (size_t i = 0; i < allocation.slackBytes; ++i)
    if (allocation.slack[i] != kCanary && s.firstError.empty()) {
      char message[256];
      std::snprintf(message, sizeof(message),
                    "the generated code wrote %zu byte(s) past the end of a "
                    "%zu-byte buffer it allocated",
                    i + 1, allocation.bytes);
      s.firstError = message;
    }
  // Use after free faults while the buffer is in quarantine.
  mprotect(allocation.mapping, allocation.mappingBytes, PROT_NONE);
  unregisterGuards(allocation.mapping, allocation.mappingBytes);
  registerGuard(allocation.mapping, allocation.mappingBytes,
                "a buffer the generated code freed (" +
                    std::to_string(allocation.bytes) + " bytes)");
  s.quarantine.push_back(allocation);
  if (s.quarantine.size() > kQuarantine) {
    release(s.quarantine.front());
    s.quarantine.pop_front();
  }
}

void fp8::sweep::registerGuard(const void *begin, size_t bytes,
                               const std::string &what) {
  for (GuardRecord &record : guards)
    if (record.begin == 0) {
      record.begin = reinterpret_cast<uintptr_t>(begin);
      record.end = record.begin + bytes;
      std::snprintf(record.what, sizeof(record.what), "%s", what.c_str());
      return;
    }
}

void fp8::sweep::unregisterGuards(const void *begin, size_t bytes) {
  const auto first = reinterpret_cast<uintptr_t>(begin);
  for (GuardRecord &record : guards)
    if (record.begin >= first && record.begin < first + bytes)
      record = GuardRecord();
}

void fp8::sweep::setFaultContext(const std::string &context) {
  std::snprintf(faultContext, sizeof(faultContext), "%s", context.c_str());
}

static void writeText(const char *text) {
  ssize_t ignored = write(STDOUT_FILENO, text, std::strlen(text));
  (void)ignored;
}

static void onFault(int signal, siginfo_t *info, void *) {
  auto address = reinterpret_cast<uintptr_t>(info->si_addr);
  char message[512];
  const char *what = "no guard page (a wild access)";
  for (const GuardRecord &record : guards)
    if (record.begin && address >= record.begin && address < record.end)
      what = record.what;
  std::snprintf(message, sizeof(message),
                "memory fault (%s) at 0x%" PRIxPTR ": %s\n",
                signal == SIGSEGV ? "SIGSEGV" : "SIGBUS", address, what);
  writeText(message);
  writeText(faultContext);
  writeText("\n");
  _exit(3);
}

void fp8::sweep::installFaultHandler() {
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_sigaction = onFault;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, nullptr);
  sigaction(SIGBUS, &action, nullptr);
}
