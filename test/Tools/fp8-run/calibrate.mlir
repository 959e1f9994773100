// --calibrate on a module that already holds fp8.observe ops: a directory
// of samples for %x and %h, one file for %w (used by every sample). The
// table's statistics match numpy over all samples (Inputs/check_table.py):
// min, max, amax and the number of values exactly, histogram counts adding
// up. The observed tensors include a strided slice (a non-contiguous memref)
// and an f16 tensor; the matmul output is compared within 1e-5 (numpy sums
// in another order).
//
// RUN: rm -rf %t && mkdir -p %t/x %t/h
// RUN: %python -c "import numpy as np; rng = np.random.default_rng(3); xs = [(rng.standard_normal((4, 8)) * (i + 1)).astype(np.float32) for i in range(5)]; hs = [(rng.standard_normal((3, 4)) * 100).astype(np.float16) for i in range(5)]; w = rng.standard_normal((8, 3)).astype(np.float32); [np.save('%t/x/sample_' + str(i) + '.npy', x) for i, x in enumerate(xs)]; [np.save('%t/h/sample_' + str(i) + '.npy', h) for i, h in enumerate(hs)]; np.save('%t/w.npy', w); np.save('%t/all_x.npy', np.stack(xs)); np.save('%t/all_slice.npy', np.stack([x[1:3, 2:8:2] for x in xs])); np.save('%t/all_h.npy', np.stack(hs)); np.save('%t/all_y.npy', np.stack([x.astype(np.float64) @ w for x in xs]))"
// RUN: fp8-run %s --entry f --input %t/x --input %t/w.npy --input %t/h --calibrate %t/table.json 2>&1 | FileCheck %s --check-prefix=LOG
// LOG: calibrating: 5/5 samples, 4 tensors observed in {{[0-9.]+}} s; wrote {{.*}}table.json

// RUN: %python %S/Inputs/check_table.py %t/table.json --samples 5 fc.input=%t/all_x.npy fc.input.slice=%t/all_slice.npy h=%t/all_h.npy | FileCheck %s
// RUN: %python %S/Inputs/check_table.py %t/table.json --samples 5 --rtol 1e-5 fc.output=%t/all_y.npy | FileCheck %s --check-prefix=OUT
// CHECK: fc.input: ok
// CHECK-NEXT: fc.input.slice: ok
// CHECK-NEXT: h: ok
// OUT: fc.output: ok

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %h: tensor<3x4xf16>) -> tensor<4x3xf32> {
  %xo = fp8.observe %x {id = "fc.input"} : tensor<4x8xf32>
  %slice = tensor.extract_slice %x[1, 2] [2, 3] [1, 2] : tensor<4x8xf32> to tensor<2x3xf32>
  %so = fp8.observe %slice {id = "fc.input.slice"} : tensor<2x3xf32>
  %ho = fp8.observe %h {id = "h"} : tensor<3x4xf16>
  %zero = arith.constant dense<0.0> : tensor<4x3xf32>
  %y = linalg.matmul ins(%xo, %w : tensor<4x8xf32>, tensor<8x3xf32>) outs(%zero : tensor<4x3xf32>) -> tensor<4x3xf32>
  %yo = fp8.observe %y {id = "fc.output"} : tensor<4x3xf32>
  return %yo : tensor<4x3xf32>
}
