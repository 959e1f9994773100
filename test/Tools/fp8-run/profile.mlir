// fp8-run --profile: one line per op of the module (its loc name), with the
// ops that fp8-cpu-pipeline fused into one on one line ("bias + relu":
// elementwise fusion puts the bias add into the relu's loop, with the
// scaled matmul's scale epilogue: "with part of fc"), sorted by time, then
// the time outside them and the total. "init" has no line: the scaled
// matmul's lowering writes every element, and the fill is erased as dead.
// The times are not checked, only the format (Inputs/check_profile.py).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; rng = np.random.default_rng(3); np.save('%t/x.npy', rng.standard_normal((64, 256)).astype(np.float32)); np.save('%t/w.npy', (rng.integers(0, 0x7F, (256, 128)) | (rng.integers(0, 2, (256, 128)) << 7)).astype(np.uint8))"

// One call: the table on stdout, the results written as without --profile.
// RUN: fp8-run %s --input %t/x.npy --input %t/w.npy --output-dir %t/profiled --profile > %t/one.txt
// RUN: FileCheck %s < %t/one.txt
// CHECK: profile of @mlp: 1 call, mean {{[0-9]+\.[0-9][0-9][0-9]}} ms per call
// CHECK-NEXT: {{^ +% +total ms +ms/call +calls +op$}}
// CHECK-DAG: {{^ +[0-9]+\.[0-9] +[0-9]+\.[0-9][0-9][0-9] +[0-9]+\.[0-9][0-9][0-9] +1  fc$}}
// CHECK-DAG: {{^ +[0-9]+\.[0-9] +[0-9]+\.[0-9][0-9][0-9] +[0-9]+\.[0-9][0-9][0-9] +1  quant$}}
// CHECK-DAG: {{^ +[0-9]+\.[0-9] +[0-9]+\.[0-9][0-9][0-9] +[0-9]+\.[0-9][0-9][0-9] +1  bias \+ relu \(with part of fc\)$}}
// CHECK: {{^ +100\.0 +[0-9]+\.[0-9][0-9][0-9] +[0-9]+\.[0-9][0-9][0-9] +1  \(total: the calls of @mlp\)$}}
// RUN: %python %S/Inputs/check_profile.py %t/one.txt --calls 1 quant fc "bias + relu (with part of fc)" | FileCheck %s --check-prefix=OK
// OK: profile ok: bias + relu (with part of fc), fc, quant
// RUN: fp8-run %s --input %t/x.npy --input %t/w.npy --output-dir %t/plain
// RUN: cmp %t/plain/mlp_result0.npy %t/profiled/mlp_result0.npy

// --benchmark N: the profile of the N timed calls, after the median line.
// RUN: fp8-run %s --input %t/x.npy --input %t/w.npy --benchmark 5 --profile > %t/five.txt
// RUN: FileCheck %s --check-prefix=BENCH < %t/five.txt
// BENCH: median {{.*}} ms per call over 5 runs
// BENCH-NEXT: profile of @mlp: 5 calls,
// RUN: %python %S/Inputs/check_profile.py %t/five.txt --calls 5 quant fc "bias + relu (with part of fc)" | FileCheck %s --check-prefix=OK

// Without --profile nothing is timed: no hook in the code, no table.
// RUN: fp8-run %s --input %t/x.npy --input %t/w.npy --benchmark 2 | FileCheck %s --check-prefix=OFF
// OFF-NOT: profile
// RUN: fp8-opt %s --fp8-cpu-pipeline | FileCheck %s --check-prefix=NOHOOKS
// NOHOOKS-NOT: fp8_profile
// RUN: fp8-opt %s --fp8-cpu-pipeline=profile=true | FileCheck %s --check-prefix=HOOKS
// HOOKS: module attributes {fp8.profile_ops = ["init", "quant", "fc", "bias", "bias + relu (with part of fc)"]
// HOOKS: llvm.func @fp8_profile_begin(i64, i64)

// Unsupported combinations: one error each.
// RUN: not fp8-run %s --input %t/x.npy --input %t/w.npy --calibrate %t/table.json --profile 2>&1 | FileCheck %s --check-prefix=CALIBRATE
// CALIBRATE: fp8-run: error: --profile times a run, --calibrate observes one: drop one of them
// RUN: not fp8-run %s --input %t/x.npy --input %t/w.npy --device cuda --profile 2>&1 | FileCheck %s --check-prefix=CUDA
// CUDA: fp8-run: error: --profile times the CPU pipeline's code only: drop --device cuda
// RUN: not fp8-run --merge %t/merged.json %t/table.json --profile 2>&1 | FileCheck %s --check-prefix=MERGE
// MERGE: fp8-run: error: --merge takes only calibration tables (no --input, --entry, --calibrate, --benchmark or --profile)

// RUN: fp8-run --help | FileCheck %s --check-prefix=HELP
// HELP: --profile {{.*}}sorted

#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @mlp(%x: tensor<64x256xf32>, %w: tensor<256x128xf8E4M3FN>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %s = arith.constant dense<0.125> : tensor<f32>
  %bias = arith.constant dense<0.5> : tensor<128xf32>
  %eq = tensor.empty() : tensor<64x256xf8E4M3FN>
  %e = tensor.empty() : tensor<64x128xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32> loc("init")
  %q = fp8.quantize %x, %s into %eq : tensor<64x256xf32>, tensor<f32> into tensor<64x256xf8E4M3FN> loc("quant")
  %mm = fp8.scaled_matmul %q, %w scales(%s, %s) into %init : tensor<64x256xf8E4M3FN>, tensor<256x128xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x128xf32> loc("fc")
  %b = linalg.generic {indexing_maps = [#map, #row, #map], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %bias : tensor<64x128xf32>, tensor<128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%in: f32, %c: f32, %out: f32):
    %sum = arith.addf %in, %c : f32
    linalg.yield %sum : f32
  } -> tensor<64x128xf32> loc("bias")
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<64x128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<64x128xf32> loc("relu")
  return %r : tensor<64x128xf32>
}
