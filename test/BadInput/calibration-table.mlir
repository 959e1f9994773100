// Bad calibration tables given to fp8-quantize (calibration=) and to
// fp8-run --merge: one error naming the file (with line:column for malformed
// JSON) and, where it applies, the tensor and the field; exit code 1; no
// output written and an existing output left as it was.
//
// Covered elsewhere: no table for mode=static, a missing file, a table
// without an entry for a tensor, version 7 and malformed JSON with
// fp8-quantize (test/Transforms/fp8-quantize-invalid.mlir); a missing file
// and a .npy file with --merge (test/Tools/fp8-run/errors.mlir); every check
// of the reader (unittests/Calibration/TableValidationTest.cpp).
//
// RUN: rm -rf %t && mkdir -p %t/a_directory.json
// RUN: %python %S/Inputs/make_bad_tables.py %t
// RUN: cp %t/good.json %t/existing.json

// The good table works with both tools.
// RUN: fp8-opt %s --fp8-quantize="calibration=%t/good.json" -o /dev/null
// RUN: fp8-run --merge %t/twice.json %t/good.json %t/good.json

// Not JSON, or not a calibration table.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/truncated.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/truncated.json 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: error: {{(fp8-quantize: )?.*}}truncated.json:1026:1: malformed JSON: unexpected end of input (expected a value)
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/empty.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/empty.json 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: {{(fp8-quantize: )?.*}}empty.json:1:1: malformed JSON: unexpected end of input (expected a value)
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/garbage.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=GARBAGE
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/garbage.json 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: error: {{(fp8-quantize: )?.*}}garbage.json:1:1: malformed JSON: invalid UTF-8
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/latin1.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=LATIN1
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/latin1.json 2>&1 | FileCheck %s --check-prefix=LATIN1
// LATIN1: error: {{(fp8-quantize: )?.*}}latin1.json:6:8: malformed JSON: invalid UTF-8
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/a_directory.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/a_directory.json 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// DIRECTORY: error: {{(fp8-quantize: )?.*}}a_directory.json: cannot read calibration table: Is a directory
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/other_format.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/other_format.json 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: {{(fp8-quantize: )?.*}}other_format.json: field "format" is the string "onnx", expected "fp8-calibration": not a calibration table

// Versions.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/version3.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=VERSION
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/version3.json 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: error: {{(fp8-quantize: )?.*}}version3.json: unsupported version 3 (this build reads versions 1 and 2)
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/version2_no_shape.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NO-SHAPE
// RUN: not fp8-run --merge %t/merged.json %t/version2_no_shape.json 2>&1 | FileCheck %s --check-prefix=NO-SHAPE
// NO-SHAPE: error: {{(fp8-quantize: )?.*}}version2_no_shape.json: tensor '{{.+}}': missing field "shape"
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/no_version.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NO-VERSION
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/no_version.json 2>&1 | FileCheck %s --check-prefix=NO-VERSION
// NO-VERSION: error: {{(fp8-quantize: )?.*}}no_version.json: missing field "version" (this build reads versions 1 and 2)

// Missing parts.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/no_tensors.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NO-TENSORS
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/no_tensors.json 2>&1 | FileCheck %s --check-prefix=NO-TENSORS
// NO-TENSORS: error: {{(fp8-quantize: )?.*}}no_tensors.json: missing field "tensors"
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/no_count.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NO-COUNT
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/no_count.json 2>&1 | FileCheck %s --check-prefix=NO-COUNT
// NO-COUNT: error: {{(fp8-quantize: )?.*}}no_count.json: tensor 'fc1/lhs': missing field "count"
// A table for other tensors merges (tables of different models may be
// combined), but cannot quantize this model.
// RUN: fp8-run --merge %t/other.json %t/good.json %t/other_id.json
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/other_id.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=OTHER-ID
// OTHER-ID: calibration-table.mlir:[[#@LINE+66]]:8: error: fp8-quantize: calibration table '{{.*}}other_id.json' has no entry for tensor 'fc1/lhs'

// NaN and infinity, as JSON null, as a string, as literals beyond double.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/nan_null.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NAN-NULL
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/nan_null.json 2>&1 | FileCheck %s --check-prefix=NAN-NULL
// NAN-NULL: error: {{(fp8-quantize: )?.*}}nan_null.json: tensor 'fc1/lhs': field "max" must be a number, got null
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/nan_string.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NAN-STRING
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/nan_string.json 2>&1 | FileCheck %s --check-prefix=NAN-STRING
// NAN-STRING: error: {{(fp8-quantize: )?.*}}nan_string.json: tensor 'fc1/lhs': field "min" must be a number, got the string "NaN"
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/inf_literal.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=INF
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/inf_literal.json 2>&1 | FileCheck %s --check-prefix=INF
// INF: error: {{(fp8-quantize: )?.*}}inf_literal.json: tensor 'fc1/lhs': field "amax" must be finite, got inf
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/minus_inf_literal.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=MINUS-INF
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/minus_inf_literal.json 2>&1 | FileCheck %s --check-prefix=MINUS-INF
// MINUS-INF: error: {{(fp8-quantize: )?.*}}minus_inf_literal.json: tensor 'fc1/lhs': field "min" must be finite, got -inf
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/inf_histogram.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=INF-HISTOGRAM
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/inf_histogram.json 2>&1 | FileCheck %s --check-prefix=INF-HISTOGRAM
// INF-HISTOGRAM: error: {{(fp8-quantize: )?.*}}inf_histogram.json: tensor 'fc1/lhs': field "histogram.max" must be a number, got null

// Negative and fractional counts.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/negative_count.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NEG-COUNT
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/negative_count.json 2>&1 | FileCheck %s --check-prefix=NEG-COUNT
// NEG-COUNT: error: {{(fp8-quantize: )?.*}}negative_count.json: tensor 'fc1/lhs': field "count" must not be negative, got -4
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/negative_nan_count.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NEG-NAN
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/negative_nan_count.json 2>&1 | FileCheck %s --check-prefix=NEG-NAN
// NEG-NAN: error: {{(fp8-quantize: )?.*}}negative_nan_count.json: tensor 'fc1/lhs': field "nan_count" must not be negative, got -1
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/negative_bin.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NEG-BIN
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/negative_bin.json 2>&1 | FileCheck %s --check-prefix=NEG-BIN
// NEG-BIN: error: {{(fp8-quantize: )?.*}}negative_bin.json: tensor 'fc1/lhs': field "histogram.counts[0]" must not be negative, got -1
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/negative_samples.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NEG-SAMPLES
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/negative_samples.json 2>&1 | FileCheck %s --check-prefix=NEG-SAMPLES
// NEG-SAMPLES: error: {{(fp8-quantize: )?.*}}negative_samples.json: field "samples" must not be negative, got -1
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/fractional_count.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=FRACTION
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/fractional_count.json 2>&1 | FileCheck %s --check-prefix=FRACTION
// FRACTION: error: {{(fp8-quantize: )?.*}}fractional_count.json: tensor 'fc1/lhs': field "count" must be a non-negative integer, got 4.5

// The smallest double as amax: the bins of its range would underflow to 0
// (reading it used to convert inf to int: undefined behaviour).
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/denormal_amax.json" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=DENORMAL
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/denormal_amax.json 2>&1 | FileCheck %s --check-prefix=DENORMAL
// DENORMAL: error: {{(fp8-quantize: )?.*}}denormal_amax.json: tensor 'fc1/lhs': histogram.max 1e-323 is below 2^-1011, too small for exact bins (amax 5e-324)

// Counts that are valid alone but overflow int64 when added up: the merge
// used to wrap around (undefined behaviour) and write a table with a negative
// count that no tool could read back.
// RUN: fp8-opt %s --fp8-quantize="calibration=%t/huge_nan_count.json" -o /dev/null
// RUN: not fp8-run --merge %t/merged.json %t/huge_nan_count.json %t/huge_nan_count.json 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: fp8-run: error: {{.*}}huge_nan_count.json: cannot merge: the counts of tensor 'fc1/lhs' would exceed 2^63 - 1

// One line each, for a few of the above.
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t/garbage.json" -o %t/out.mlir 2>&1 | count 1
// RUN: not fp8-run --merge %t/merged.json %t/good.json %t/nan_null.json 2>&1 | count 1
// RUN: not fp8-run --merge %t/merged.json %t/huge_nan_count.json %t/huge_nan_count.json 2>&1 | count 1

// Nothing written; a failed merge into an existing table leaves it as it was.
// RUN: not ls %t/out.mlir %t/merged.json
// RUN: not fp8-run --merge %t/existing.json %t/existing.json %t/truncated.json
// RUN: not fp8-run --merge %t/existing.json %t/huge_nan_count.json %t/huge_nan_count.json
// RUN: diff %t/good.json %t/existing.json
// RUN: ls %t | not grep -e tmp -e temp

func.func @fc(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  return %y : tensor<4x16xf32>
}
