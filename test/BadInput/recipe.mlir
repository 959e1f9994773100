// Bad recipes given to fp8-quantize / fp8-ptq-pipeline (recipe=): one
// error naming the file and, where it applies, the option, the tensor id and
// the field; exit code 1.
//
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/../Transforms/Inputs/make_calibration_table.py %t/calib.json fc1/lhs=2.0

// The good recipe works (the base of every case below).
// RUN: fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/good.json" -o /dev/null

// Not JSON, another kind of file, another version, a missing file.
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/malformed.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MALFORMED
// MALFORMED: error: fp8-quantize: {{.*}}malformed.json:4:3: malformed JSON: expected ',' or '}' after an object member
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/calib.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: fp8-quantize: {{.*}}calib.json: field "format" is the string "fp8-calibration", expected "fp8-recipe": not a recipe
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/version.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: error: fp8-quantize: {{.*}}version.json: unsupported version 2 (this build reads version 1)
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/missing.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: fp8-quantize: {{.*}}missing.json: recipe not found (no such file)
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/unknown-field.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=FIELD
// FIELD: error: fp8-quantize: {{.*}}unknown-field.json: unknown field "overides" (expected format, version, options, overrides, calibration, metric)

// Options: unknown names and bad values, named with the option; the table
// is the recipe's own field.
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-option.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: error: fp8-quantize: {{.*}}bad-option.json: option 'weight-fromat' is not an option of fp8-quantize
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-enum.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=ENUM
// ENUM: error: fp8-quantize: {{.*}}bad-enum.json: option 'activation-format': 'e9m9' is unknown; expected e4m3, e5m2, e3m4, e3m4fn, e4m3fnuz, e5m2fnuz, e4m3ieee, e4m3b11fnuz or int8
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-bool.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=BOOL
// BOOL: error: fp8-quantize: {{.*}}bad-bool.json: option 'skip-first-last': 'yes' is not a boolean; expected true or false
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-percentile.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=PCT
// PCT: error: fp8-quantize: {{.*}}bad-percentile.json: percentile=100.5 is out of range; expected a value in (0, 100]
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/calibration-option.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=CALOPTION
// CALOPTION: error: fp8-quantize: {{.*}}calibration-option.json: option 'calibration': the table is the recipe's own "calibration" field
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/no-table.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NOTABLE
// NOTABLE: error: fp8-quantize: {{.*}}no-table.json: the recipe has no "calibration" (a table's path or the table) and its options say mode=static
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-table.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=BADTABLE
// BADTABLE: error: fp8-quantize: {{.*}}bad-table.json: calibration: tensor 'fc1/lhs': missing field "histogram"

// Overrides: unknown ids (the message lists the module's), bad values,
// fields that do not apply to the tensor.
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/unknown-id.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=ID
// ID: error: fp8-quantize: {{.*}}unknown-id.json: override 'fc9/lhs': names no tensor of this module under scheme=standard (its tensors: 'fc1/lhs', 'fc1/rhs')
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-format.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=OVFORMAT
// OVFORMAT: error: fp8-quantize: {{.*}}bad-format.json: override 'fc1/rhs': field "weight-format" is the string "e4m4", expected one of e4m3, e5m2, e3m4, e3m4fn, e4m3fnuz, e5m2fnuz, e4m3ieee, e4m3b11fnuz
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-method.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=OVMETHOD
// OVMETHOD: error: fp8-quantize: {{.*}}bad-method.json: override 'fc1/lhs': field "method" is the string "median", expected max, percentile, mse or kl
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/weight-on-activation.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=APPLY
// APPLY: error: fp8-quantize: {{.*}}weight-on-activation.json: override 'fc1/lhs': is an activation; weight-format and weight-granularity apply to weights
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/bad-keep.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=KEEP
// KEEP: error: fp8-quantize: {{.*}}bad-keep.json: override 'fc1/rhs': field "keep" is true, expected "f32"
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/int8-format.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=INT8
// INT8: error: fp8-quantize: {{.*}}int8-format.json: override 'fc1/rhs': field "weight-format" is int8, which is a baseline for the whole model

// Options given both ways: an error (the recipe holds every choice).
// RUN: not fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/good.json weight-format=e5m2 mode=dynamic" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: error: fp8-quantize: recipe='{{.*}}good.json' holds every option; also given: weight-format, mode (change the recipe's "options" instead)

//--- model.mlir
func.func @fc(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  return %y : tensor<4x16xf32>
}
//--- good.json
{"format": "fp8-recipe", "version": 1, "options": {"activation-format": "e3m4fn"},
 "overrides": {"fc1/rhs": {"weight-format": "e5m2"}}, "calibration": "calib.json"}
//--- malformed.json
{"format": "fp8-recipe",
 "version": 1,
 "options": {}
  "calibration": "calib.json"}
//--- version.json
{"format": "fp8-recipe", "version": 2, "options": {}, "calibration": "calib.json"}
//--- unknown-field.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overides": {}, "calibration": "calib.json"}
//--- bad-option.json
{"format": "fp8-recipe", "version": 1, "options": {"weight-fromat": "e5m2"}, "calibration": "calib.json"}
//--- bad-enum.json
{"format": "fp8-recipe", "version": 1, "options": {"activation-format": "e9m9"}, "calibration": "calib.json"}
//--- bad-bool.json
{"format": "fp8-recipe", "version": 1, "options": {"skip-first-last": "yes"}, "calibration": "calib.json"}
//--- bad-percentile.json
{"format": "fp8-recipe", "version": 1, "options": {"method": "percentile", "percentile": 100.5}, "calibration": "calib.json"}
//--- calibration-option.json
{"format": "fp8-recipe", "version": 1, "options": {"calibration": "calib.json"}}
//--- no-table.json
{"format": "fp8-recipe", "version": 1, "options": {"mode": "static"}}
//--- bad-table.json
{"format": "fp8-recipe", "version": 1, "options": {},
 "calibration": {"format": "fp8-calibration", "version": 1, "samples": 1,
                 "tensors": {"fc1/lhs": {"min": -1, "max": 1, "amax": 1, "count": 2}}}}
//--- unknown-id.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overrides": {"fc9/lhs": {"keep": "f32"}},
 "calibration": "calib.json"}
//--- bad-format.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overrides": {"fc1/rhs": {"weight-format": "e4m4"}},
 "calibration": "calib.json"}
//--- bad-method.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overrides": {"fc1/lhs": {"method": "median"}},
 "calibration": "calib.json"}
//--- weight-on-activation.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overrides": {"fc1/lhs": {"weight-format": "e5m2"}},
 "calibration": "calib.json"}
//--- bad-keep.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overrides": {"fc1/rhs": {"keep": true}},
 "calibration": "calib.json"}
//--- int8-format.json
{"format": "fp8-recipe", "version": 1, "options": {}, "overrides": {"fc1/rhs": {"weight-format": "int8"}},
 "calibration": "calib.json"}
