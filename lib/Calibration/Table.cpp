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

#include "JSONSupport.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace fp8::calibration;
using namespace fp8::calibration::json_support;
using llvm::StringRef;
using llvm::Twine;

namespace {
constexpr StringRef kFormatName = "fp8-calibration";
} // namespace

//===----------------------------------------------------------------------===//
// JSON output
//===----------------------------------------------------------------------===//

namespace {
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

void fp8::calibration::json_support::writeCalibrationTable(
    llvm::json::OStream &json, const CalibrationTable &table) {
  // Keys in a fixed order (std::map sorts tensor ids), so equal tables give
  // equal files.
  json.object([&] {
    // Without a fingerprint the table is what version 1 describes.
    bool fingerprint = table.hasFingerprint();
    json.attribute("format", kFormatName);
    json.attribute("version", fingerprint ? CalibrationTable::kVersion : 1);
    json.attribute("samples", table.samples);
    if (fingerprint && !table.scheme.empty())
      json.attribute("scheme", table.scheme);
    json.attributeObject("tensors", [&] {
      for (const auto &[id, stats] : table.tensors) {
        auto shape = table.shapes.find(id);
        json.attributeObject(id, [&, &stats = stats] {
          writeTensor(json, stats,
                      fingerprint && shape != table.shapes.end()
                          ? &shape->second
                          : nullptr);
        });
      }
    });
  });
}

std::string CalibrationTable::toJSON() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  writeCalibrationTable(json, *this);
  os << '\n';
  return text;
}

//===----------------------------------------------------------------------===//
// JSON input and validation
//===----------------------------------------------------------------------===//

namespace {
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
  std::vector<StringRef> known = {"min",       "max",       "amax",     "count",
                                  "nan_count", "inf_count", "histogram"};
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

llvm::Expected<CalibrationTable>
fp8::calibration::json_support::parseCalibrationTable(
    const llvm::json::Value &root, FieldReader::Fail fail) {
  constexpr int kVersion = CalibrationTable::kVersion;
  const llvm::json::Object *object = root.getAsObject();
  if (!object)
    return fail("expected a JSON object at the top level, got " +
                describe(root));

  // Format and version first: for another kind of file they are the only
  // useful message. Version 1 has no fingerprint; it still loads
  // (fp8-quantize warns).
  FP8_ASSIGN_OR_RETURN(versionNumber,
                       readFormatAndVersion(*object, kFormatName,
                                            "a calibration table",
                                            {1, kVersion}, fail));
  bool fingerprint = versionNumber >= 2;

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

llvm::Expected<CalibrationTable> CalibrationTable::fromJSON(StringRef text,
                                                            StringRef source) {
  FP8_ASSIGN_OR_RETURN(root, json_support::parse(text, source));
  auto fail = [&](const Twine &message) {
    return makeError(source + ": " + message);
  };
  return parseCalibrationTable(root, fail);
}

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
  return writeFileAtomically(path, toJSON(), "calibration table");
}
