// Several inputs and results with dynamic dimensions, rank 0 and the other
// element types: the sizes of '?' come from the arrays, results of dynamic
// shape come back with their sizes (including an empty one).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(12, dtype=np.float32).reshape(3, 4) / 4); np.save('%t/x0.npy', np.zeros((0, 4), np.float32)); np.save('%t/y.npy', np.array([1.5, -2, 3, 0.25])); np.save('%t/mask.npy', np.array([True, False, True, False])); np.save('%t/n.npy', np.array([7, -1, 2**40], dtype=np.int64))"
// RUN: fp8-run %s --entry f --input %t/x.npy --input %t/y.npy --input %t/mask.npy --input %t/n.npy --output-dir %t/out
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy'); y = np.load('%t/y.npy'); m = np.load('%t/mask.npy'); n = np.load('%t/n.npy'); r = [np.load('%t/out/f_result' + str(i) + '.npy') for i in range(4)]; expected = [x * x, np.where(m, y + y, -y), np.float32(x.sum()), n * 2]; assert all(a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b) for a, b in zip(r, expected)), r; print([a.shape for a in r])" | FileCheck %s
// CHECK: [(3, 4), (4,), (), (3,)]

// Zero rows.
// RUN: fp8-run %s --entry f --input %t/x0.npy --input %t/y.npy --input %t/mask.npy --input %t/n.npy --output-dir %t/out0
// RUN: %python -c "import numpy as np; r = [np.load('%t/out0/f_result' + str(i) + '.npy') for i in range(4)]; print(r[0].shape, r[2])" | FileCheck %s --check-prefix=EMPTY
// EMPTY: (0, 4) 0.0

func.func @f(%x: tensor<?x4xf32>, %y: tensor<4xf64>, %mask: tensor<4xi1>, %n: tensor<?xi64>)
    -> (tensor<?x4xf32>, tensor<4xf64>, tensor<f32>, tensor<?xi64>) {
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %x, %c0 : tensor<?x4xf32>
  %e0 = tensor.empty(%rows) : tensor<?x4xf32>
  %square = linalg.mul ins(%x, %x : tensor<?x4xf32>, tensor<?x4xf32>) outs(%e0 : tensor<?x4xf32>) -> tensor<?x4xf32>

  %e1 = tensor.empty() : tensor<4xf64>
  %twice = linalg.add ins(%y, %y : tensor<4xf64>, tensor<4xf64>) outs(%e1 : tensor<4xf64>) -> tensor<4xf64>
  %negated = linalg.negf ins(%y : tensor<4xf64>) outs(%e1 : tensor<4xf64>) -> tensor<4xf64>
  %selected = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%mask, %twice, %negated : tensor<4xi1>, tensor<4xf64>, tensor<4xf64>) outs(%e1 : tensor<4xf64>) {
  ^bb0(%m: i1, %a: f64, %b: f64, %out: f64):
    %s = arith.select %m, %a, %b : f64
    linalg.yield %s : f64
  } -> tensor<4xf64>

  %zero = arith.constant dense<0.0> : tensor<f32>
  %sum = linalg.reduce ins(%x : tensor<?x4xf32>) outs(%zero : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }

  %len = tensor.dim %n, %c0 : tensor<?xi64>
  %e2 = tensor.empty(%len) : tensor<?xi64>
  %n2 = linalg.add ins(%n, %n : tensor<?xi64>, tensor<?xi64>) outs(%e2 : tensor<?xi64>) -> tensor<?xi64>
  return %square, %selected, %sum, %n2 : tensor<?x4xf32>, tensor<4xf64>, tensor<f32>, tensor<?xi64>
}
