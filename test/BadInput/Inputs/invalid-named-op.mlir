// An invalid op that carries only a name location, as exporters write them
// (for name-locations.mlir).
func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.25> : tensor<8x16xf32>
  %z = arith.constant dense<0.0> : tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  %r = tensor.cast %y : tensor<4x16xf32> to tensor<4x15xf32> loc("fc1.cast")
  return %y : tensor<4x16xf32>
}
