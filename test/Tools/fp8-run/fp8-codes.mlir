// FP8 tensors travel as uint8 .npy arrays of their codes (fp8-run --help
// says so), and docs/Tutorial.md's NumPy table reads E4M3 codes back: it
// equals fp8.dequantize (scale 1) on every code, NaNs included.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: fp8-run --help | FileCheck %s --check-prefix=HELP
// HELP: FP8 tensors (arguments and results) are uint8 arrays of their codes
// RUN: fp8-opt --help | FileCheck %s --check-prefix=PTQ
// PTQ: --fp8-ptq-pipeline {{.*}}Options: fp8-quantize's (accumulator, {{.*}}mode, {{.*}}weight-format, weight-granularity; see --fp8-quantize)
// RUN: %python -c "import numpy as np; np.save('%t/codes.npy', np.arange(256).astype(np.uint8))"
// RUN: fp8-run %s --input %t/codes.npy --output-dir %t
// RUN: %python -c "import numpy as np; c = np.arange(256); exponent, mantissa = (c >> 3) & 0xF, c & 0x7; table = np.where(exponent == 0, mantissa / 8 * 2.0**-6, (1 + mantissa / 8) * 2.0**(exponent - 7.0)); table = np.where(c & 0x80, -table, table); table[(c & 0x7F) == 0x7F] = np.nan; print(np.array_equal(table.astype(np.float32), np.load('%t/decode_result0.npy'), equal_nan=True))" | FileCheck %s
// CHECK: True

func.func @decode(%codes: tensor<256xf8E4M3FN>) -> tensor<256xf32> {
  %one = arith.constant dense<1.0> : tensor<f32>
  %empty = tensor.empty() : tensor<256xf32>
  %values = fp8.dequantize %codes, %one into %empty : tensor<256xf8E4M3FN>, tensor<f32> into tensor<256xf32>
  return %values : tensor<256xf32>
}
