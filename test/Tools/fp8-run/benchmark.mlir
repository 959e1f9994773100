// --benchmark N: one warm-up call, then N timed calls; one line on stdout.
// Without --output-dir nothing is written; with it, the results of the last
// call are.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.ones((64, 64), np.float32)); np.save('%t/b.npy', np.full((64, 64), 0.5, np.float32))"
// RUN: cd %t && fp8-run %s --input a.npy --input b.npy --benchmark 7 | FileCheck %s
// CHECK: {{^}}median {{[0-9]+\.[0-9]+}} ms per call over 7 runs (min {{[0-9]+\.[0-9]+}}, max {{[0-9]+\.[0-9]+}}){{$}}
// RUN: not ls %t/matmul_result0.npy

// RUN: fp8-run %s --input %t/a.npy --input %t/b.npy --benchmark 3 --output-dir %t/out | FileCheck %s --check-prefix=THREE
// THREE: over 3 runs
// RUN: %python -c "import numpy as np; r = np.load('%t/out/matmul_result0.npy'); print(r.shape, r.min(), r.max())" | FileCheck %s --check-prefix=RESULT
// RESULT: (64, 64) 32.0 32.0

// RUN: not fp8-run %s --input %t/a.npy --input %t/b.npy --benchmark 0 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not fp8-run %s --input %t/a.npy --input %t/b.npy --benchmark=many 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: fp8-run: error: --benchmark {{0|many}}: expected a positive number of runs

func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %zero = arith.constant dense<0.0> : tensor<64x64xf32>
  %c = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%zero : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}
