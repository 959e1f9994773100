//===- JSONSupport.h - reading the project's JSON files ---------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the calibration table and the tuning recipe share: a parser whose
// errors name the file, line and column in our own words (llvm::json's
// message text is not an interface), typed field access with messages that
// name the field, and the table's JSON as a value of a larger document.
// Internal to FP8Calibration.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_LIB_CALIBRATION_JSONSUPPORT_H
#define FP8_LIB_CALIBRATION_JSONSUPPORT_H

#include "fp8/Calibration/Statistics.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>

namespace fp8::calibration::json_support {

llvm::Error makeError(const llvm::Twine &message);

/// The shortest decimal that reads back as exactly `value`.
std::string formatDouble(double value);

/// json::Value::getAsInteger minus its undefined behaviour at 2^63.
std::optional<int64_t> readInteger(const llvm::json::Value &value);

/// How a JSON value reads in a message ("the string \"x\"", "an array").
std::string describe(const llvm::json::Value &value);

/// Parses `text`. Syntax errors read "<source>:<line>:<column>: malformed
/// JSON: <what>" (1-based, located by our own scan); a key given twice in
/// one object (llvm::json keeps the last one in silence) reads
/// "<source>:<line>:<column>: duplicate key \"<key>\"".
llvm::Expected<llvm::json::Value> parse(llvm::StringRef text,
                                        llvm::StringRef source);

/// Reads the fields of one JSON object; `fail` adds the context (file,
/// tensor id) and `prefix` names nested fields ("histogram.").
class FieldReader {
public:
  using Fail = llvm::function_ref<llvm::Error(const llvm::Twine &)>;

  FieldReader(const llvm::json::Object &object, Fail fail,
              llvm::StringRef prefix)
      : object(object), fail(fail), prefix(prefix) {}

  /// Every key must be one of `known` (a misspelt field would otherwise be
  /// ignored); the first unknown key in sorted order is reported.
  llvm::Error rejectUnknown(llvm::ArrayRef<llvm::StringRef> known) const;
  llvm::Expected<const llvm::json::Value *> get(llvm::StringRef key) const;
  /// A finite number.
  llvm::Expected<double> finiteNumber(llvm::StringRef key) const;
  /// A non-negative integer; an absent optional field reads as 0.
  llvm::Expected<int64_t> count(llvm::StringRef key,
                                bool optional = false) const;
  llvm::Expected<int64_t> checkCount(const llvm::json::Value &value,
                                     const llvm::Twine &name) const;
  llvm::Expected<const llvm::json::Object *>
  objectField(llvm::StringRef key) const;
  llvm::Expected<const llvm::json::Array *>
  arrayField(llvm::StringRef key) const;
  llvm::Expected<llvm::StringRef> stringField(llvm::StringRef key) const;

private:
  const llvm::json::Object &object;
  Fail fail;
  llvm::StringRef prefix;
};

/// The "format" and "version" fields that open each of our JSON files:
/// the version, when the format is `formatName` and the version one of
/// `versions`; else an error through `fail` saying the file is not `what`
/// ("a recipe") or which versions this build reads.
llvm::Expected<int64_t> readFormatAndVersion(const llvm::json::Object &object,
                                             llvm::StringRef formatName,
                                             llvm::StringRef what,
                                             llvm::ArrayRef<int64_t> versions,
                                             FieldReader::Fail fail);

/// A calibration table from its parsed JSON; messages go through `fail`
/// (which adds the source).
llvm::Expected<CalibrationTable>
parseCalibrationTable(const llvm::json::Value &root, FieldReader::Fail fail);

/// Writes `table` as a JSON object value into `json`.
void writeCalibrationTable(llvm::json::OStream &json,
                           const CalibrationTable &table);

/// Writes `text` to `path` through a temporary file and a rename, so a
/// failure never leaves a partial file; `what` names the file in messages.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef text,
                                llvm::StringRef what);

} // namespace fp8::calibration::json_support

/// Propagates the error of an Expected out of the enclosing function.
#define FP8_ASSIGN_OR_RETURN(lhs, expr)                                        \
  auto lhs##OrError = (expr);                                                  \
  if (!lhs##OrError)                                                           \
    return lhs##OrError.takeError();                                           \
  auto lhs = *lhs##OrError

#endif // FP8_LIB_CALIBRATION_JSONSUPPORT_H
