// A weight shared by two layers, its blob missing (no dialect_resources).
func.func @forward(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense_resource<tied.weight> : tensor<4x4xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x4xf32>) -> tensor<3x4xf32>
  %h = linalg.matmul ins(%x, %w : tensor<3x4xf32>, tensor<4x4xf32>) outs(%f : tensor<3x4xf32>) -> tensor<3x4xf32> loc("fc1")
  %y = linalg.matmul ins(%h, %w : tensor<3x4xf32>, tensor<4x4xf32>) outs(%f : tensor<3x4xf32>) -> tensor<3x4xf32> loc("fc2")
  return %y : tensor<3x4xf32>
}
