// The blob holds one f32 of the eight the weight needs.
func.func @forward(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense_resource<fc.weight> : tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc")
  return %y : tensor<3x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      fc.weight: "0x040000000000E040"
    }
  }
#-}
