// --threads N: the kernels' parallel loops on N OpenMP threads (default:
// every core). Each tile of a result is computed by one thread in one order,
// so every thread count gives the same bits: a matmul with several blocks
// of rows and panels (the cache-blocked nest: K = 2048 overflows L1), a
// GEMV (streamed B, groups of panels in parallel) and a quantize (rows in
// parallel), each at 1, 2 and 3 threads.
//
// REQUIRES: openmp
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; rng = np.random.default_rng(5); codes = lambda *s: (rng.integers(0, 0x7F, s) | (rng.integers(0, 2, s) << 7)).astype(np.uint8); np.save('%t/a.npy', codes(70, 2048)); np.save('%t/b.npy', codes(2048, 1056)); np.save('%t/v.npy', codes(1, 2048)); np.save('%t/x.npy', (rng.standard_normal((300, 512)) * 50).astype(np.float32))"
// RUN: for t in 1 2 3; do fp8-run %s --entry matmul --input %t/a.npy --input %t/b.npy --threads $t --output-dir %t/matmul$t; fp8-run %s --entry gemv --input %t/v.npy --input %t/b.npy --threads $t --output-dir %t/gemv$t; fp8-run %s --entry quantize --input %t/x.npy --threads $t --output-dir %t/quantize$t; done
// RUN: cmp %t/matmul1/matmul_result0.npy %t/matmul2/matmul_result0.npy
// RUN: cmp %t/matmul1/matmul_result0.npy %t/matmul3/matmul_result0.npy
// RUN: cmp %t/gemv1/gemv_result0.npy %t/gemv2/gemv_result0.npy
// RUN: cmp %t/gemv1/gemv_result0.npy %t/gemv3/gemv_result0.npy
// RUN: cmp %t/quantize1/quantize_result0.npy %t/quantize2/quantize_result0.npy
// RUN: cmp %t/quantize1/quantize_result0.npy %t/quantize3/quantize_result0.npy
// The results are not trivially equal: nonzero and varied.
// RUN: %python -c "import numpy as np; r = np.load('%t/matmul2/matmul_result0.npy'); print(r.shape, np.count_nonzero(r) > r.size // 2, len(np.unique(r)) > 1000)" | FileCheck %s --check-prefix=MATMUL
// MATMUL: (70, 1056) True True

// --profile on 2 threads: each op is timed on the calling thread, around
// its parallel loops; the results are the same bits. The op has no loc
// name: its name and position, with its function (the module has three).
// RUN: fp8-run %s --entry matmul --input %t/a.npy --input %t/b.npy --threads 2 --profile --output-dir %t/profiled > %t/profile.txt
// RUN: %python %S/Inputs/check_profile.py %t/profile.txt --calls 1 "@matmul/fp8.scaled_matmul#3" | FileCheck %s --check-prefix=PROFILE
// PROFILE: profile ok: @matmul/fp8.scaled_matmul#3
// RUN: cmp %t/matmul1/matmul_result0.npy %t/profiled/matmul_result0.npy

// Bad counts are errors naming the option.
// RUN: not fp8-run %s --entry quantize --input %t/x.npy --threads 0 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not fp8-run %s --entry quantize --input %t/x.npy --threads=many 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: fp8-run: error: --threads {{0|many}}: expected a positive number of threads
// RUN: fp8-run --help | FileCheck %s --check-prefix=HELP
// HELP: --threads=<N> {{.*}}every core

func.func @matmul(%a: tensor<70x2048xf8E4M3FN>, %b: tensor<2048x1056xf8E4M3FN>) -> tensor<70x1056xf32> {
  %sa = arith.constant dense<0.5> : tensor<f32>
  %sb = arith.constant dense<0.25> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<70x1056xf32>
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %z : tensor<70x2048xf8E4M3FN>, tensor<2048x1056xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<70x1056xf32>
  return %r : tensor<70x1056xf32>
}

func.func @gemv(%a: tensor<1x2048xf8E4M3FN>, %b: tensor<2048x1056xf8E4M3FN>) -> tensor<1x1056xf32> {
  %s = arith.constant dense<1.0> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<1x1056xf32>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %z : tensor<1x2048xf8E4M3FN>, tensor<2048x1056xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<1x1056xf32>
  return %r : tensor<1x1056xf32>
}

func.func @quantize(%x: tensor<300x512xf32>) -> tensor<300x512xf8E4M3FN> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %e = tensor.empty() : tensor<300x512xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<300x512xf32>, tensor<f32> into tensor<300x512xf8E4M3FN>
  return %q : tensor<300x512xf8E4M3FN>
}
