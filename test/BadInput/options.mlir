// Bad pass and pipeline options: one error that names the option (at the
// location of the module), exit code 1, no output file.
//
// Covered elsewhere: fp8-quantize's unknown weight and activation formats,
// mode, method, scheme and granularity, percentile=100.5, a block size that
// does not divide the channel dimension and a bad exclude regex
// (test/Transforms/fp8-quantize-invalid.mlir); accumulator and chunk
// (test/BadInput/accumulation.mlir); an unknown option of
// fp8-ptq-pipeline (test/Transforms/fp8-ptq-pipeline.mlir); an unknown scheme
// of fp8-insert-observers (test/Transforms/fp8-insert-observers.mlir); an
// unknown target of fp8-cpu-pipeline (test/Integration/CPU/quickstart.mlir)
// and of fp8-run, fp8-run's --scheme (test/Tools/fp8-run/errors.mlir) and
// --benchmark (test/Tools/fp8-run/benchmark.mlir).
//
// RUN: rm -rf %t && mkdir -p %t

// Percentile out of range: 0 and negative values (the range is open at 0),
// NaN. The value reads as written (it used to read 0.000000).
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic method=percentile percentile=0" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-ZERO
// PCT-ZERO: options.mlir:0:0: error: fp8-quantize: percentile=0 is out of range; expected a value in (0, 100]
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic percentile=-5" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-NEG
// PCT-NEG: options.mlir:0:0: error: fp8-quantize: percentile=-5 is out of range; expected a value in (0, 100]
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic percentile=1e-400" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-TINY
// PCT-TINY: options.mlir:0:0: error: fp8-quantize: percentile=0 is out of range; expected a value in (0, 100]
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic percentile=nan" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-NAN
// PCT-NAN: options.mlir:0:0: error: fp8-quantize: percentile=nan is out of range; expected a value in (0, 100]
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic percentile=100.0001" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-ABOVE
// PCT-ABOVE: options.mlir:0:0: error: fp8-quantize: percentile=100.0001 is out of range; expected a value in (0, 100]
// Not a number: LLVM's option parser reports it (and MLIR adds an empty
// "error:" line after it).
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic percentile=high" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-WORD
// PCT-WORD: fp8-opt: for the --percentile option: 'high' value invalid for floating point argument!

// Block sizes: not positive, not dividing the reduction dimension (8).
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=0" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=BLOCK-ZERO
// BLOCK-ZERO: options.mlir:0:0: error: fp8-quantize: block-size=0 must be positive
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=-16" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=BLOCK-NEG
// BLOCK-NEG: options.mlir:0:0: error: fp8-quantize: block-size=-16 must be positive
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=16" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=BLOCK-K
// BLOCK-K: options.mlir:{{[0-9]+}}:8: error: fp8-quantize: block-size 16 does not divide dimension 0 (8) of weight '@fc/4/rhs'

// The same mistakes through fp8-ptq-pipeline (which parses fp8-quantize's
// options itself): the unknown option is one line now (it used to be
// followed by an empty one).
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-format=e4m4" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PTQ-FORMAT
// PTQ-FORMAT: fp8-opt: for the --weight-format option: 'e4m4' is unknown; expected e4m3, e5m2, e3m4, e3m4fn, e4m3fnuz, e5m2fnuz, e4m3ieee, e4m3b11fnuz or int8
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic method=median" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PTQ-METHOD
// PTQ-METHOD: fp8-opt: for the --method option: 'median' is unknown; expected max, percentile, mse or kl
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic scheme=tiny" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PTQ-SCHEME
// PTQ-SCHEME: fp8-opt: for the --scheme option: 'tiny' is unknown; expected standard or extended
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-granularity=row" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PTQ-GRANULARITY
// PTQ-GRANULARITY: fp8-opt: for the --weight-granularity option: 'row' is unknown; expected tensor, channel or block
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic percentile=0" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT-ZERO
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic chip=h100" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PTQ-OPTION
// PTQ-OPTION: fp8-opt: error: --fp8-ptq-pipeline has no option 'chip'; its options are accumulator, activation-format, allow-table-mismatch, block-size, calibration, chunk, exclude, method, mode, percentile, recipe, scheme, skip-first-last, weight-format, weight-granularity
// RUN: not fp8-opt %s --fp8-ptq-pipeline="mode=dynamic chip=h100" -o %t/out.mlir 2>&1 | count 1

// fp8-cpu-pipeline: an empty target, and an option it does not have.
// RUN: not fp8-opt %s --fp8-cpu-pipeline="target=" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CPU-EMPTY
// CPU-EMPTY: options.mlir:0:0: error: fp8-cpu-pipeline: unknown target ''; expected host, generic, avx512, avx512fp16, avx512bf16 or amx
// RUN: not fp8-opt %s --fp8-cpu-pipeline="target=sapphirerapids" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CPU-CHIP
// CPU-CHIP: options.mlir:0:0: error: fp8-cpu-pipeline: unknown target 'sapphirerapids'; expected host, generic, avx512, avx512fp16, avx512bf16 or amx
// RUN: not fp8-opt %s --fp8-cpu-pipeline="chip=sapphirerapids" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CPU-OPTION
// CPU-OPTION: fp8-opt: error: --fp8-cpu-pipeline has no option 'chip'; its options are check-host-cpu, observers-to-runtime, profile, results-to-out-params, target, threads

// One line each, and no output file.
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic percentile=-5" -o %t/out.mlir 2>&1 | count 1
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=0" -o %t/out.mlir 2>&1 | count 1
// RUN: not fp8-opt %s --fp8-cpu-pipeline="target=sapphirerapids" -o %t/out.mlir 2>&1 | count 1
// RUN: ls %t | count 0

func.func @fc(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
