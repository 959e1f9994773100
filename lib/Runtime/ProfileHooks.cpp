//===- ProfileHooks.cpp - timing hooks of fp8-run --profile ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The functions that fp8-insert-profile-hooks calls around the code of each
// op of the input module (see Runtime.h). Time is exclusive: while a nested
// op runs (an op of a function that a profiled op calls), the clock runs for
// the nested op only, so that the times of all ops add up to the time spent
// in profiled code.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runtime/Runtime.h"

#include <chrono>
#include <vector>

using namespace fp8::runtime;

namespace {

using Clock = std::chrono::steady_clock;

/// The hooks run on the thread that calls the entry function only (they sit
/// between the top-level ops of a function, outside any parallel region), so
/// this state needs no lock.
struct Profile {
  std::vector<ProfileEntry> entries; // by op id
  std::vector<int64_t> open;         // ids begun and not yet ended
  Clock::time_point last;            // when the innermost open op was charged
};

Profile profile;

/// Charges the time since the last event to the innermost open op.
void charge(Clock::time_point now) {
  if (!profile.open.empty())
    profile.entries[profile.open.back()].seconds +=
        std::chrono::duration<double>(now - profile.last).count();
  profile.last = now;
}

} // namespace

void fp8::runtime::resetProfile() { profile = Profile(); }

std::vector<ProfileEntry> fp8::runtime::profileEntries() {
  return profile.entries;
}

extern "C" {

void fp8_profile_begin(int64_t id, int64_t calls) {
  Clock::time_point now = Clock::now();
  if (id < 0)
    return;
  charge(now);
  if (static_cast<size_t>(id) >= profile.entries.size())
    profile.entries.resize(id + 1);
  profile.entries[id].calls += calls;
  profile.open.push_back(id);
}

void fp8_profile_end(int64_t id) {
  Clock::time_point now = Clock::now();
  if (id < 0 || profile.open.empty())
    return;
  charge(now);
  profile.open.pop_back();
}

} // extern "C"
