// RUN: fp8-opt %s --convert-fp8-to-linalg="observers-to-runtime" -split-input-file | FileCheck %s
// RUN: not fp8-opt %s --convert-fp8-to-linalg="observers-to-runtime drop-observers" -split-input-file 2>&1 | FileCheck %s --check-prefix=ERR

// fp8.observe becomes a call of the calibration runtime hook for its element
// type, with the tensor id as i8 bytes; the hooks are declared once, read-only
// for bufferization, with the C interface.

// CHECK-DAG:   func.func private @fp8_runtime_observe_f32(tensor<*xf32> {bufferization.access = "read"}, tensor<*xi8> {bufferization.access = "read"}) attributes {llvm.emit_c_interface}
// CHECK-DAG:   func.func private @fp8_runtime_observe_bf16(tensor<*xbf16> {bufferization.access = "read"}, tensor<*xi8> {bufferization.access = "read"}) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @observe(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4xf32>, %[[Y:[a-z0-9_]+]]: tensor<2xbf16>, %[[Z:[a-z0-9_]+]]: tensor<3xf32>)
// CHECK:         %[[ID:.+]] = arith.constant dense<[102, 99, 49, 47, 108, 104, 115]> : tensor<7xi8>
// CHECK:         %[[XU:.+]] = tensor.cast %[[X]] : tensor<4xf32> to tensor<*xf32>
// CHECK:         %[[IDU:.+]] = tensor.cast %[[ID]] : tensor<7xi8> to tensor<*xi8>
// CHECK:         call @fp8_runtime_observe_f32(%[[XU]], %[[IDU]])
// CHECK:         call @fp8_runtime_observe_bf16(
// CHECK:         call @fp8_runtime_observe_f32(
// CHECK-NOT:     fp8.observe
// CHECK:         return %[[X]], %[[Y]], %[[Z]]
func.func @observe(%x: tensor<4xf32>, %y: tensor<2xbf16>, %z: tensor<3xf32>) -> (tensor<4xf32>, tensor<2xbf16>, tensor<3xf32>) {
  %a = fp8.observe %x {id = "fc1/lhs"} : tensor<4xf32>
  %b = fp8.observe %y {id = "y"} : tensor<2xbf16>
  %c = fp8.observe %z {id = "z"} : tensor<3xf32>
  return %a, %b, %c : tensor<4xf32>, tensor<2xbf16>, tensor<3xf32>
}

// ERR: error: convert-fp8-to-linalg: drop-observers and observers-to-runtime exclude each other
