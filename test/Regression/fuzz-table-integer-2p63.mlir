// Found by fuzz/calibration-table: the JSON number `9223372036854775807.`
// is the double 2^63, which llvm::json::Value::getAsInteger accepts (its
// upper bound double(INT64_MAX) rounds up to 2^63) and converts to int64_t:
// undefined behaviour (UBSan aborts; x86 reads INT64_MIN). Calibration
// tables read it as a number that is not an integer, wherever the reader
// wants one (Inputs/fuzz-table-integer-2p63.json is the fuzzer's input).
//
// RUN: not fp8-opt %s --fp8-quantize="calibration=%S/Inputs/fuzz-table-integer-2p63.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=TOP
// TOP: error: fp8-quantize: {{.*}}fuzz-table-integer-2p63.json: expected a JSON object at the top level, got 9223372036854775808
//
// A count and a version of 2^63, written as doubles (": 1000," is the count
// of make_calibration_table.py).
// RUN: %python %S/../Transforms/Inputs/make_calibration_table.py %t.json fc1/lhs=2.0
// RUN: %python -c "import sys; t = open(sys.argv[1]).read(); open(sys.argv[2], 'w').write(t.replace(': 1000,', ': 9223372036854775808.0,')); open(sys.argv[3], 'w').write(t.replace('\"version\": 1', '\"version\": 9223372036854775808.0'))" %t.json %t.count.json %t.version.json
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.count.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not fp8-run --merge %t.merged.json %t.count.json 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: error: {{.*}}.count.json: tensor 'fc1/lhs': field "count" must be a non-negative integer, got 9223372036854775808
// RUN: not fp8-run --merge %t.merged.json %t.version.json 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: fp8-run: error: {{.*}}.version.json: field "version" must be an integer, got 9223372036854775808 (this build reads versions 1 and 2)

func.func @fc(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  return %y : tensor<4x16xf32>
}
