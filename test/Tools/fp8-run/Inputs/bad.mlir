// Not valid MLIR: an input of fp8-run/errors.mlir.
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = arith.addf %x, %x : tensor<2xf32>
  return %y : tensor<3xf32>
}
