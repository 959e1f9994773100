//===- PassOptions.h - targets and chips of the fp8 lowerings ---*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CPU targets and GPU chips that the conversion passes and pipelines
// take, each an enum with one table of names. The passes' options are typed
// by the enums (their llvm::cl values come from the tables, so --help and
// the error for a bad value name every valid one); the pipelines, whose
// options are strings that tools fill in, parse them with the same tables.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_PASSOPTIONS_H
#define FP8_CONVERSION_PASSOPTIONS_H

#include "fp8/Dialect/FP8/Transforms/PassOptions.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::fp8 {

/// `target` of convert-fp8-to-vector and the fp8-vectorize-* passes: the
/// vector width and kernels; `host` is the fastest the compiling CPU has.
enum class CPUTargetKind { host, generic, avx512, avx512fp16, avx512bf16, amx };
/// `chip` of convert-fp8-to-nvvm.
enum class NVVMChip { sm_89, sm_90a };
/// `chip` of convert-fp8-to-rocdl.
enum class ROCDLChip { gfx942, gfx950 };

/// One row of an enum's table of names.
template <typename EnumT> struct EnumName {
  EnumT value;
  llvm::StringLiteral name;
  llvm::StringLiteral help;
};

inline constexpr EnumName<CPUTargetKind> kCPUTargetNames[] = {
    {CPUTargetKind::host, "host",
     "the fastest the compiling CPU has (never amx)"},
    {CPUTargetKind::generic, "generic", "8 f32 lanes, portable"},
    {CPUTargetKind::avx512, "avx512", "16 f32 lanes (AVX-512F)"},
    {CPUTargetKind::avx512fp16, "avx512fp16",
     "avx512 with 32 f16 lanes for f16 accumulation"},
    {CPUTargetKind::avx512bf16, "avx512bf16",
     "avx512 with VDPBF16PS for f32 accumulation"},
    {CPUTargetKind::amx, "amx", "AMX bf16 tiles for f32 accumulation"},
};

inline constexpr EnumName<NVVMChip> kNVVMChipNames[] = {
    {NVVMChip::sm_89, "sm_89", "Ada: mma.sync FP8"},
    {NVVMChip::sm_90a, "sm_90a", "Hopper: wgmma FP8"},
};

inline constexpr EnumName<ROCDLChip> kROCDLChipNames[] = {
    {ROCDLChip::gfx942, "gfx942", "CDNA3, FNUZ FP8"},
    {ROCDLChip::gfx950, "gfx950", "CDNA4, OCP FP8 and MX scaled MFMA"},
};

/// An llvm::cl modifier (as llvm::cl::values) that adds every row of
/// `table` to an enum option: Passes.td names it as the option's values.
template <typename EnumT, size_t N> class EnumOptionValues {
public:
  explicit constexpr EnumOptionValues(const EnumName<EnumT> (&table)[N])
      : table(table) {}
  template <typename OptT> void apply(OptT &option) const {
    for (const EnumName<EnumT> &row : table)
      option.getParser().addLiteralOption(row.name, row.value, row.help);
  }

private:
  const EnumName<EnumT> (&table)[N];
};

template <typename EnumT, size_t N>
constexpr EnumOptionValues<EnumT, N>
enumOptionValues(const EnumName<EnumT> (&table)[N]) {
  return EnumOptionValues<EnumT, N>(table);
}

/// The value named `name` in `table`, if any.
template <typename EnumT, size_t N>
std::optional<EnumT> symbolizeEnum(const EnumName<EnumT> (&table)[N],
                                   llvm::StringRef name) {
  for (const EnumName<EnumT> &row : table)
    if (row.name == name)
      return row.value;
  return std::nullopt;
}

/// The name of `value` in `table`.
template <typename EnumT, size_t N>
llvm::StringRef stringifyEnum(const EnumName<EnumT> (&table)[N], EnumT value) {
  for (const EnumName<EnumT> &row : table)
    if (row.value == value)
      return row.name;
  return "";
}

/// "a, b or c": the names of `table` for error messages.
template <typename EnumT, size_t N>
std::string enumNameList(const EnumName<EnumT> (&table)[N]) {
  std::string list;
  for (size_t i = 0; i < N; ++i)
    list += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + table[i].name.str();
  return list;
}

inline std::optional<CPUTargetKind> symbolizeCPUTarget(llvm::StringRef name) {
  return symbolizeEnum(kCPUTargetNames, name);
}
inline llvm::StringRef stringifyCPUTarget(CPUTargetKind kind) {
  return stringifyEnum(kCPUTargetNames, kind);
}
inline std::optional<NVVMChip> symbolizeNVVMChip(llvm::StringRef name) {
  return symbolizeEnum(kNVVMChipNames, name);
}
inline llvm::StringRef stringifyNVVMChip(NVVMChip chip) {
  return stringifyEnum(kNVVMChipNames, chip);
}
inline std::optional<ROCDLChip> symbolizeROCDLChip(llvm::StringRef name) {
  return symbolizeEnum(kROCDLChipNames, name);
}
inline llvm::StringRef stringifyROCDLChip(ROCDLChip chip) {
  return stringifyEnum(kROCDLChipNames, chip);
}

} // namespace mlir::fp8

namespace llvm::cl {
template <>
class parser<mlir::fp8::CPUTargetKind>
    : public mlir::fp8::EnumOptionParser<mlir::fp8::CPUTargetKind> {
public:
  using EnumOptionParser::EnumOptionParser;
};
template <>
class parser<mlir::fp8::NVVMChip>
    : public mlir::fp8::EnumOptionParser<mlir::fp8::NVVMChip> {
public:
  using EnumOptionParser::EnumOptionParser;
};
template <>
class parser<mlir::fp8::ROCDLChip>
    : public mlir::fp8::EnumOptionParser<mlir::fp8::ROCDLChip> {
public:
  using EnumOptionParser::EnumOptionParser;
};
} // namespace llvm::cl

#endif // FP8_CONVERSION_PASSOPTIONS_H
