// Invalid IR given to the tools: one error at file:line:column, exit code 1,
// and no output file.
//
// What the parser and the verifiers say about each op, type and attribute is
// tested where they are defined: test/Dialect/FP8/invalid.mlir (unknown type,
// unknown rounding, every constraint of quantize / dequantize /
// dynamic_quantize / observe, scale shapes), scaled-matmul-invalid.mlir, and
// test/Tools/fp8-run/errors.mlir (a module that does not parse). This file
// checks what the user of fp8-opt and fp8-run sees.
//
// RUN: rm -rf %t && mkdir -p %t

// RUN: not fp8-opt %S/Inputs/unknown-op.mlir -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=OP
// RUN: not fp8-run %S/Inputs/unknown-op.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefixes=OP,RUN-OP
// OP: unknown-op.mlir:3:8: error: custom op 'fp8.frobnicate' is unknown
// RUN-OP: fp8-run: error: {{.*}}unknown-op.mlir: cannot parse the module (see the diagnostic above)

// RUN: not fp8-opt %S/Inputs/unknown-attr.mlir -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=ATTR
// RUN: not fp8-run %S/Inputs/unknown-attr.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=ATTR
// ATTR: unknown-attr.mlir:4:53: error: unknown attribute `saturation` in dialect `fp8`

// (The double space in "unknown  type" comes from mlir-tblgen's default type
// parser.)
// RUN: not fp8-opt %S/Inputs/unknown-type.mlir -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not fp8-run %S/Inputs/unknown-type.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: unknown-type.mlir:2:32: error: unknown {{ ?}}type `e2m5` in dialect `fp8`

// RUN: not fp8-opt %S/Inputs/bad-scale.mlir -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=SCALE
// RUN: not fp8-run %S/Inputs/bad-scale.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=SCALE
// SCALE: bad-scale.mlir:4:8: error: 'fp8.quantize' op (C4) scale dimension 1 (3) does not divide the data dimension (16)

// One error each (plus the source line and caret; the verifier adds a note
// with the generic form of the op).
// RUN: not fp8-opt %S/Inputs/unknown-op.mlir -o %t/out.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// RUN: not fp8-opt %S/Inputs/unknown-attr.mlir -o %t/out.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// RUN: not fp8-opt %S/Inputs/unknown-type.mlir -o %t/out.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// RUN: not fp8-opt %S/Inputs/bad-scale.mlir -o %t/out.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// ONE: {{^1$}}

// Nothing written.
// RUN: ls %t | count 0
