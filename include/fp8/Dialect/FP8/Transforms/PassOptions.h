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

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <string>

namespace mlir::fp8 {

/// fp8-quantize's `accumulator`: the acc_type of the fp8.scaled_matmul ops
/// that fp8-fuse makes of the quantized contractions.
enum class Accumulator { f32, f16, bf16 };

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

  /// Returns true on error, as llvm::cl parsers do.
  bool parse(llvm::cl::Option &option, llvm::StringRef, llvm::StringRef arg,
             EnumT &value) {
    for (const OptionInfo &info : Values) {
      if (info.Name == arg) {
        value = info.V.getValue();
        return false;
      }
    }
    std::string expected;
    for (unsigned i = 0, e = Values.size(); i < e; ++i)
      expected += (i == 0 ? "" : i + 1 == e ? " or " : ", ") +
                  Values[i].Name.str();
    return option.error("'" + arg + "' is unknown; expected " + expected);
  }
};

} // namespace mlir::fp8

namespace llvm::cl {
template <>
class parser<mlir::fp8::Accumulator>
    : public mlir::fp8::EnumOptionParser<mlir::fp8::Accumulator> {
public:
  using EnumOptionParser::EnumOptionParser;
};
} // namespace llvm::cl

#endif // FP8_DIALECT_FP8_TRANSFORMS_PASSOPTIONS_H
