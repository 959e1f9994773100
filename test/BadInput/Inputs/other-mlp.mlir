// Another model for table-mismatch.mlir: its ids fc1/lhs and fc2/lhs
// collide with that test's module, with other shapes, and it has an fc3.
func.func @forward(%x: tensor<4x6xf32>) -> tensor<4x2xf32> {
  %w1 = arith.constant dense<0.25> : tensor<6x16xf32>
  %w2 = arith.constant dense<0.125> : tensor<16x3xf32>
  %w3 = arith.constant dense<0.5> : tensor<3x2xf32>
  %z16 = arith.constant dense<0.0> : tensor<4x16xf32>
  %z3 = arith.constant dense<0.0> : tensor<4x3xf32>
  %z2 = arith.constant dense<0.0> : tensor<4x2xf32>
  %h1 = linalg.matmul ins(%x, %w1 : tensor<4x6xf32>, tensor<6x16xf32>) outs(%z16 : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  %h2 = linalg.matmul ins(%h1, %w2 : tensor<4x16xf32>, tensor<16x3xf32>) outs(%z3 : tensor<4x3xf32>) -> tensor<4x3xf32> loc("fc2")
  %y = linalg.matmul ins(%h2, %w3 : tensor<4x3xf32>, tensor<3x2xf32>) outs(%z2 : tensor<4x2xf32>) -> tensor<4x2xf32> loc("fc3")
  return %y : tensor<4x2xf32>
}
