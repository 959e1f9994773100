//===- Passes.td - passes the fp8 pipelines run ------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_PIPELINES_PASSES_TD
#define FP8_PIPELINES_PASSES_TD

include "mlir/Pass/PassBase.td"

def FP8FullRankTransferWritesPass : Pass<"fp8-full-rank-transfer-writes"> {
  let summary = "Writes vectors into tensors at the tensor's rank, so that "
                "one-shot bufferization sees what they overwrite";
  let description = [{
    Rewrites every `vector.transfer_write` into a tensor whose vector has a
    lower rank than the tensor, or whose permutation map is not the
    identity, into the equivalent write of a vector of the tensor's rank in
    the tensor's dimension order (`vector.shape_cast` adds unit dimensions,
    `vector.transpose` reorders them).

    Why: one-shot bufferization asks each `vector.transfer_write` whether it
    reads its destination, and upstream MLIR 22 answers "no, the vector
    overwrites it all" when the indices are zero and the vector's sizes,
    zipped with the *leading* sizes of the tensor, are at least as large.
    A `vector<8xf32>` written at `[0, 0]` of a `tensor<8x16xf32>` passes
    that test although it writes one eighth of row 0. When such a write
    bufferizes out of place, the copy of the old contents into the new
    buffer is then left out, and the rest of the tensor is whatever the
    allocator returned. At the tensor's rank and in its order the test
    compares the right sizes. Run it right before `one-shot-bufferize`.

    Example:

    ```mlir
    %w = vector.transfer_write %v, %t[%c0, %c0] {in_bounds = [true]}
        : vector<8xf32>, tensor<8x16xf32>
    ```

    becomes

    ```mlir
    %v2 = vector.shape_cast %v : vector<8xf32> to vector<1x8xf32>
    %w = vector.transfer_write %v2, %t[%c0, %c0] {in_bounds = [true, true]}
        : vector<1x8xf32>, tensor<8x16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect"];
}

#endif // FP8_PIPELINES_PASSES_TD
