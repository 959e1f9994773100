//===- GuardedMemory.h - buffers against guard pages ------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Memory that makes out-of-bounds accesses of JIT-compiled code fault. The
// sanitizers do not instrument JIT'd code, so fp8-sweep places each operand
// against an inaccessible page (after its last byte, or before its first),
// makes inputs read-only, and hands the generated code an allocator
// (malloc, free, ... registered as JIT symbols) that does the same for
// every buffer the code allocates itself, fills new memory with a pattern
// (so a read of memory never written shows), keeps freed memory
// inaccessible for a while (use after free faults), and checks on free
// that the few bytes between a buffer's end and its guard page (malloc's
// 16-byte alignment) were not written.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TOOLS_FP8_SWEEP_GUARDEDMEMORY_H
#define FP8_TOOLS_FP8_SWEEP_GUARDEDMEMORY_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace fp8::sweep {

/// Where a buffer sits against its guard page.
enum class Placement {
  /// glibc malloc, with M_PERTURB filling (no guard).
  Heap,
  /// Last byte just before an inaccessible page: overruns fault.
  GuardAfter,
  /// First byte just after an inaccessible page: underruns fault.
  GuardBefore,
};
const char *placementName(Placement placement);

/// One operand's memory.
class GuardedBuffer {
public:
  GuardedBuffer(size_t bytes, Placement placement, std::string name);
  ~GuardedBuffer();
  GuardedBuffer(const GuardedBuffer &) = delete;
  GuardedBuffer &operator=(const GuardedBuffer &) = delete;

  void *data() const { return address; }
  size_t size() const { return bytes; }
  /// Inputs: writes fault from now on.
  void makeReadOnly();

private:
  size_t bytes;
  Placement placement;
  void *address = nullptr;
  void *mapping = nullptr;
  size_t mappingBytes = 0;
};

/// The allocator that generated code calls while `enabled` (otherwise
/// glibc's). Returns nullptr and sets `error` on a corrupted buffer.
struct GuardedAllocator {
  static void setEnabled(bool enabled, Placement placement, uint8_t fill);
  /// Frees every buffer still in quarantine and reports the first
  /// corruption seen (empty when none).
  static std::string drainAndCheck();

  static void *malloc(size_t bytes);
  static void *calloc(size_t count, size_t bytes);
  static void *realloc(void *pointer, size_t bytes);
  static void *alignedAlloc(size_t alignment, size_t bytes);
  static int posixMemalign(void **result, size_t alignment, size_t bytes);
  static void free(void *pointer);
};

/// Installs a SIGSEGV/SIGBUS handler that names the guard page or freed
/// buffer a fault hit, prints `context` and exits with status 3.
void installFaultHandler();
void setFaultContext(const std::string &context);
/// Records a guard page range and the buffer it protects, for messages.
void registerGuard(const void *begin, size_t bytes, const std::string &what);
/// Forgets the records of the guards that start in [begin, begin + bytes).
void unregisterGuards(const void *begin, size_t bytes);

} // namespace fp8::sweep

#endif // FP8_TOOLS_FP8_SWEEP_GUARDEDMEMORY_H
