//===- Passes.td - fp8 conversion passes -------------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_PASSES_TD
#define FP8_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// FP8ToLinalg
//===----------------------------------------------------------------------===//

def ConvertFP8ToLinalgPass : Pass<"convert-fp8-to-linalg"> {
  let summary = "Reference lowering of fp8 ops to linalg and integer arith";
  let description = [{
    Lowers every fp8 op to `linalg.generic` (and `linalg.fill`,
    `tensor.empty` / `memref.alloc`) with FP8 conversions expanded into
    integer bit operations on the f32 encoding, the same algorithm as the
    numerics library (lib/Numerics). No APFloat runtime call and no
    `arith.truncf`/`arith.extf` on an FP8 type remains, so the result runs
    through the upstream LLVM lowering on any CPU. FP8 values cross the
    payload as `arith.bitcast` between the FP8 type and i8; dialect storage
    types (`!fp8.e3m4fn`) become i8 everywhere, function signatures
    included. Lowers the tensor forms: run it before bufferization (the
    memref forms of the ops are rejected with an error).
    `fp8.observe` is left in place, replaced by its operand with
    `drop-observers`, or lowered to calls of the calibration runtime with
    `observers-to-runtime`. The scaled matmuls' chunk sums and promotion
    are reductions whose order of additions the spec fixes; they carry the
    unit attribute `fp8.ordered_reduction`, which tells vectorizers that
    reassociate sums (fp8-vectorize-reductions) to leave them as they are.

    Example:

    ```mlir
    %q = fp8.quantize %x, %s into %e
        : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
    ```

    becomes a `linalg.generic` whose payload divides by the scale, rounds
    the f32 bit pattern to the E4M3 grid with shifts, compares and selects,
    and bitcasts the resulting i8 to f8E4M3FN.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let options = [
    Option<"dropObservers", "drop-observers", "bool", /*default=*/"false",
           "Replace fp8.observe by its operand (for runs without the "
           "calibration runtime)">,
    Option<"observersToRuntime", "observers-to-runtime", "bool",
           /*default=*/"false",
           "Lower fp8.observe to calls of the calibration runtime "
           "(fp8_runtime_observe_f32/f16/bf16, include/fp8/Runtime/Runtime.h); "
           "run on the module, which receives the declarations">,
  ];
}

//===----------------------------------------------------------------------===//
// FP8ToVector
//===----------------------------------------------------------------------===//

def ConvertFP8ToVectorPass : Pass<"convert-fp8-to-vector", "ModuleOp"> {
  let summary = "Lower fp8 ops to vectorized code for CPUs";
  let description = [{
    Lowers `fp8.scaled_matmul` with f32 accumulation and static shapes to a
    register-blocked micro-kernel: A is decoded once into f32 rows, B into
    f32 panels of 2 vectors' width (packed, so that the kernel streams
    them), and each MR x 2 block of outputs accumulates its chunk sums in
    vector registers with FMAs (exact products, so an FMA rounds as the
    reference's add does), promoting every chunk with the block scales:
    results are bit-identical to convert-fp8-to-linalg. The other fp8 ops
    (and scaled matmuls the kernel does not cover: bf16 accumulation,
    dynamic shapes) take the reference lowering. `fp8.batch_scaled_matmul`
    with static shapes is first a loop over the batch of `fp8.scaled_matmul`
    on each batch's slices (its definition), which the kernels take. With M <= 8 rows
    (GEMV, small batches) B is not packed: its codes are read in place and
    decoded in registers (16 x 16 byte tiles transposed by a shuffle for
    the nk layout), so B crosses memory once, as FP8.

    The other ops' linalg.generic payloads are elementwise arith ops:
    fp8-vectorize-elementwise, which fp8-cpu-pipeline runs next, makes them
    vector loops.

    f32 and f16 accumulation share the kernel: with acc_type f16 the
    operands are decoded to f16 (exact) and each chunk sum is an f16
    vector, extended to f32 at promotion (bit-identical to the reference:
    each f16 FMA rounds once, natively or computed in f32 and rounded).

    `target` picks vector width and kernel shape: `generic` (8 lanes,
    portable), `avx512` (16 lanes), `avx512fp16` (as avx512, with 32 f16
    lanes for f16 accumulation: vfmadd231ph), `host` (the fastest the
    compiling CPU has: avx512fp16, else avx512bf16, else avx512, else
    generic; never amx; pick avx512 for results bit-identical to the
    reference on any AVX-512 CPU). Two targets change the f32
    accumulation kernel when A has more rows than one register block:
    `avx512bf16` (operands decoded once into bf16, B in pairs of k (VNNI),
    VDPBF16PS into f32 accumulators) and `amx` (bf16 tiles of 16 x 32,
    TDPBF16PS into 2 x 2 tiles of 16 x 16 f32, promoted every chunk
    through memory; opt-in until validated on AMX hardware; the process
    must first request AMX state from Linux: fp8_request_amx_permission in
    libfp8_runtime.so). Every FP8 value is exact in bf16 and every product
    exact in f32, but the instructions sum pairs of k, so results differ
    from convert-fp8-to-linalg in the last bits while staying within the
    error bound of docs/Spec.md; chunks must be even (avx512bf16) or
    multiples of 32 (amx), else the FMA kernel runs.

    Example:

    ```mlir
    %c = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %init {chunk = 128}
        : tensor<64x256xf8E4M3FN>, tensor<256x64xf8E4M3FN>,
          tensor<f32>, tensor<f32> into tensor<64x64xf32>
    // target=generic becomes: A decoded into f32 blocks of 6 rows, B into
    // f32 panels of 16 columns, an scf.forall over 6 x 16 register blocks
    // whose chunk sums are vector.fma chains, promoted every 128 k.
    ```
  }];
  let dependentDialects = [
    "::mlir::amx::AMXDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
    "::mlir::x86vector::X86VectorDialect",
  ];
  let options = [
    Option<"target", "target", "::mlir::fp8::CPUTargetKind",
           /*default=*/"::mlir::fp8::CPUTargetKind::host",
           "host | generic | avx512 | avx512fp16 | avx512bf16 | amx: the "
           "vector width and the scaled-matmul kernels",
           [{::mlir::fp8::enumOptionValues(::mlir::fp8::kCPUTargetNames)}]>,
    Option<"observersToRuntime", "observers-to-runtime", "bool",
           /*default=*/"false",
           "Lower fp8.observe to calibration runtime calls (else drop)">,
  ];
}

def VectorizeContractionsPass
    : Pass<"fp8-vectorize-contractions", "ModuleOp"> {
  let summary = "f32 matmuls and batch matmuls as the register-blocked CPU kernel";
  let description = [{
    Rewrites every linalg contraction with f32 operands and result and
    static shapes (`linalg.matmul` with any indexing maps,
    `linalg.batch_matmul`, and `linalg.generic` matmuls: one M, N and K
    dimension, at most one batch dimension, C not transposed) into the
    micro-kernel of `fp8.scaled_matmul` (KernelUtils.h) on wide operands:
    A packed by blocks of rows, B into panels of two vectors' width (not
    packed when A fits one register block and B is stored [K, N], then
    read where it is), register blocks of FMAs, cache blocks and parallel
    tiles (`scf.forall`) as for FP8. The batch is a loop around the kernel.
    Each output sums its products in k order from zero with FMAs, then adds
    C: within f32 rounding of `linalg.matmul`'s loops (which add each
    product to C unfused), not bit-identical to them. f32 2-D convolutions
    (`conv_2d_nhwc_hwcf`, `conv_2d_nhwc_fhwc`, `conv_2d_nchw_fchw`, static
    shapes) first become upstream's im2col copy and a contraction
    (`linalg::rewriteInIm2Col`), and contractions lose their unit loops
    (one NCHW image), so the kernel takes them too; an NCHW convolution of
    several images loops over them, the filter (A) shared. Ops on other types
    (the model's f16/bf16 contractions, integer matmuls) and dynamic shapes
    stay as they are. fp8-cpu-pipeline runs it before
    convert-fp8-to-vector and fp8-vectorize-elementwise, which takes the
    packing copies.

    ```mlir
    %c = linalg.matmul ins(%a, %b : tensor<128x768xf32>, tensor<768x768xf32>)
                       outs(%init : tensor<128x768xf32>) -> tensor<128x768xf32>
    // target=generic becomes: A packed [22, 768, 6], B packed
    // [48, 768, 16], an scf.forall over 6 x 16 tiles of vector.fma, then
    // C + the sums.
    ```
  }];
  let options = [
    Option<"target", "target", "::mlir::fp8::CPUTargetKind",
           /*default=*/"::mlir::fp8::CPUTargetKind::host",
           "host | generic | avx512 | avx512fp16 | avx512bf16 | amx: the "
           "vector width and register block",
           [{::mlir::fp8::enumOptionValues(::mlir::fp8::kCPUTargetNames)}]>,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def VectorizeElementwisePass
    : Pass<"fp8-vectorize-elementwise", "ModuleOp"> {
  let summary = "Elementwise linalg ops (FP8 encode/decode, epilogues) as vector loops";
  let description = [{
    Every elementwise `linalg.generic` on static tensors (after named
    elementwise ops and transposes become generics, and single-use
    producers are fused into their consumers) becomes a loop nest whose
    innermost loop steps by one vector: operands whose innermost index is
    the innermost loop are 1-D vector reads, operands constant within a
    vector (per-row scales, 1x128 block scales) broadcast scalars, and the
    payload is cloned on vectors. Max and min reductions over the innermost
    loop (exact in any order: dynamic quantization's amax) are taken too;
    a static `tensor.pad` with a constant becomes a fill and a vector copy
    into its interior. Operands read with another constant step along the
    innermost loop (transposed or strided reads) are gathered one element
    per lane. The other generics (index-dependent payloads such as
    stochastic rounding, dynamic shapes) stay as they are, for the scalar
    loops of the pipeline. fp8-cpu-pipeline
    runs it right after convert-fp8-to-vector, whose FP8 encode/decode
    payloads are elementwise arith ops, so they become vector code as they
    are; sums whose order the reference fixes (`fp8.ordered_reduction`)
    are never reassociated.

    ```mlir
    %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>,
                                          affine_map<(i, j) -> (i)>,
                                          affine_map<(i, j) -> (i, j)>],
                         iterator_types = ["parallel", "parallel"]}
        ins(%x, %scale : tensor<4x64xf32>, tensor<4xf32>)
        outs(%init : tensor<4x64xf32>) {
    ^bb0(%in: f32, %s: f32, %out: f32):
      %m = arith.mulf %in, %s : f32
      linalg.yield %m : f32
    } -> tensor<4x64xf32>
    // target=generic becomes: an scf.for over the 4 rows around an scf.for
    // over the 64 columns by 8, a vector.transfer_read of 8 elements of %x,
    // a vector.broadcast of the row's scale, arith.mulf on vector<8xf32>
    // and a vector.transfer_write.
    ```
  }];
  let options = [
    Option<"target", "target", "::mlir::fp8::CPUTargetKind",
           /*default=*/"::mlir::fp8::CPUTargetKind::host",
           "host | generic | avx512 | avx512fp16 | avx512bf16 | amx: the "
           "vector width",
           [{::mlir::fp8::enumOptionValues(::mlir::fp8::kCPUTargetNames)}]>,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::ub::UBDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def VectorizeReductionsPass
    : Pass<"fp8-vectorize-reductions", "ModuleOp"> {
  let summary = "The model's reductions over the innermost dimension as vector code";
  let description = [{
    Every `linalg.generic` on static tensors that reduces its innermost
    loop into an output indexed by the other loops, with a payload that
    ends in one `maximumf`, `minimumf`, `maxnumf`, `minnumf` or f32 `addf`
    of the output (softmax's max and sum, layer norm's mean and variance,
    as torch-mlir writes them), after fusing its single-use elementwise
    producers into it (softmax's exp), becomes a loop nest over the other
    loops (rows in parallel for 32Ki iterations or more) whose reduced loop
    runs on vectors: the payload on vectors, combined lane by lane from the
    first vector, then across the lanes (`vector.reduction`), then with the
    output. Max and min are exact; f32 sums reassociate (within f32
    rounding). fp8-cpu-pipeline runs it before convert-fp8-to-vector, so
    the FP8 lowerings' own sums (chunk promotion, whose order the reference
    fixes) are never taken; their exact max reductions (dynamic
    quantization's amax) are vectorized with the elementwise ops.

    ```mlir
    %sum = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>,
                                            affine_map<(i, j) -> (i)>],
                           iterator_types = ["parallel", "reduction"]}
        ins(%x : tensor<128x768xf32>) outs(%zeros : tensor<128xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    } -> tensor<128xf32>
    // becomes an scf.forall over the rows; in each, an scf.for over the
    // 768 columns by vector<8xf32> adds, a vector.reduction <add>, and the
    // row's output plus that sum.
    ```
  }];
  let options = [
    Option<"target", "target", "::mlir::fp8::CPUTargetKind",
           /*default=*/"::mlir::fp8::CPUTargetKind::host",
           "host | generic | avx512 | avx512fp16 | avx512bf16 | amx: the "
           "vector width",
           [{::mlir::fp8::enumOptionValues(::mlir::fp8::kCPUTargetNames)}]>,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::ub::UBDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def SerializeNestedForallsPass
    : Pass<"fp8-serialize-nested-foralls", "ModuleOp"> {
  let summary = "scf.forall loops inside another scf.forall as sequential loops";
  let description = [{
    Every `scf.forall` nested in another `scf.forall` becomes `scf.for`
    loops (upstream's `scf::forallToForLoop`): only the outermost parallel
    loop is shared among the threads. fp8-cpu-pipeline runs it before
    OpenMP's lowering when threads != 1, after bufferization: a batch of
    small matmuls (attention's heads) in parallel runs each matmul's tiles
    in order on its thread. Nested OpenMP regions would start a team per
    inner loop, whose threads then spin beside the outer team's (tried on
    two cores: BERT's layer ran as slowly on two threads as on one).

    ```mlir
    scf.forall (%h) in (12) {
      scf.forall (%i, %j) in (22, 8) { ... }
    }
    // becomes
    scf.forall (%h) in (12) {
      scf.for %i = %c0 to %c22 step %c1 {
        scf.for %j = %c0 to %c8 step %c1 { ... }
      }
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

//===----------------------------------------------------------------------===//
// FP8ToNVVM
//===----------------------------------------------------------------------===//

def ConvertFP8ToNVVMPass : Pass<"convert-fp8-to-nvvm", "ModuleOp"> {
  let summary = "Lower the memref forms of fp8 ops to GPU kernels for NVIDIA GPUs";
  let description = [{
    Runs after bufferization (fp8-nvvm-pipeline does it) and turns every
    fp8 op into a `gpu.launch` on device copies of its buffers
    (`gpu.alloc`, `gpu.memcpy`, async on one stream):

    * `fp8.quantize` / `fp8.dynamic_quantize` encode with
      `nvvm.convert.f32x2.to.f8x2` (`cvt.rn.satfinite.{e4m3,e5m2}x2.f32`)
      for E4M3FN / E5M2 with `nearest_even` and `saturate`, the only modes
      where the instruction rounds as the spec; other modes and formats use
      the integer codec (bit-exact by construction).
    * `fp8.dequantize` decodes with `nvvm.convert.f8x2.to.f16x2` (exact).
    * `fp8.scaled_matmul` / `fp8.batch_scaled_matmul` with E4M3/E5M2
      operands and f32 accumulation use `mma.sync.m16n8k32` (the
      `llvm.nvvm.mma.m16n8k32.row.col.f32.<a>.<b>.f32` intrinsic, PTX 8.4)
      with promotion of the chunk sums to f32 registers every `chunk`
      elements of K, where the block scales apply; other cases take a
      one-thread-per-output kernel.

    Example:

    ```mlir
    fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 128}
        : memref<256x512xf8E4M3FN>, memref<512x256xf8E4M3FN>,
          memref<256x4xf32>, memref<4x2xf32> into memref<256x256xf32>
    ```

    becomes a `gpu.launch` of 128-thread blocks whose body runs, per chunk
    of 128, four m16n8k32 MMA steps per tile into zeroed f32 accumulators,
    then adds them, multiplied by `scale_a * scale_b`, to the f32 totals.
  }];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    Option<"chip", "chip", "::mlir::fp8::NVVMChip",
           /*default=*/"::mlir::fp8::NVVMChip::sm_89",
           "Target GPU: sm_89 (Ada) or sm_90a (Hopper)",
           [{::mlir::fp8::enumOptionValues(::mlir::fp8::kNVVMChipNames)}]>,
  ];
}

//===----------------------------------------------------------------------===//
// FP8ToROCDL
//===----------------------------------------------------------------------===//

def ConvertFP8ToROCDLPass : Pass<"convert-fp8-to-rocdl", "ModuleOp"> {
  let summary = "Lower the memref forms of fp8 ops to GPU kernels for AMD GPUs";
  let description = [{
    The AMD counterpart of convert-fp8-to-nvvm, for CDNA3 (`gfx942`: FP8 in
    the FNUZ formats, f8E4M3FNUZ / f8E5M2FNUZ) and CDNA4 (`gfx950`: OCP
    f8E4M3FN / f8E5M2). A hardware format of the other family on the chip
    (OCP on gfx942, FNUZ on gfx950) is an error naming the chip and the
    type. Conversions use `amdgpu.ext_packed_fp8` and
    `amdgpu.packed_trunc_2xfp8` (the input clamped to the format's range
    first, so that the saturating spec mode is exact); matmuls use
    `amdgpu.mfma` 16x16x32 with chunked f32 promotion, and on gfx950 MX
    matmuls (both scales f8E8M0FNU in 1x32 K blocks, f32 accumulation) use
    `amdgpu.scaled_mfma` 16x16x128, which applies the block scales in the
    instruction. The rest (f16/bf16 accumulation, formats the MFMAs do not
    take) run one thread per output.

    Example: with `chip=gfx942`,

    ```mlir
    fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
        : memref<64x128xf8E4M3FNUZ>, memref<128x64xf8E4M3FNUZ>,
          memref<f32>, memref<f32> into memref<64x64xf32>
    ```

    becomes a `gpu.launch` whose body accumulates with `amdgpu.mfma
    16x16x32` (v_mfma_f32_16x16x32_fp8_fp8) into f32 registers.
  }];
  let dependentDialects = [
    "::mlir::amdgpu::AMDGPUDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    Option<"chip", "chip", "::mlir::fp8::ROCDLChip",
           /*default=*/"::mlir::fp8::ROCDLChip::gfx942",
           "Target GPU: gfx942 (CDNA3, FNUZ FP8) or gfx950 (CDNA4, OCP FP8)",
           [{::mlir::fp8::enumOptionValues(::mlir::fp8::kROCDLChipNames)}]>,
  ];
}

#endif // FP8_CONVERSION_PASSES_TD
