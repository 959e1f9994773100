//===- Compare.h - fp8-sweep's check of results -----------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The results of a target against those of the reference lowering: bit for
// bit, except the kernels that reorder sums (avx512bf16 and amx with f32
// accumulation), which must be bit-identical or within the error bound of
// docs/Spec.md section 7.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TOOLS_FP8_SWEEP_COMPARE_H
#define FP8_TOOLS_FP8_SWEEP_COMPARE_H

#include "Cases.h"
#include "GuardedMemory.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fp8::sweep {

/// Compares `actual`, what `target` computed for `c` on `inputs` with its
/// operands placed as `placement` says, with the reference's `expected`
/// results; prints the first differences and returns false when they
/// differ.
bool compareResults(const Case &c, const std::string &target,
                    Placement placement,
                    const std::vector<std::vector<uint8_t>> &inputs,
                    const std::vector<std::vector<uint8_t>> &expected,
                    const std::vector<std::vector<uint8_t>> &actual);

} // namespace fp8::sweep

#endif // FP8_TOOLS_FP8_SWEEP_COMPARE_H
