// A scale that does not tile the data (test/BadInput/invalid-ir.mlir).
func.func @f(%x: tensor<4x16xf32>, %s: tensor<1x3xf32>) -> tensor<4x16xf8E4M3FN> {
  %i = tensor.empty() : tensor<4x16xf8E4M3FN>
  %q = fp8.quantize %x, %s into %i : tensor<4x16xf32>, tensor<1x3xf32> into tensor<4x16xf8E4M3FN>
  return %q : tensor<4x16xf8E4M3FN>
}
