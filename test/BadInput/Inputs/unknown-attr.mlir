// An attribute the fp8 dialect does not have (test/BadInput/invalid-ir.mlir).
func.func @f(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf8E4M3FN> {
  %i = tensor.empty() : tensor<4xf8E4M3FN>
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.saturation<none>} : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FN>
  return %q : tensor<4xf8E4M3FN>
}
