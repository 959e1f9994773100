// A type the fp8 dialect does not have (test/BadInput/invalid-ir.mlir).
func.func @f(%x: tensor<4x!fp8.e2m5>) -> tensor<4x!fp8.e2m5> {
  return %x : tensor<4x!fp8.e2m5>
}
