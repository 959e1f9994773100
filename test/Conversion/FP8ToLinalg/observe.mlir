// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s --check-prefix=KEEP
// RUN: fp8-opt %s --convert-fp8-to-linalg="drop-observers" -split-input-file | FileCheck %s --check-prefix=DROP
// RUN: fp8-opt %s --convert-fp8-to-linalg="drop-observers=false" -split-input-file | FileCheck %s --check-prefix=KEEP

// fp8.observe is left for the calibration runtime by default (on tensors
// and on memrefs); drop-observers replaces it by its operand.

// KEEP-LABEL: func.func @observe_tensor(
// KEEP-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xf32>,
// KEEP:         %[[Y:.+]] = fp8.observe %[[X]] {id = "layer1.fc.input"} : tensor<4x256xf32>
// KEEP:         linalg.generic
// KEEP-SAME:        ins(%[[Y]], %{{.+}} : tensor<4x256xf32>, tensor<f32>)
// KEEP:         return

// DROP-LABEL: func.func @observe_tensor(
// DROP-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xf32>,
// DROP-NOT:     fp8.observe
// DROP:         linalg.generic
// DROP-SAME:        ins(%[[X]], %{{.+}} : tensor<4x256xf32>, tensor<f32>)
// DROP-NOT:     fp8.observe
// DROP:         return
func.func @observe_tensor(%x: tensor<4x256xf32>, %s: tensor<f32>, %i: tensor<4x256xf8E4M3FN>) -> tensor<4x256xf8E4M3FN> {
  %y = fp8.observe %x {id = "layer1.fc.input"} : tensor<4x256xf32>
  %q = fp8.quantize %y, %s into %i : tensor<4x256xf32>, tensor<f32> into tensor<4x256xf8E4M3FN>
  return %q : tensor<4x256xf8E4M3FN>
}

// -----

// An observer whose result is unused, and one returned directly.
// KEEP-LABEL: func.func @observe_unused_and_returned(
// KEEP-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xbf16>, %[[Z:[a-z0-9_]+]]: tensor<8xf16>)
// KEEP:         fp8.observe %[[X]] {id = "unused"} : tensor<16xbf16>
// KEEP:         %[[R:.+]] = fp8.observe %[[Z]] {id = "returned"} : tensor<8xf16>
// KEEP:         return %[[R]]

// DROP-LABEL: func.func @observe_unused_and_returned(
// DROP-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xbf16>, %[[Z:[a-z0-9_]+]]: tensor<8xf16>)
// DROP-NEXT:    return %[[Z]] : tensor<8xf16>
func.func @observe_unused_and_returned(%x: tensor<16xbf16>, %z: tensor<8xf16>) -> tensor<8xf16> {
  %a = fp8.observe %x {id = "unused"} : tensor<16xbf16>
  %b = fp8.observe %z {id = "returned"} : tensor<8xf16>
  return %b : tensor<8xf16>
}

// -----

// The memref form (no result) is kept, or erased with drop-observers.
// KEEP-LABEL: func.func @observe_memref(
// KEEP-SAME:    %[[M:[a-z0-9_]+]]: memref<16xf32>)
// KEEP-NEXT:    fp8.observe %[[M]] {id = "m"} : memref<16xf32>
// KEEP-NEXT:    return

// DROP-LABEL: func.func @observe_memref(
// DROP-NEXT:    return
func.func @observe_memref(%m: memref<16xf32>) {
  fp8.observe %m {id = "m"} : memref<16xf32>
  return
}
