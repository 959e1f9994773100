// A calibration table is for the module it was calibrated on (issue 17,
// item 1). Version 2 tables carry a fingerprint (scheme, and the id and
// shape of every observed tensor); fp8-quantize refuses a table whose
// fingerprint differs from the module, naming the table and each difference,
// unless allow-table-mismatch=true (then a warning). Entries the module does
// not use get a warning; version-1 tables load with a warning; fp8-run
// --merge refuses tables of different modules.
//
// RUN: rm -rf %t && mkdir -p %t/samples_a %t/samples_b
// RUN: %python -c "import numpy as np; rng = np.random.default_rng(3); [np.save('%t/samples_a/%%d.npy' %% i, rng.standard_normal((4, 8)).astype(np.float32)) for i in range(2)]; [np.save('%t/samples_b/%%d.npy' %% i, rng.standard_normal((4, 6)).astype(np.float32)) for i in range(2)]"
// RUN: fp8-run %s --input %t/samples_a --calibrate %t/a.json
// RUN: fp8-run %s --input %t/samples_a --calibrate %t/a-extended.json --scheme extended
// RUN: fp8-run %S/Inputs/other-mlp.mlir --input %t/samples_b --calibrate %t/b.json

// The table records what it was calibrated on.
// RUN: FileCheck %s --check-prefix=TABLE < %t/a.json
// TABLE: "version": 2,
// TABLE: "scheme": "standard",
// TABLE: "fc1/lhs": {
// TABLE-NEXT: "shape": [4, 8],

// Its own table: no word.
// RUN: fp8-opt %s --fp8-ptq-pipeline="calibration=%t/a.json" -o %t/a.mlir 2>&1 | FileCheck %s --check-prefix=OWN --allow-empty
// OWN-NOT: warning
// OWN-NOT: error

// Another model's table: one error naming the table and every difference.
// RUN: not fp8-opt %s --fp8-ptq-pipeline="calibration=%t/b.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/b.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: table-mismatch.mlir:{{[0-9]+}}:{{[0-9]+}}: error: fp8-quantize: calibration table '{{.*}}b.json' was not calibrated on this module: tensor 'fc1/lhs' has shape 4x6 in the table but 4x8 in the module; the table's 'fc3/lhs' is not in the module (calibrate this module with fp8-run --calibrate, or pass allow-table-mismatch=true to use the table anyway)
// MISMATCH-NOT: error
// RUN: not ls %t/out.mlir

// Another scheme.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/a-extended.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHEME
// SCHEME: error: fp8-quantize: calibration table '{{.*}}a-extended.json' was not calibrated on this module: the table was calibrated with scheme=extended, this pass runs scheme=standard
// RUN: fp8-opt %s --fp8-quantize="calibration=%t/a-extended.json scheme=extended" -o /dev/null

// The escape hatch: a warning, and the module is quantized.
// RUN: fp8-opt %s --fp8-ptq-pipeline="calibration=%t/b.json allow-table-mismatch=true" -o %t/forced.mlir 2>&1 | FileCheck %s --check-prefix=ALLOWED
// ALLOWED: warning: fp8-quantize: calibration table '{{.*}}b.json' was not calibrated on this module: tensor 'fc1/lhs' has shape 4x6
// ALLOWED-SAME: ; used anyway (allow-table-mismatch=true)
// ALLOWED-NOT: warning
// RUN: FileCheck %s --check-prefix=QUANTIZED < %t/forced.mlir
// QUANTIZED: fp8.scaled_matmul

// A version-1 table (no fingerprint) still loads: a warning that it cannot be
// checked, and one for the entry this module does not use.
// RUN: %python %S/../Transforms/Inputs/make_calibration_table.py %t/old.json fc1/lhs=2.0 fc2/lhs=3.0 fc3/lhs=1.0
// RUN: fp8-opt %s --fp8-ptq-pipeline="calibration=%t/old.json" -o %t/old.mlir 2>&1 | FileCheck %s --check-prefix=OLD
// OLD: warning: fp8-quantize: calibration table '{{.*}}old.json' is version 1 and carries no fingerprint, so it cannot be checked against this module (calibrate again with fp8-run --calibrate to write version 2)
// OLD: warning: fp8-quantize: calibration table '{{.*}}old.json' has an entry this module does not use: 'fc3/lhs' (a table of another model?)
// OLD-NOT: warning
// RUN: FileCheck %s --check-prefix=QUANTIZED < %t/old.mlir

// Merging tables of different modules is an error that names both files;
// nothing is written. Tables of the same module merge.
// RUN: not fp8-run --merge %t/merged.json %t/a.json %t/b.json 2>&1 | FileCheck %s --check-prefix=MERGE
// MERGE: fp8-run: error: {{.*}}b.json: cannot merge tables calibrated on different modules: tensor 'fc1/lhs' has shape 4x8 in {{.*}}a.json vs 4x6 in {{.*}}b.json; tensor 'fc3/lhs' only in {{.*}}b.json
// RUN: not ls %t/merged.json
// RUN: not fp8-run --merge %t/merged.json %t/a.json %t/a-extended.json 2>&1 | FileCheck %s --check-prefix=MERGE-SCHEME
// MERGE-SCHEME: fp8-run: error: {{.*}}a-extended.json: cannot merge tables calibrated on different modules: scheme standard in {{.*}}a.json vs extended in {{.*}}a-extended.json
// RUN: not fp8-run --merge %t/merged.json %t/a.json %t/old.json 2>&1 | FileCheck %s --check-prefix=MERGE-OLD
// MERGE-OLD: fp8-run: error: {{.*}}old.json: cannot merge tables calibrated on different modules: {{.*}}old.json has no fingerprint (a version-1 table; recalibrate it)
// RUN: fp8-run --merge %t/merged.json %t/a.json %t/a.json
// RUN: FileCheck %s --check-prefix=TABLE < %t/merged.json

func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
  %w1 = arith.constant dense<0.25> : tensor<8x16xf32>
  %w2 = arith.constant dense<0.125> : tensor<16x2xf32>
  %z16 = arith.constant dense<0.0> : tensor<4x16xf32>
  %z2 = arith.constant dense<0.0> : tensor<4x2xf32>
  %h = linalg.matmul ins(%x, %w1 : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z16 : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  %y = linalg.matmul ins(%h, %w2 : tensor<4x16xf32>, tensor<16x2xf32>) outs(%z2 : tensor<4x2xf32>) -> tensor<4x2xf32> loc("fc2")
  return %y : tensor<4x2xf32>
}
