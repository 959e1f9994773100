// fp8-run on a linalg module: two .npy inputs, one result written as
// <entry>_result0.npy, values checked against numpy (exactly: one f32
// multiply-add per element).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(12, dtype=np.float32).reshape(3, 4) - 5); np.save('%t/y.npy', np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))"
// RUN: fp8-run %s --entry axpy --input %t/x.npy --input %t/y.npy --output-dir %t/out
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy'); y = np.load('%t/y.npy'); r = np.load('%t/out/axpy_result0.npy'); assert r.dtype == np.float32 and r.shape == (3, 4), (r.dtype, r.shape); assert np.array_equal(r, np.float32(2) * x + y), r; print('axpy ok')" | FileCheck %s
// CHECK: axpy ok

// Without --entry the only public function runs; without --output-dir the
// results go to the current directory.
// RUN: cd %t && fp8-run %s --input x.npy --input y.npy
// RUN: cmp %t/axpy_result0.npy %t/out/axpy_result0.npy

// The same module through the portable code path.
// RUN: fp8-run %s --entry axpy --input %t/x.npy --input %t/y.npy --output-dir %t/generic --target generic
// RUN: cmp %t/out/axpy_result0.npy %t/generic/axpy_result0.npy

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @axpy(%x: tensor<3x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %init = tensor.empty() : tensor<3x4xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<3x4xf32>, tensor<3x4xf32>) outs(%init : tensor<3x4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %two = arith.constant 2.0 : f32
    %ax = arith.mulf %two, %a : f32
    %sum = arith.addf %ax, %b : f32
    linalg.yield %sum : f32
  } -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

func.func private @helper(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  return %x : tensor<3x4xf32>
}
