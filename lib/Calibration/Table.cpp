//===- Table.cpp - calibration table JSON and files -----------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The JSON of DESIGN.md section 5 (docs/Calibration.md lists every check of
// fromJSON), and atomic file output.
//
//===----------------------------------------------------------------------===//

#include "fp8/Calibration/Statistics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <cmath>

using namespace fp8::calibration;
using llvm::StringRef;
using llvm::Twine;

namespace {
constexpr StringRef kFormatName = "fp8-calibration";
} // namespace

//===----------------------------------------------------------------------===//
// JSON output
//===----------------------------------------------------------------------===//

namespace {
/// The shortest decimal that reads back as exactly `value` (std::to_chars
/// guarantees the round trip; %.17g would too, but with noise digits).
std::string formatDouble(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

void writeDouble(llvm::json::OStream &json, StringRef key, double value) {
  json.attributeBegin(key);
  json.rawValue(formatDouble(value));
  json.attributeEnd();
}

void writeTensor(llvm::json::OStream &json, const TensorStatistics &stats,
                 const Shape *shape) {
  if (shape) {
    // On one line, like the counts: [4, 784], ["?", 784].
    json.attributeBegin("shape");
    json.rawValue([&](llvm::raw_ostream &out) {
      out << '[';
      for (size_t i = 0; i < shape->size(); ++i) {
        if (i)
          out << ", ";
        if ((*shape)[i] == kDynamicDim)
          out << "\"?\"";
        else
          out << (*shape)[i];
      }
      out << ']';
    });
    json.attributeEnd();
  }
  writeDouble(json, "min", stats.min);
  writeDouble(json, "max", stats.max);
  writeDouble(json, "amax", stats.amax());
  json.attribute("count", stats.count);
  json.attribute("nan_count", stats.nanCount);
  json.attribute("inf_count", stats.infCount);
  json.attributeObject("histogram", [&] {
    writeDouble(json, "max", stats.histogramMax);
    // One line for the counts: 2048 lines per tensor would bury the
    // statistics people read.
    json.attributeBegin("counts");
    json.rawValue([&](llvm::raw_ostream &out) {
      out << '[';
      for (int i = 0; i < kHistogramBins; ++i) {
        if (i)
          out << ", ";
        out << (static_cast<size_t>(i) < stats.histogram.size()
                    ? stats.histogram[i]
                    : 0);
      }
      out << ']';
    });
    json.attributeEnd();
  });
}
} // namespace

std::string CalibrationTable::toJSON() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  // Keys in a fixed order (std::map sorts tensor ids), so equal tables give
  // equal files.
  json.object([&] {
    // Without a fingerprint the table is what version 1 describes.
    bool fingerprint = hasFingerprint();
    json.attribute("format", kFormatName);
    json.attribute("version", fingerprint ? kVersion : 1);
    json.attribute("samples", samples);
    if (fingerprint && !scheme.empty())
      json.attribute("scheme", scheme);
    json.attributeObject("tensors", [&] {
      for (const auto &[id, stats] : tensors) {
        auto shape = shapes.find(id);
        json.attributeObject(id, [&, &stats = stats] {
          writeTensor(json, stats,
                      fingerprint && shape != shapes.end() ? &shape->second
                                                           : nullptr);
        });
      }
    });
  });
  os << '\n';
  return text;
}

//===----------------------------------------------------------------------===//
// JSON input and validation
//===----------------------------------------------------------------------===//

namespace {
llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// json::Value::getAsInteger minus its undefined behaviour: LLVM's bound
/// check admits the double 2^63 (double(INT64_MAX) rounds up to it), which
/// it then converts to int64_t. Integer literals read as before.
std::optional<int64_t> readInteger(const llvm::json::Value &value) {
  std::optional<double> number = value.getAsNumber();
  if (number && *number >= 0x1p63 && !value.getAsUINT64())
    return std::nullopt;
  return value.getAsInteger();
}

/// How a JSON value reads in a message.
std::string describe(const llvm::json::Value &value) {
  switch (value.kind()) {
  case llvm::json::Value::Null:
    return "null";
  case llvm::json::Value::Boolean:
    return *value.getAsBoolean() ? "true" : "false";
  case llvm::json::Value::Number:
    if (std::optional<int64_t> integer = readInteger(value))
      return std::to_string(*integer);
    return formatDouble(*value.getAsNumber());
  case llvm::json::Value::String:
    return ("the string \"" + *value.getAsString() + "\"").str();
  case llvm::json::Value::Array:
    return "an array";
  case llvm::json::Value::Object:
    return "an object";
  }
  return "a value";
}

/// "<source>:<line>:<column>: malformed JSON: <message>" from llvm::json's
/// "[line:column, byte=offset]: message".
llvm::Error malformedJSON(StringRef source, llvm::Error error) {
  std::string text = llvm::toString(std::move(error));
  StringRef rest = text;
  StringRef line, column;
  if (rest.consume_front("[")) {
    std::tie(line, rest) = rest.split(':');
    std::tie(column, rest) = rest.split(',');
    size_t colon = rest.find("]: ");
    if (colon != StringRef::npos && !line.empty() && !column.empty() &&
        llvm::all_of(line, llvm::isDigit) &&
        llvm::all_of(column, llvm::isDigit))
      return makeError(source + ":" + line + ":" + column +
                       ": malformed JSON: " + rest.drop_front(colon + 3));
  }
  return makeError(source + ": malformed JSON: " + text);
}

/// llvm::json keeps the last of duplicate keys; a table with an id twice
/// (two tables pasted together) must not lose one silently. Scans text that
/// already parsed, comparing keys as written (escapes not decoded).
llvm::Error checkDuplicateKeys(StringRef text, StringRef source) {
  struct Level {
    bool isObject;
    bool expectingKey;
    llvm::StringSet<> keys;
  };
  std::vector<Level> levels;
  unsigned line = 1, column = 1;
  for (size_t i = 0; i < text.size(); ++i, ++column) {
    char c = text[i];
    switch (c) {
    case '\n':
      ++line;
      column = 0;
      break;
    case '{':
    case '[':
      levels.push_back({c == '{', c == '{', {}});
      break;
    case '}':
    case ']':
      if (!levels.empty())
        levels.pop_back();
      break;
    case ',':
      if (!levels.empty() && levels.back().isObject)
        levels.back().expectingKey = true;
      break;
    case '"': {
      size_t start = i + 1, end = start;
      while (end < text.size() && text[end] != '"')
        end += text[end] == '\\' ? 2 : 1;
      StringRef key = text.slice(start, end);
      if (!levels.empty() && levels.back().expectingKey) {
        levels.back().expectingKey = false;
        if (!levels.back().keys.insert(key).second)
          return makeError(source + ":" + Twine(line) + ":" + Twine(column) +
                           ": duplicate key \"" + key + "\"");
      }
      column += end - i;
      i = end;
      break;
    }
    default:
      break;
    }
  }
  return llvm::Error::success();
}

/// Reads the fields of one JSON object; `fail` prefixes the context (file,
/// tensor id) and `prefix` names nested fields ("histogram.").
class FieldReader {
public:
  using Fail = llvm::function_ref<llvm::Error(const Twine &)>;

  FieldReader(const llvm::json::Object &object, Fail fail, StringRef prefix)
      : object(object), fail(fail), prefix(prefix) {}

  /// Every key must be one of `known`: a misspelt field would otherwise be
  /// ignored silently. Keys are checked in sorted order so the first error
  /// does not depend on hashing.
  llvm::Error rejectUnknown(llvm::ArrayRef<StringRef> known) const {
    std::vector<std::string> unknown;
    for (const auto &entry : object)
      if (!llvm::is_contained(known, StringRef(entry.first)))
        unknown.push_back(entry.first.str());
    if (unknown.empty())
      return llvm::Error::success();
    llvm::sort(unknown);
    return fail("unknown field \"" + prefix + unknown.front() +
                "\" (expected " + llvm::join(known, ", ") + ")");
  }

  llvm::Expected<const llvm::json::Value *> get(StringRef key) const {
    if (const llvm::json::Value *value = object.get(key))
      return value;
    return fail("missing field \"" + prefix + key + "\"");
  }

  /// A finite number. JSON has no NaN or infinity literals; a producer that
  /// wrote NaN as null or as a string, or an overflowing literal such as
  /// 1e999, ends up here.
  llvm::Expected<double> finiteNumber(StringRef key) const {
    llvm::Expected<const llvm::json::Value *> value = get(key);
    if (!value)
      return value.takeError();
    std::optional<double> number = (*value)->getAsNumber();
    if (!number)
      return fail("field \"" + prefix + key + "\" must be a number, got " +
                  describe(**value));
    if (!std::isfinite(*number))
      return fail("field \"" + prefix + key + "\" must be finite, got " +
                  formatDouble(*number));
    return *number;
  }

  /// A non-negative integer; absent optional fields read as 0.
  llvm::Expected<int64_t> count(StringRef key, bool optional = false) const {
    if (optional && !object.get(key))
      return 0;
    llvm::Expected<const llvm::json::Value *> value = get(key);
    if (!value)
      return value.takeError();
    return checkCount(**value, prefix + key);
  }

  llvm::Expected<int64_t> checkCount(const llvm::json::Value &value,
                                     const Twine &name) const {
    std::optional<int64_t> integer = readInteger(value);
    if (!integer)
      return fail("field \"" + name +
                  "\" must be a non-negative integer, got " + describe(value));
    if (*integer < 0)
      return fail("field \"" + name + "\" must not be negative, got " +
                  Twine(*integer));
    return *integer;
  }

  llvm::Expected<const llvm::json::Object *> objectField(StringRef key) const {
    llvm::Expected<const llvm::json::Value *> value = get(key);
    if (!value)
      return value.takeError();
    if (const llvm::json::Object *nested = (*value)->getAsObject())
      return nested;
    return fail("field \"" + prefix + key + "\" must be an object, got " +
                describe(**value));
  }

  llvm::Expected<const llvm::json::Array *> arrayField(StringRef key) const {
    llvm::Expected<const llvm::json::Value *> value = get(key);
    if (!value)
      return value.takeError();
    if (const llvm::json::Array *array = (*value)->getAsArray())
      return array;
    return fail("field \"" + prefix + key + "\" must be an array, got " +
                describe(**value));
  }

private:
  const llvm::json::Object &object;
  Fail fail;
  StringRef prefix;
};

/// Propagates the error of an Expected out of the enclosing function.
#define FP8_ASSIGN_OR_RETURN(lhs, expr)                                        \
  auto lhs##OrError = (expr);                                                  \
  if (!lhs##OrError)                                                           \
    return lhs##OrError.takeError();                                           \
  auto lhs = *lhs##OrError

/// The "shape" of a version-2 tensor: an array of non-negative integers and
/// "?" (a dimension that varied).
llvm::Expected<Shape> parseShape(const FieldReader &fields,
                                 FieldReader::Fail fail) {
  FP8_ASSIGN_OR_RETURN(array, fields.arrayField("shape"));
  Shape shape;
  for (size_t i = 0; i < array->size(); ++i) {
    const llvm::json::Value &dim = (*array)[i];
    if (dim.getAsString() == std::optional<StringRef>("?")) {
      shape.push_back(kDynamicDim);
      continue;
    }
    std::optional<int64_t> size = readInteger(dim);
    if (!size || *size < 0)
      return fail("field \"shape[" + Twine(i) +
                  "]\" must be a non-negative integer or \"?\", got " +
                  describe(dim));
    shape.push_back(*size);
  }
  return shape;
}

/// Parses and validates one tensor entry; `shape` is set when the table is
/// version 2 (then the field is required).
llvm::Expected<TensorStatistics> parseTensor(const llvm::json::Value &value,
                                             FieldReader::Fail fail,
                                             Shape *shape) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return fail("must be an object, got " + describe(value));
  FieldReader fields(*object, fail, "");
  std::vector<StringRef> known = {"min",       "max",       "amax",
                                  "count",     "nan_count", "inf_count",
                                  "histogram"};
  if (shape)
    known.insert(known.begin(), "shape");
  if (llvm::Error error = fields.rejectUnknown(known))
    return std::move(error);
  if (shape) {
    FP8_ASSIGN_OR_RETURN(parsed, parseShape(fields, fail));
    *shape = std::move(parsed);
  }

  TensorStatistics stats;
  FP8_ASSIGN_OR_RETURN(min, fields.finiteNumber("min"));
  FP8_ASSIGN_OR_RETURN(max, fields.finiteNumber("max"));
  FP8_ASSIGN_OR_RETURN(amax, fields.finiteNumber("amax"));
  FP8_ASSIGN_OR_RETURN(count, fields.count("count"));
  FP8_ASSIGN_OR_RETURN(nanCount, fields.count("nan_count", /*optional=*/true));
  FP8_ASSIGN_OR_RETURN(infCount, fields.count("inf_count", /*optional=*/true));
  stats.min = min + 0.0; // -0 reads as +0, as observe() records it
  stats.max = max + 0.0;
  stats.count = count;
  stats.nanCount = nanCount;
  stats.infCount = infCount;

  FP8_ASSIGN_OR_RETURN(histogram, fields.objectField("histogram"));
  FieldReader histogramFields(*histogram, fail, "histogram.");
  if (llvm::Error error = histogramFields.rejectUnknown({"max", "counts"}))
    return std::move(error);
  FP8_ASSIGN_OR_RETURN(histogramMax, histogramFields.finiteNumber("max"));
  FP8_ASSIGN_OR_RETURN(counts, histogramFields.arrayField("counts"));
  stats.histogramMax = histogramMax;

  // Statistics that contradict each other.
  if (min > max)
    return fail("min " + formatDouble(min) + " is greater than max " +
                formatDouble(max));
  if (count == 0 && (min != 0 || max != 0))
    return fail("min and max must be 0 when count is 0, got min " +
                formatDouble(min) + " and max " + formatDouble(max));
  if (amax != stats.amax())
    return fail("amax " + formatDouble(amax) +
                " is not max(|min|, |max|) = " + formatDouble(stats.amax()));

  // The histogram.
  if (counts->size() != static_cast<size_t>(kHistogramBins))
    return fail("field \"histogram.counts\" has " + Twine(counts->size()) +
                " entries, expected " + Twine(kHistogramBins));
  int64_t total = 0;
  int highestNonEmpty = -1;
  for (int i = 0; i < kHistogramBins; ++i) {
    llvm::Expected<int64_t> binCount = histogramFields.checkCount(
        (*counts)[i], "histogram.counts[" + Twine(i) + "]");
    if (!binCount)
      return binCount.takeError();
    stats.histogram[i] = *binCount;
    if (*binCount > count - total)
      return fail("histogram counts add up to more than count " + Twine(count));
    total += *binCount;
    if (*binCount)
      highestNonEmpty = i;
  }
  if (total != count)
    return fail("histogram counts add up to " + Twine(total) +
                ", but count is " + Twine(count));

  // The range is the canonical one, so that merges and further observation
  // stay exact and order independent.
  int mantissaExponent;
  bool powerOfTwo =
      histogramMax > 0 && std::frexp(histogramMax, &mantissaExponent) == 0.5;
  if (histogramMax != 0 && !powerOfTwo)
    return fail("histogram.max " + formatDouble(histogramMax) +
                " is neither 0 nor a power of two");
  double expectedMax = TensorStatistics::histogramMaxFor(stats.amax());
  if (histogramMax != expectedMax)
    return fail("histogram.max " + formatDouble(histogramMax) +
                " is not the smallest power of two above amax " +
                formatDouble(stats.amax()) + " (expected " +
                formatDouble(expectedMax) + ")");
  // Below 2^-1011 the bin width (histogram.max / 2048) is no longer a normal
  // double: bin edges round, down to 0 (amax / width was inf, converted to
  // int). Values observed in f32, f16 or bf16 are >= 2^-149.
  if (histogramMax != 0 && histogramMax < std::ldexp(1.0, -1011))
    return fail("histogram.max " + formatDouble(histogramMax) +
                " is below 2^-1011, too small for exact bins (amax " +
                formatDouble(stats.amax()) + ")");
  if (count > 0) {
    int amaxBin = histogramMax == 0
                      ? 0
                      : static_cast<int>(stats.amax() / stats.binWidth());
    if (highestNonEmpty != amaxBin)
      return fail("histogram is inconsistent with amax " +
                  formatDouble(stats.amax()) + ": its last non-empty bin is " +
                  Twine(highestNonEmpty) + ", but amax falls in bin " +
                  Twine(amaxBin));
  }
  return stats;
}
} // namespace

llvm::Expected<CalibrationTable> CalibrationTable::fromJSON(StringRef text,
                                                            StringRef source) {
  llvm::Expected<llvm::json::Value> root = llvm::json::parse(text);
  if (!root)
    return malformedJSON(source, root.takeError());
  if (llvm::Error error = checkDuplicateKeys(text, source))
    return std::move(error);

  auto fail = [&](const Twine &message) {
    return makeError(source + ": " + message);
  };
  const llvm::json::Object *object = root->getAsObject();
  if (!object)
    return fail("expected a JSON object at the top level, got " +
                describe(*root));

  // Format and version first: for another kind of file they are the only
  // useful message.
  const llvm::json::Value *format = object->get("format");
  if (!format)
    return fail("missing field \"format\" (expected \"" + kFormatName +
                "\"): not a calibration table");
  if (format->getAsString() != std::optional<StringRef>(kFormatName))
    return fail("field \"format\" is " + describe(*format) + ", expected \"" +
                kFormatName + "\": not a calibration table");
  const llvm::json::Value *version = object->get("version");
  if (!version)
    return fail("missing field \"version\" (this build reads versions 1 and " +
                Twine(kVersion) + ")");
  std::optional<int64_t> versionNumber = readInteger(*version);
  if (!versionNumber)
    return fail("field \"version\" must be an integer, got " +
                describe(*version) + " (this build reads versions 1 and " +
                Twine(kVersion) + ")");
  // Version 1 has no fingerprint; it still loads (fp8-quantize warns).
  if (*versionNumber != 1 && *versionNumber != kVersion)
    return fail("unsupported version " + Twine(*versionNumber) +
                " (this build reads versions 1 and " + Twine(kVersion) + ")");
  bool fingerprint = *versionNumber >= 2;

  FieldReader fields(*object, fail, "");
  std::vector<StringRef> known = {"format", "version", "samples", "tensors"};
  if (fingerprint)
    known.push_back("scheme");
  if (llvm::Error error = fields.rejectUnknown(known))
    return std::move(error);
  CalibrationTable table;
  FP8_ASSIGN_OR_RETURN(samples, fields.count("samples"));
  table.samples = samples;
  if (const llvm::json::Value *scheme = object->get("scheme")) {
    std::optional<StringRef> name = scheme->getAsString();
    if (name != std::optional<StringRef>("standard") &&
        name != std::optional<StringRef>("extended"))
      return fail("field \"scheme\" is " + describe(*scheme) +
                  ", expected \"standard\" or \"extended\"");
    table.scheme = name->str();
  }
  FP8_ASSIGN_OR_RETURN(tensors, fields.objectField("tensors"));

  // Sorted ids: the first error reported does not depend on hashing.
  std::vector<StringRef> ids;
  for (const auto &entry : *tensors)
    ids.push_back(entry.first);
  llvm::sort(ids);
  for (StringRef id : ids) {
    auto failTensor = [&](const Twine &message) {
      return fail("tensor '" + id + "': " + message);
    };
    if (id.empty())
      return fail("tensor '': the tensor id must not be empty");
    Shape shape;
    llvm::Expected<TensorStatistics> stats = parseTensor(
        *tensors->get(id), failTensor, fingerprint ? &shape : nullptr);
    if (!stats)
      return stats.takeError();
    table.tensors.emplace(id.str(), std::move(*stats));
    if (fingerprint)
      table.shapes.emplace(id.str(), std::move(shape));
  }
  return table;
}

#undef FP8_ASSIGN_OR_RETURN

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

llvm::Expected<CalibrationTable> CalibrationTable::readFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (std::error_code error = buffer.getError()) {
    if (error == std::errc::no_such_file_or_directory)
      return makeError(path + ": calibration table not found (no such file)");
    return makeError(path +
                     ": cannot read calibration table: " + error.message());
  }
  return fromJSON((*buffer)->getBuffer(), path);
}

llvm::Error CalibrationTable::writeFile(StringRef path) const {
  // A unique temporary name next to the target: rename() is atomic only
  // within one file system, and a fixed name would race with another writer.
  llvm::SmallString<256> temporary;
  int fd;
  if (std::error_code error = llvm::sys::fs::createUniqueFile(
          path + ".tmp-%%%%%%%%", fd, temporary))
    return makeError(path +
                     ": cannot write calibration table: " + error.message());

  auto discard = [&](std::error_code error) {
    llvm::sys::fs::remove(temporary);
    return makeError(path +
                     ": cannot write calibration table: " + error.message());
  };
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << toJSON();
    os.close();
    if (os.has_error()) {
      std::error_code error = os.error();
      os.clear_error(); // else the destructor aborts
      return discard(error);
    }
  }
  if (std::error_code error = llvm::sys::fs::rename(temporary, path))
    return discard(error);
  return llvm::Error::success();
}
