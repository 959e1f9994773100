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

def FP8StripBufferizationAccessPass
    : Pass<"fp8-strip-bufferization-access", "ModuleOp"> {
  let summary = "Drops the bufferization.access argument attributes of "
                "functions";
  let description = [{
    The runtime hooks' declarations carry `bufferization.access` on their
    arguments for one-shot-bufferize; after bufferization they mean nothing,
    and the LLVM IR translation warns about them. Strips them from every
    function (`func.func` and `llvm.func`). fp8-cpu-pipeline runs it after
    bufferization, and fp8-run after any pipeline.

    Example:

    ```mlir
    func.func private @hook(memref<?xf32> {bufferization.access = "read"})
    ```

    becomes

    ```mlir
    func.func private @hook(memref<?xf32>)
    ```
  }];
}

def FP8ApproximateMathPass : Pass<"fp8-approximate-math"> {
  let summary = "exp, expm1, tanh and erf as polynomials (vector code, no libm call a lane)";
  let description = [{
    Rewrites `math.exp`, `math.expm1`, `math.tanh` and `math.erf` on f32
    (scalars and vectors) with upstream MLIR's polynomial approximations
    (populateMathPolynomialApproximationPatterns: range reduction and a
    minimax polynomial, a few ulp), so that softmax and GELU stay vector
    code: LLVM otherwise calls libm once per lane. The FP8 lowerings use
    none of these ops, so FP8 numerics do not change. fp8-cpu-pipeline runs
    it after convert-fp8-to-vector.

    ```mlir
    %e = math.exp %x : vector<8xf32>
    // becomes arith ops: a power of two from the exponent bits times a
    // polynomial of the remainder.
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def FP8EraseDeadPoisonPass : Pass<"fp8-erase-dead-poison", "ModuleOp"> {
  let summary = "Erases ub.poison ops that have no uses";
  let description = [{
    The vectorizer's padding values are dead once transfers are loads, and
    some are FP8-typed, which ub-to-llvm does not convert. A late
    canonicalize would erase them too, but it also re-creates memref ops
    after memref was lowered; this pass does only the erasing.

    Example: `%p = ub.poison : f8E4M3FN` with no uses is erased.
  }];
}

def FP8ConvertAMXAndControlFlowToLLVMPass
    : Pass<"fp8-convert-amx-and-cf-to-llvm", "ModuleOp"> {
  let summary = "Lowers the AMX ops and the control flow to LLVM together";
  let description = [{
    The AMX kernel's accumulators are tiles carried by loops: after
    scf-to-cf, branches carry `vector` tile values that must become
    `!llvm.x86_amx` together with the AMX ops, which convert-cf-to-llvm
    alone does not know how to type. Does nothing to a module without AMX
    ops (cf is then lowered by convert-cf-to-llvm as usual).

    Example:

    ```mlir
    %t = amx.tile_zero : !amx.tile<16x16xf32>
    cf.br ^loop(%t : !amx.tile<16x16xf32>)
    ```

    becomes LLVM dialect ops, the block argument an `!llvm.x86_amx`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def FP8PipelineErrorPass : Pass<"fp8-pipeline-error"> {
  let summary = "Fails with a message at the root op: a pipeline's report "
                "of a bad option";
  let description = [{
    A pipeline builder cannot fail, so one that finds a bad option (an
    unknown target, a CPU feature the host lacks) adds this pass, which
    fails the pipeline with `message` at the root op's location when it
    runs.

    Example: `fp8-opt --fp8-pipeline-error="message=unknown target"` gives
    `error: unknown target` and a non-zero exit.
  }];
  let options = [
    Option<"message", "message", "std::string", /*default=*/"",
           "The error to report">,
  ];
}

#endif // FP8_PIPELINES_PASSES_TD
