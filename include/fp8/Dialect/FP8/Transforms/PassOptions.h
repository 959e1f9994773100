//===- PassOptions.h - enum-typed options of the fp8 passes -----*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Options whose values are a fixed set of names are enums with their names
// in one llvm::cl::values table (Passes.td): parsing, --help and the error
// for a bad value all come from it. llvm::cl's own enum parser only says
// "Cannot find option named 'x'!"; EnumOptionParser also says which names
// are valid.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_TRANSFORMS_PASSOPTIONS_H
#define FP8_DIALECT_FP8_TRANSFORMS_PASSOPTIONS_H

#include "fp8/Calibration/Methods.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

namespace mlir::fp8 {

/// fp8-quantize's `accumulator`: the acc_type of the fp8.scaled_matmul ops
/// that fp8-fuse makes of the quantized contractions.
enum class Accumulator { f32, f16, bf16 };

/// fp8-quantize's `weight-format` and `activation-format`: the FP8 formats
/// in ::fp8::FormatKind's order, then the INT8 baseline.
enum class QuantizedFormat {
  e4m3,
  e5m2,
  e3m4,
  e3m4fn,
  e4m3fnuz,
  e5m2fnuz,
  e4m3ieee,
  e4m3b11fnuz,
  int8,
};

/// Operator sets of Shen et al. 2023 / Intel Neural Compressor
/// (fp8-quantize's and fp8-insert-observers' `scheme`).
enum class QuantizationScheme {
  /// matmul, batch_matmul, transposed matmuls, 2-D convolutions (NCHW and
  /// NHWC), embedding lookups (the table).
  Standard,
  /// Standard plus layer/batch normalization inputs and elementwise add/mul.
  Extended,
};

/// fp8-quantize's `mode`: calibrated activation scales, or scales computed
/// at run time.
enum class QuantizationMode { Static, Dynamic };

/// fp8-quantize's `weight-granularity`.
enum class WeightGranularity { Tensor, Channel, Block };

/// The names the options use ("standard", "static", "channel", ...).
llvm::StringRef stringifyQuantizationScheme(QuantizationScheme scheme);
llvm::StringRef stringifyWeightGranularity(WeightGranularity granularity);

/// An llvm::cl parser for an enum option, filled by llvm::cl::values like
/// llvm::cl::parser<EnumT>, whose error names the accepted values. `Values`
/// and its members `Name` and `V` are the names MLIR's pass options read
/// (to print an option's value as its name).
template <typename EnumT>
class EnumOptionParser : public llvm::cl::generic_parser_base {
protected:
  struct OptionInfo : public GenericOptionInfo {
    OptionInfo(llvm::StringRef name, EnumT value, llvm::StringRef help)
        : GenericOptionInfo(name, help), V(value) {}
    llvm::cl::OptionValue<EnumT> V;
  };
  llvm::SmallVector<OptionInfo, 4> Values;

public:
  using parser_data_type = EnumT;

  explicit EnumOptionParser(llvm::cl::Option &option)
      : generic_parser_base(option) {}

  unsigned getNumOptions() const override { return Values.size(); }
  llvm::StringRef getOption(unsigned n) const override {
    return Values[n].Name;
  }
  llvm::StringRef getDescription(unsigned n) const override {
    return Values[n].HelpStr;
  }
  const llvm::cl::GenericOptionValue &
  getOptionValue(unsigned n) const override {
    return Values[n].V;
  }

  /// Called by llvm::cl::values for each entry.
  template <typename ValueT>
  void addLiteralOption(llvm::StringRef name, const ValueT &value,
                        llvm::StringRef help) {
    Values.emplace_back(name, static_cast<EnumT>(value), help);
    llvm::cl::AddLiteralOption(Owner, name);
  }

  /// The value named `name`, if one is.
  std::optional<EnumT> lookup(llvm::StringRef name) const {
    for (const OptionInfo &info : Values)
      if (info.Name == name)
        return info.V.getValue();
    return std::nullopt;
  }

  /// "a, b or c": the accepted names, for messages.
  std::string expectedNames() const {
    std::string expected;
    for (unsigned i = 0, e = Values.size(); i < e; ++i)
      expected += (i == 0       ? ""
                   : i + 1 == e ? " or "
                                : ", ") +
                  Values[i].Name.str();
    return expected;
  }

  /// Returns true on error, as llvm::cl parsers do.
  bool parse(llvm::cl::Option &option, llvm::StringRef, llvm::StringRef arg,
             EnumT &value) {
    if (std::optional<EnumT> found = lookup(arg)) {
      value = *found;
      return false;
    }
    return option.error("'" + arg + "' is unknown; expected " +
                        expectedNames());
  }
};

} // namespace mlir::fp8

/// Every enum-typed option parses with EnumOptionParser.
#define FP8_ENUM_OPTION_PARSER(EnumT)                                          \
  template <>                                                                  \
  class parser<EnumT> : public mlir::fp8::EnumOptionParser<EnumT> {            \
  public:                                                                      \
    using EnumOptionParser::EnumOptionParser;                                  \
  };

namespace llvm::cl {
FP8_ENUM_OPTION_PARSER(mlir::fp8::Accumulator)
FP8_ENUM_OPTION_PARSER(mlir::fp8::QuantizedFormat)
FP8_ENUM_OPTION_PARSER(mlir::fp8::QuantizationScheme)
FP8_ENUM_OPTION_PARSER(mlir::fp8::QuantizationMode)
FP8_ENUM_OPTION_PARSER(mlir::fp8::WeightGranularity)
FP8_ENUM_OPTION_PARSER(::fp8::calibration::Method)
} // namespace llvm::cl

#undef FP8_ENUM_OPTION_PARSER

/// The values of weight-format and activation-format, one table for both
/// (Passes.td names it in each option).
#define FP8_QUANTIZED_FORMAT_VALUES                                            \
  ::llvm::cl::values(                                                          \
      clEnumValN(::mlir::fp8::QuantizedFormat::e4m3, "e4m3",                   \
                 "f8E4M3FN, OCP (max 448)"),                                   \
      clEnumValN(::mlir::fp8::QuantizedFormat::e5m2, "e5m2",                   \
                 "f8E5M2, OCP (max 57344)"),                                   \
      clEnumValN(::mlir::fp8::QuantizedFormat::e3m4, "e3m4",                   \
                 "f8E3M4, IEEE-like (max 15.5)"),                              \
      clEnumValN(::mlir::fp8::QuantizedFormat::e3m4fn, "e3m4fn",               \
                 "!fp8.e3m4fn, Shen et al.'s E3M4 (max 30)"),                  \
      clEnumValN(::mlir::fp8::QuantizedFormat::e4m3fnuz, "e4m3fnuz",           \
                 "f8E4M3FNUZ, AMD gfx942 (max 240)"),                          \
      clEnumValN(::mlir::fp8::QuantizedFormat::e5m2fnuz, "e5m2fnuz",           \
                 "f8E5M2FNUZ, AMD gfx942 (max 57344)"),                        \
      clEnumValN(::mlir::fp8::QuantizedFormat::e4m3ieee, "e4m3ieee",           \
                 "f8E4M3, IEEE-like (max 240)"),                               \
      clEnumValN(::mlir::fp8::QuantizedFormat::e4m3b11fnuz, "e4m3b11fnuz",     \
                 "f8E4M3B11FNUZ (max 30)"),                                    \
      clEnumValN(::mlir::fp8::QuantizedFormat::int8, "int8",                   \
                 "the INT8 baseline, weights and activations together"))

#endif // FP8_DIALECT_FP8_TRANSFORMS_PASSOPTIONS_H
