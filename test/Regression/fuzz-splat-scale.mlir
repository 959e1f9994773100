// fp8-optimize checked the range of a constant scale element by element: a
// splat scale of 10^10 elements took minutes. A splat has one value.
//
// RUN: fp8-opt %s --fp8-optimize 2>&1 | FileCheck %s

// CHECK-LABEL: func.func @requantize
// CHECK-NEXT: return %arg0
func.func @requantize(%q: tensor<100000x100000xf8E4M3FN>) -> tensor<100000x100000xf8E4M3FN> {
  %s = arith.constant dense<2.0> : tensor<100000x100000xf32>
  %e = tensor.empty() : tensor<100000x100000xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<100000x100000xf8E4M3FN>, tensor<100000x100000xf32> into tensor<100000x100000xf32>
  %i = tensor.empty() : tensor<100000x100000xf8E4M3FN>
  %r = fp8.quantize %d, %s into %i : tensor<100000x100000xf32>, tensor<100000x100000xf32> into tensor<100000x100000xf8E4M3FN>
  return %r : tensor<100000x100000xf8E4M3FN>
}
