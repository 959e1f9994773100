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

    ```mlir
    %p = ub.poison : f8E4M3FN
    // no uses: erased; a poison that is used stays.
    ```
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

    Example: `fp8-opt --fp8-pipeline-error="message='unknown target'"` on

    ```mlir
    module {}
    ```

    gives `error: unknown target` at the module and a non-zero exit.
  }];
  let options = [
    Option<"message", "message", "std::string", /*default=*/"",
           "The error to report">,
  ];
}

def FP8TagProfileOpsPass : Pass<"fp8-tag-profile-ops", "ModuleOp"> {
  let summary = "Numbers the ops of the input module for profiling, in their "
                "locations";
  let description = [{
    The first half of `fp8-cpu-pipeline{profile=true}` (`fp8-run
    --profile`), run before any lowering. Gives every top-level op of each
    public function body an id, and wraps the location of the op and of
    every op nested in it in
    `fused<{fp8.profile_id = <id> : i64}>[<old location>]`. Conversions,
    fusion and bufferization give the ops they create the location of the
    op they rewrite, so the id follows the op's code down to the LLVM
    dialect. The names of the ids go into the module attribute
    `fp8.profile_ops`: the op's `NameLoc` (`loc("fc1")`), else its name and
    index among its function's top-level ops, from 0 (`linalg.generic#7`;
    `@f/linalg.generic#7` when several functions are numbered). A loc
    name that several ops carry gets their op names (`fc1
    (fp8.dynamic_quantize)`, `fc1 (fp8.scaled_matmul)`: fp8-fuse gives a
    matmul's location to the ops it makes of it), then the index if still
    ambiguous.

    Ops that cost nothing get no id: constants, terminators,
    `tensor.empty`, `tensor.cast`, and pure ops without regions or tensor
    results (index arithmetic, `tensor.dim`). A module that holds
    `fp8.profile_ops` already is an error.

    Example:

    ```mlir
    %0 = linalg.matmul ins(%a, %b : ...) outs(%c : ...) -> ... loc("fc1")
    ```

    becomes, with `module attributes {fp8.profile_ops = ["fc1"]}`,

    ```mlir
    %0 = linalg.matmul ins(%a, %b : ...) outs(%c : ...) -> ...
        loc(fused<{fp8.profile_id = 0 : i64}>["fc1"])
    ```
  }];
}

def FP8InsertProfileHooksPass
    : Pass<"fp8-insert-profile-hooks", "ModuleOp"> {
  let summary = "Calls the profile hooks around the code of each numbered "
                "op";
  let description = [{
    The second half of `fp8-cpu-pipeline{profile=true}`, run right after
    bufferization, when the code of each op of the input module is a run of
    top-level ops that write memrefs in program order. For each public
    function body, takes the top-level ops whose location carries an id of
    `fp8-tag-profile-ops` (the first id found in it), and puts
    `func.call @fp8_profile_begin(%id, %calls)` before and
    `func.call @fp8_profile_end(%id)` after each run of consecutive ops with
    the same id (ops without an id in between do not end a run; those
    between runs are timed as no op's). `%calls` is 1 for the first run of
    an id in a function and 0 for later ones: they resume an op whose code
    the pipeline split, and the op still counts one call. The hooks are declared in the
    module; lib/Runtime implements them.

    Grouping: ids that appear in the locations of the ops of a run, nested
    ones included, but are not the run's own id, are ops whose code the
    pipeline moved into this op (elementwise fusion clones a producer's
    payload into its consumer), and their time is this op's. Their names
    are added to the op's entry in `fp8.profile_ops`, in program order:
    `"fc1.bias + relu1"`. An id that also has runs of its own had only part
    of its code moved here (the scale epilogue of a scaled matmul fused with
    the elementwise ops after it): `"fc1.bias + relu1 (with part of fc1)"`.
    Constants are not looked at (folding and hoisting move them between
    ops). A module without `fp8.profile_ops` is left as it is.

    Example:

    ```mlir
    linalg.generic ... loc(fused<{fp8.profile_id = 1 : i64}>["relu1"])
    ```

    becomes

    ```mlir
    %id = arith.constant 1 : i64
    %calls = arith.constant 1 : i64
    func.call @fp8_profile_begin(%id, %calls) : (i64, i64) -> ()
    linalg.generic ... loc(fused<{fp8.profile_id = 1 : i64}>["relu1"])
    func.call @fp8_profile_end(%id) : (i64) -> ()
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // FP8_PIPELINES_PASSES_TD
