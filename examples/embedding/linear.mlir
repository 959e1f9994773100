// The input of examples/embedding/README.md: an f32 linear layer (what a
// frontend emits) next to an fp8 op written by hand.
//
//   embedding-opt linear.mlir --fp8-ptq-pipeline="mode=dynamic"
//   embedding-opt linear.mlir --fp8-ptq-pipeline="mode=dynamic" \
//     --convert-fp8-to-linalg

func.func @linear(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4x8xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4x8xf32>)
      -> tensor<4x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x8xf32>)
      outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

func.func @quantize(%x: tensor<16xf32>, %s: tensor<f32>)
    -> tensor<16x!fp8.e3m4fn> {
  %init = tensor.empty() : tensor<16x!fp8.e3m4fn>
  %q = fp8.quantize %x, %s into %init {rounding = #fp8.rounding<toward_zero>}
      : tensor<16xf32>, tensor<f32> into tensor<16x!fp8.e3m4fn>
  return %q : tensor<16x!fp8.e3m4fn>
}
