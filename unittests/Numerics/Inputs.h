//===- Inputs.h - f32 inputs that probe FP8 rounding ------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The f32 inputs of the encoder tests: every place where the FP8 result
// changes (grid points, midpoints, the overflow boundary) with their f32
// neighbours, special values, and a seeded random fill.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_UNITTESTS_NUMERICS_INPUTS_H
#define FP8_UNITTESTS_NUMERICS_INPUTS_H

#include "Oracle.h"

#include <random>
#include <vector>

namespace fp8::oracle {

/// Appends `value` and its f32 neighbours up to `ulps` away, both signs.
inline void addWithNeighbours(std::vector<float> &inputs, float value,
                              int ulps) {
  const uint32_t bits = bitsOf(std::fabs(value));
  for (int delta = -ulps; delta <= ulps; ++delta) {
    if (delta < 0 && bits < uint32_t(-delta))
      continue; // below +0
    const uint32_t neighbour = bits + delta;
    if (neighbour > 0x7F800000u)
      continue; // past +inf
    inputs.push_back(floatOf(neighbour));
    inputs.push_back(-floatOf(neighbour));
  }
}

/// Inputs chosen from the format's grid, independent of random numbers.
inline std::vector<float> structuredInputs(const Reference &reference) {
  std::vector<float> inputs;
  // Zeros, infinities and NaNs with assorted payloads and signs.
  for (uint32_t bits : {0x00000000u, 0x7F800000u, 0x7FC00000u, 0x7F800001u,
                        0x7FA00000u, 0x7FC00001u, 0x7FFFFFFFu, 0x7FBFFFFFu})
    for (uint32_t sign : {0u, 0x80000000u})
      inputs.push_back(floatOf(sign | bits));
  // Every f32 exponent, both signs, a few mantissas.
  for (uint32_t exponent = 0; exponent < 256; ++exponent)
    for (uint32_t mantissa : {0x0u, 0x1u, 0x2u, 0x3FFFFFu, 0x400000u, 0x400001u,
                              0x555555u, 0x7FFFFEu, 0x7FFFFFu})
      for (uint32_t sign : {0u, 0x80000000u})
        inputs.push_back(floatOf(sign | exponent << 23 | mantissa));
  // f32 subnormals: every power of two and the smallest ones.
  for (int shift = 0; shift < 23; ++shift)
    addWithNeighbours(inputs, floatOf(1u << shift), 2);
  for (uint32_t bits = 1; bits < 64; ++bits)
    addWithNeighbours(inputs, floatOf(bits), 0);
  // Grid points (FP8 subnormals included), the midpoints between them and
  // the quarter points, each with its f32 neighbours. The grid is extended by
  // the overflow value, so max, the overflow boundary and the overflow
  // value itself are covered.
  std::vector<double> grid = reference.grid;
  grid.push_back(reference.overflowValue);
  grid.push_back(2 * reference.overflowValue - reference.maxFinite());
  for (size_t i = 0; i < grid.size(); ++i) {
    addWithNeighbours(inputs, static_cast<float>(grid[i]), 2);
    if (i + 1 == grid.size())
      break;
    const double spacing = grid[i + 1] - grid[i];
    for (double fraction : {0.5, 0.25, 0.75})
      addWithNeighbours(inputs,
                        static_cast<float>(grid[i] + fraction * spacing), 2);
  }
  // Far beyond the range.
  for (float big :
       {2 * static_cast<float>(reference.overflowValue), 1e10f, 3.4028235e38f})
    addWithNeighbours(inputs, big, 1);
  return inputs;
}

/// structuredInputs() followed by a seeded pseudo-random fill up to `total`:
/// uniform bit patterns, values in and around the format's range, and values
/// near grid points and midpoints.
inline std::vector<float> f32Inputs(const Reference &reference, size_t total) {
  std::vector<float> inputs = structuredInputs(reference);
  std::mt19937_64 random(0x5EED0000u + static_cast<unsigned>(reference.kind));
  const int smallest = std::ilogb(reference.grid[1]) - 3;
  const int largest = std::ilogb(reference.overflowValue) + 2;
  std::uniform_int_distribution<int> exponent(smallest, largest);
  std::uniform_int_distribution<size_t> gridIndex(0, reference.grid.size() - 1);
  std::uniform_int_distribution<int> ulps(-1000, 1000);
  inputs.reserve(total);
  while (inputs.size() < total) {
    const uint64_t draw = random();
    const uint32_t bits = static_cast<uint32_t>(draw);
    const uint32_t sign = (draw >> 32) & 0x80000000u;
    switch (inputs.size() % 4) {
    case 0: // Any bit pattern.
      inputs.push_back(floatOf(bits));
      break;
    case 1: { // Random mantissa, exponent around the format's range.
      const float value = std::ldexp(floatOf(0x3F800000u | (bits & 0x7FFFFFu)),
                                     exponent(random));
      inputs.push_back(floatOf(sign | bitsOf(value)));
      break;
    }
    case 2:   // Close to a grid point or to the midpoint above it.
    case 3: { // (the midpoint decides nearest-even, the point toward-zero)
      const size_t index = gridIndex(random);
      const double above = index + 1 < reference.grid.size()
                               ? reference.grid[index + 1]
                               : reference.overflowValue;
      double anchor = reference.grid[index];
      if (inputs.size() % 4 == 3)
        anchor = (anchor + above) / 2;
      const int64_t moved =
          static_cast<int64_t>(bitsOf(static_cast<float>(anchor))) +
          ulps(random);
      if (moved < 0 || moved > 0x7F800000)
        continue;
      inputs.push_back(floatOf(sign | static_cast<uint32_t>(moved)));
      break;
    }
    }
  }
  return inputs;
}

} // namespace fp8::oracle

#endif // FP8_UNITTESTS_NUMERICS_INPUTS_H
