// Bad accumulation options of fp8-quantize / fp8-ptq-pipeline: one error
// that names the option (at the module), or, for a chunk that the scales
// of a matmul rule out, one error per matmul at the matmul; exit code 1 and
// no output file. The dialect's checks of hand-written fp8.acc_type and
// fp8.chunk attributes are in test/Dialect/FP8/invalid.mlir.
//
// RUN: rm -rf %t && mkdir -p %t

// Chunks of 48 with 128x128 block weight scales (K blocks of 128): a chunk
// would cross a block boundary ((C8) of fp8.scaled_matmul). Through the
// pipeline, and through the two passes.
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-granularity=block block-size=128 chunk=48" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CHUNK --implicit-check-not=error:
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=128 accumulator=bf16 chunk=48" --fp8-fuse -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CHUNK --implicit-check-not=error:
// A chunk that divides the block (or one chunk) is fine.
// RUN: fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-granularity=block block-size=128 chunk=32" -o /dev/null
// RUN: fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-granularity=block block-size=128 chunk=0" -o /dev/null

// An accumulator that is not f32, f16 or bf16: LLVM's option parser
// reports it, naming the valid values (MLIR adds an empty "error:" line).
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic accumulator=f64" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=ACC
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic accumulator=fp16" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=ACC-PTQ
// ACC: fp8-opt: for the --accumulator option: 'f64' is unknown; expected f32, f16 or bf16
// ACC-PTQ: fp8-opt: for the --accumulator option: 'fp16' is unknown; expected f32, f16 or bf16

// A negative chunk, and accumulation options for the INT8 baseline (which
// makes no fp8 ops).
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic chunk=-8" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic chunk=-8" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: accumulation.mlir:0:0: error: fp8-quantize: chunk=-8 must be >= 0 (0: one chunk)
// RUN: not fp8-opt %s --fp8-quantize="weight-format=int8 activation-format=int8 accumulator=f16" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=INT8
// INT8: accumulation.mlir:0:0: error: fp8-quantize: accumulator and chunk choose how fp8.scaled_matmul accumulates; int8 makes no fp8 ops
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic chunk=-8" -o %t/out.mlir 2>&1 | count 1

// RUN: ls %t | count 0

func.func @linear(%x: tensor<4x256xf32>) -> tensor<4x128xf32> {
  %w = arith.constant dense<0.5> : tensor<256x128xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x128xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x128xf32>) -> tensor<4x128xf32>
  // CHUNK: accumulation.mlir:[[@LINE+1]]:8: error: fp8-fuse: chunk 48 of 'linalg.matmul' (its fp8.chunk, from fp8-quantize's chunk option) does not divide the K block of its scales (128 elements of K); every chunk of fp8.scaled_matmul lies inside one K block ((C8) in docs/Spec.md)
  %y = linalg.matmul ins(%x, %w : tensor<4x256xf32>, tensor<256x128xf32>) outs(%f : tensor<4x128xf32>) -> tensor<4x128xf32>
  return %y : tensor<4x128xf32>
}
