// A module with nothing fp8-quantize quantizes (tune-errors.test).
func.func @f(%x: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %y = arith.addf %x, %x : tensor<16x16xf32>
  return %y : tensor<16x16xf32>
}
