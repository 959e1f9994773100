// An op the fp8 dialect does not have (test/BadInput/invalid-ir.mlir).
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = fp8.frobnicate %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
