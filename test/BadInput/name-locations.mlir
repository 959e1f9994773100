// Ops that carry only a name location, loc("fc1"), as exported models do:
// fp8-opt and fp8-run fuse in the op's position in the file when they parse,
// so a diagnostic on the op points at it (file:line:column and the source
// line, which shows the name) instead of "<unknown>:0: error: loc("fc1")"
// (issue 17, item 5).
//
// RUN: %python %S/../Transforms/Inputs/make_calibration_table.py %t.json other/lhs=1.0

// A pass error, per chunk of a split file (the two chunks hold the same ops).
// RUN: not fp8-opt %s --split-input-file --fp8-quantize="calibration=%t.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPLIT
// SPLIT: name-locations.mlir:[[#@LINE+26]]:8: error: fp8-quantize: calibration table '{{.*}}' has no entry for tensor 'fc1/lhs'
// SPLIT-NEXT: loc("fc1")
// SPLIT: name-locations.mlir:[[#@LINE+33]]:8: error: fp8-quantize: calibration table '{{.*}}' has no entry for tensor 'enc.q/lhs'
// SPLIT-NEXT: loc("enc.q")
// SPLIT-NOT: <unknown>

// The whole file, from stdin.
// RUN: not fp8-opt --fp8-quantize="calibration=%t.json" -o /dev/null < %s 2>&1 | FileCheck %s --check-prefix=STDIN
// STDIN: <stdin>:[[#@LINE+18]]:8: error: {{.*}}'fc1/lhs'
// STDIN: <stdin>:[[#@LINE+26]]:8: error: {{.*}}'enc.q/lhs'

// The verifier, on parsing: fp8-opt and fp8-run.
// RUN: not fp8-opt %S/Inputs/invalid-named-op.mlir 2>&1 | FileCheck %s --check-prefix=VERIFY
// RUN: not fp8-run %S/Inputs/invalid-named-op.mlir --input %t.json 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: invalid-named-op.mlir:7:8: error: 'tensor.cast' op operand type 'tensor<4x16xf32>' and result type 'tensor<4x15xf32>' are cast incompatible
// VERIFY-NEXT: loc("fc1.cast")
// VERIFY-NOT: <unknown>

// The position is fused in, the name kept.
// RUN: fp8-opt %s --split-input-file --canonicalize --mlir-print-debuginfo | FileCheck %s --check-prefix=FUSED
// FUSED: #[[POS:loc[0-9]+]] = loc("{{.*}}name-locations.mlir":[[#@LINE+6]]:8)
// FUSED: loc("fc1"(#[[POS]]))

func.func @first(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.25> : tensor<8x16xf32>
  %z = arith.constant dense<0.0> : tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  return %y : tensor<4x16xf32>
}

// -----

func.func @second(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.25> : tensor<8x16xf32>
  %z = arith.constant dense<0.0> : tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32> loc("enc.q")
  return %y : tensor<4x16xf32>
}
