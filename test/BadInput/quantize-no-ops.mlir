// Options of fp8-quantize that change nothing get one warning line on
// stderr (the exit code stays 0): an exclude= that matches no tensor id,
// mode=dynamic with a calibration table (not read), skip-first-last on a
// model whose only matmul is its last.
//
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic exclude=fc9" -o /dev/null 2>&1 | FileCheck %s --check-prefix=EXCLUDE
// EXCLUDE: warning: fp8-quantize: exclude='fc9' matches no tensor id; every target was quantized
// EXCLUDE-NOT: warning
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic exclude=fc1/rhs" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MATCHED --allow-empty
// MATCHED-NOT: warning
//
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic calibration=%t.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: warning: fp8-quantize: mode=dynamic computes activation scales at run time; calibration='{{.*}}.json' is not read
// DYNAMIC-NOT: warning
//
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic skip-first-last" -o %t.mlir 2>&1 | FileCheck %s --check-prefix=SKIP
// SKIP: warning: fp8-quantize: skip-first-last kept every quantizable op in high precision
// SKIP-NOT: warning
// RUN: FileCheck %s --check-prefix=UNQUANTIZED < %t.mlir
// UNQUANTIZED-NOT: fp8.
// UNQUANTIZED: linalg.matmul

// The warnings carry the module's location.
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic exclude=fc9" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOC
// LOC: quantize-no-ops.mlir:{{[0-9]+}}:{{[0-9]+}}: warning

module {
  func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
    %w = arith.constant dense<0.5> : tensor<8x2xf32>
    %z = arith.constant dense<0.0> : tensor<4x2xf32>
    %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x2xf32>) outs(%z : tensor<4x2xf32>) -> tensor<4x2xf32> loc("fc1")
    return %y : tensor<4x2xf32>
  }
}
