//===- AMXPermission.cpp - ask Linux for the AMX tile state ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Linux (5.16 and later) enables the AMX tile data state (XTILEDATA, 8 KiB
// a thread) only for processes that ask: an AMX instruction before the
// request raises SIGILL. The request holds for the whole process, so hosts
// make it once, before running code compiled for target=amx.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runtime/Runtime.h"

#include <cerrno>

#if defined(__linux__) && defined(__x86_64__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

extern "C" FP8_RUNTIME_EXPORT int fp8_request_amx_permission(void) {
#if defined(__linux__) && defined(__x86_64__)
  // arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) (asm/prctl.h).
  constexpr long kArchRequestComponentPermission = 0x1023;
  constexpr long kXFeatureTileData = 18;
  if (syscall(SYS_arch_prctl, kArchRequestComponentPermission,
              kXFeatureTileData) == 0)
    return 0;
  return errno;
#else
  // Other systems enable AMX state without a request (or have no AMX).
  return 0;
#endif
}
