//===- Modules.cpp - the MLIR text of fp8-sweep's cases -------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What fp8-sweep compiles for a case (kernelModule) and what it writes for a
// failing one (reproducerModule), both around the same op text.
//
//===----------------------------------------------------------------------===//

#include "Cases.h"

#include <algorithm>
#include <sstream>

using namespace fp8;
using namespace fp8::sweep;

/// The op of `c` on the tensors named by `value(operand index)`, with
/// results named %r0, %r1.
static std::string opText(const Case &c, const std::vector<Operand> &operands,
                          const std::vector<std::string> &values) {
  std::ostringstream os;
  auto type = [&](size_t i) { return operands[i].tensorType(); };
  switch (c.op) {
  case OpKind::ScaledMatmul: {
    size_t initIndex = c.bias ? 5 : 4;
    os << "    %r0 = fp8.scaled_matmul " << values[0] << ", " << values[1]
       << " scales(" << values[2] << ", " << values[3] << ")";
    if (c.bias)
      os << " bias(" << values[4] << " : " << type(4) << ")";
    os << " into " << values[initIndex]
       << " {acc_type = " << floatKindName(c.accumulator)
       << ", b_layout = #fp8.layout<" << (c.transposedB ? "nk" : "kn")
       << ">, chunk = " << c.chunk << " : i64} : " << type(0) << ", " << type(1)
       << ", " << type(2) << ", " << type(3) << " into " << type(initIndex)
       << "\n";
    break;
  }
  case OpKind::Quantize:
    os << "    %e0 = tensor.empty() : " << type(2) << "\n"
       << "    %r0 = fp8.quantize " << values[0] << ", " << values[1]
       << " into %e0 {rounding = #fp8.rounding<"
       << (c.rounding == 0   ? "nearest_even"
           : c.rounding == 1 ? "stochastic"
                             : "toward_zero")
       << ">, saturate = " << (c.saturate ? "true" : "false")
       << (c.rounding == 1
               ? ", seed = " + std::to_string(c.seed % 1000) + " : i64"
               : "")
       << "} : " << type(0) << ", " << type(1) << " into " << type(2) << "\n";
    break;
  case OpKind::Dequantize:
    os << "    %e0 = tensor.empty() : " << type(2) << "\n"
       << "    %r0 = fp8.dequantize " << values[0] << ", " << values[1]
       << " into %e0 : " << type(0) << ", " << type(1) << " into " << type(2)
       << "\n";
    break;
  case OpKind::DynamicQuantize:
    os << "    %e0 = tensor.empty() : " << type(1) << "\n"
       << "    %e1 = tensor.empty() : " << type(2) << "\n"
       << "    %r0, %r1 = fp8.dynamic_quantize " << values[0]
       << " into %e0, %e1 {margin = " << c.margin
       << " : i64, pow2_scale = " << (c.pow2Scale ? "true" : "false")
       << "} : " << type(0) << " into " << type(1) << ", " << type(2) << "\n";
    break;
  }
  return os.str();
}

/// `  %<name> = arith.constant dense<"0x<bytes>"> : <tensor type>`.
static std::string constantText(const std::string &name, const Operand &operand,
                                const std::vector<uint8_t> &bytes) {
  static const char *hex = "0123456789ABCDEF";
  std::string text;
  for (uint8_t byte : bytes) {
    text += hex[byte >> 4];
    text += hex[byte & 15];
  }
  return "  " + name + " = arith.constant dense<\"0x" + text +
         "\"> : " + operand.tensorType() + "\n";
}

std::string fp8::sweep::kernelModule(const Case &c) {
  std::vector<Operand> operands = operandsOf(c);
  std::vector<std::vector<uint8_t>> inputs = makeInputs(c);
  std::ostringstream os;
  os << "module {\n  func.func @kernel(";
  bool first = true;
  for (const Operand &operand : operands) {
    if (operand.isConstant)
      continue;
    os << (first ? "" : ", ") << "%" << operand.name << ": "
       << operand.memrefType();
    first = false;
  }
  os << ") attributes {llvm.emit_c_interface} {\n";
  std::vector<std::string> values;
  size_t input = 0;
  for (const Operand &operand : operands) {
    if (operand.isResult)
      continue;
    const std::vector<uint8_t> &bytes = inputs[input++];
    values.push_back("%" + operand.name + "_t");
    if (operand.isConstant) {
      os << "  " << constantText(values.back(), operand, bytes);
      continue;
    }
    os << "    " << values.back() << " = bufferization.to_tensor %"
       << operand.name << " restrict : " << operand.memrefType() << " to "
       << operand.tensorType() << "\n";
  }
  os << opText(c, operands, values);
  int result = 0;
  for (const Operand &operand : operands)
    if (operand.isResult)
      os << "    bufferization.materialize_in_destination %r" << result++
         << " in restrict writable %" << operand.name << " : ("
         << operand.tensorType() << ", " << operand.memrefType() << ") -> ()\n";
  os << "    return\n  }\n}\n";
  return os.str();
}

std::string
fp8::sweep::reproducerModule(const Case &c,
                             const std::vector<std::vector<uint8_t>> &inputs) {
  std::vector<Operand> operands = operandsOf(c);
  std::ostringstream os;
  // @kernel on tensors.
  os << "func.func @kernel(";
  std::vector<std::string> values;
  std::string resultTypes, constants;
  size_t input = 0;
  bool first = true;
  for (const Operand &operand : operands) {
    if (operand.isResult) {
      resultTypes += (resultTypes.empty() ? "" : ", ") + operand.tensorType();
      continue;
    }
    values.push_back("%" + operand.name);
    if (operand.isConstant) {
      constants += "  " + constantText(values.back(), operand, inputs[input++]);
      continue;
    }
    ++input;
    os << (first ? "" : ", ") << "%" << operand.name << ": "
       << operand.tensorType();
    first = false;
  }
  os << ") -> (" << resultTypes << ") {\n"
     << constants << opText(c, operands, values) << "    return %r0"
     << (c.op == OpKind::DynamicQuantize ? ", %r1" : "") << " : " << resultTypes
     << "\n}\n";
  bool constantsExpressible =
      std::none_of(operands.begin(), operands.end(),
                   [](const Operand &o) { return o.elementType[0] == '!'; });
  if (!constantsExpressible) {
    os << "// @main is left out: !fp8.e3m4fn has no dense constant form.\n";
    return os.str();
  }
  // @main: the inputs as hex constants, the results printed.
  os << "\nfunc.func private @printMemrefI32(memref<*xi32>)\n\n"
        "func.func @main() {\n";
  input = 0;
  std::vector<std::string> arguments;
  for (const Operand &operand : operands) {
    if (operand.isResult)
      continue;
    const std::vector<uint8_t> &bytes = inputs[input++];
    if (operand.isConstant)
      continue;
    os << constantText("%" + operand.name, operand, bytes);
    arguments.push_back("%" + operand.name);
  }
  os << "  %results:" << (c.op == OpKind::DynamicQuantize ? 2 : 1)
     << " = func.call @kernel(";
  for (size_t i = 0; i < arguments.size(); ++i)
    os << (i ? ", " : "") << arguments[i];
  os << ") : (";
  first = true;
  for (const Operand &operand : operands)
    if (!operand.isResult && !operand.isConstant) {
      os << (first ? "" : ", ") << operand.tensorType();
      first = false;
    }
  os << ") -> (" << resultTypes << ")\n";
  int result = 0;
  for (const Operand &operand : operands) {
    if (!operand.isResult)
      continue;
    std::string shape = shapeText(operand.shape);
    std::string value = "%results#" + std::to_string(result);
    std::string name = "%p" + std::to_string(result);
    // The results' bits, exactly (printMemrefF32 would round them).
    const bool isF32 = operand.elementType == "f32";
    const bool isHalf =
        operand.elementType == "f16" || operand.elementType == "bf16";
    os << "  %w" << result << " = tensor.empty() : tensor<" << shape << "i32>\n"
       << "  " << name
       << " = linalg.generic {indexing_maps = "
          "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, "
          "d1)>], iterator_types = [\"parallel\", \"parallel\"]} ins("
       << value << " : " << operand.tensorType() << ") outs(%w" << result
       << " : tensor<" << shape << "i32>) {\n"
       << "  ^bb0(%in: " << operand.elementType << ", %out: i32):\n";
    if (isF32)
      os << "    %bits = arith.bitcast %in : f32 to i32\n"
            "    linalg.yield %bits : i32\n";
    else
      os << "    %bits = arith.bitcast %in : " << operand.elementType << " to i"
         << (isHalf ? 16 : 8) << "\n    %wide = arith.extui %bits : i"
         << (isHalf ? 16 : 8) << " to i32\n    linalg.yield %wide : i32\n";
    os << "  } -> tensor<" << shape << "i32>\n"
       << "  %m" << result << " = bufferization.to_buffer " << name
       << " : tensor<" << shape << "i32> to memref<" << shape << "i32>\n"
       << "  %u" << result << " = memref.cast %m" << result << " : memref<"
       << shape << "i32> to memref<*xi32>\n"
       << "  call @printMemrefI32(%u" << result
       << ") : (memref<*xi32>) -> ()\n";
    ++result;
  }
  os << "  return\n}\n";
  return os.str();
}
