//===- TableValidationTest.cpp - every fromJSON error ---------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each test breaks one thing in a valid table and checks that the message
// names the file, the tensor id where there is one, and the problem.
//
//===----------------------------------------------------------------------===//

#include "Samples.h"

#include "fp8/Calibration/Statistics.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"

using namespace fp8::calibration;
using namespace fp8::calibration::testing;

namespace {

constexpr const char *kSource = "calib.json";
constexpr const char *kTensorPrefix = "calib.json: tensor 'layer1.fc': ";

/// A valid table: one tensor, values -0.5, 1.5 and 0.25 (amax 1.5 in bin
/// 1536 of the range [0, 2)).
std::string validTable() {
  CalibrationTable table;
  table.samples = 3;
  table.tensors["layer1.fc"] = statisticsOf({-0.5f, 1.5f, 0.25f});
  return table.toJSON();
}

/// The error message of fromJSON on `text`, or "" when it parsed.
std::string errorOf(llvm::StringRef text) {
  llvm::Expected<CalibrationTable> table =
      CalibrationTable::fromJSON(text, kSource);
  if (table)
    return "";
  return llvm::toString(table.takeError());
}

/// The error message after `edit` changed the valid table.
std::string errorAfter(llvm::function_ref<void(llvm::json::Object &root,
                                               llvm::json::Object &tensor)>
                           edit) {
  llvm::json::Value root = *llvm::json::parse(validTable());
  llvm::json::Object &object = *root.getAsObject();
  edit(object, *object.getObject("tensors")->getObject("layer1.fc"));
  std::string text;
  llvm::raw_string_ostream(text) << root;
  return errorOf(text);
}

/// Edits a field of the tensor.
std::string errorWithTensorField(llvm::StringRef key, llvm::json::Value value) {
  return errorAfter([&](llvm::json::Object &, llvm::json::Object &tensor) {
    tensor[key] = std::move(value);
  });
}

std::string errorWithHistogramField(llvm::StringRef key,
                                    llvm::json::Value value) {
  return errorAfter([&](llvm::json::Object &, llvm::json::Object &tensor) {
    (*tensor.getObject("histogram"))[key] = std::move(value);
  });
}

llvm::json::Array countsWith(int bin, int64_t count) {
  llvm::json::Value root = *llvm::json::parse(validTable());
  llvm::json::Array counts = *root.getAsObject()
                                  ->getObject("tensors")
                                  ->getObject("layer1.fc")
                                  ->getObject("histogram")
                                  ->getArray("counts");
  counts[bin] = count;
  return counts;
}

/// Checks that `message` starts with `prefix` and contains `problem`.
#define EXPECT_ERROR(message, prefix, problem)                                 \
  do {                                                                         \
    std::string actual = (message);                                            \
    EXPECT_EQ(actual.rfind(prefix, 0), 0u)                                     \
        << "the message must start with \"" << (prefix) << "\": " << actual;   \
    EXPECT_NE(actual.find(problem), std::string::npos)                         \
        << "the message must say \"" << (problem) << "\": " << actual;         \
  } while (false)

TEST(TableValidation, ValidTableParses) {
  EXPECT_EQ(errorOf(validTable()), "") << "the base of every other test";
}

//===----------------------------------------------------------------------===//
// File level
//===----------------------------------------------------------------------===//

TEST(TableValidation, MalformedJSONGivesLineAndColumn) {
  std::string message = errorOf("{\n  \"format\": \"fp8-calibration\",\n"
                                "  \"version\": 1,\n  oops\n}\n");
  EXPECT_ERROR(message, "calib.json:4:3: ", "malformed JSON");
}

TEST(TableValidation, TruncatedFileIsMalformed) {
  EXPECT_ERROR(errorOf(validTable().substr(0, 120)),
               "calib.json:", "malformed JSON");
}

TEST(TableValidation, TopLevelMustBeAnObject) {
  EXPECT_ERROR(errorOf("[1, 2]"), "calib.json: ",
               "expected a JSON object at the top level, got an array");
}

TEST(TableValidation, MissingFormat) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 root.erase("format");
               }),
               "calib.json: ",
               "missing field \"format\" (expected \"fp8-calibration\")");
}

TEST(TableValidation, WrongFormat) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 root["format"] = "onnx-calibration";
               }),
               "calib.json: ",
               "field \"format\" is the string \"onnx-calibration\", expected "
               "\"fp8-calibration\": not a calibration table");
}

TEST(TableValidation, MissingVersionSaysWhichIsSupported) {
  EXPECT_ERROR(
      errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
        root.erase("version");
      }),
      "calib.json: ",
      "missing field \"version\" (this build reads versions 1 and 2)");
}

TEST(TableValidation, WrongVersionSaysWhichIsSupported) {
  EXPECT_ERROR(
      errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
        root["version"] = 3;
      }),
      "calib.json: ",
      "unsupported version 3 (this build reads versions 1 and 2)");
}

TEST(TableValidation, VersionMustBeAnInteger) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 root["version"] = "1";
               }),
               "calib.json: ",
               "field \"version\" must be an integer, got the string \"1\" "
               "(this build reads versions 1 and 2)");
}

TEST(TableValidation, MissingSamples) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 root.erase("samples");
               }),
               "calib.json: ", "missing field \"samples\"");
}

TEST(TableValidation, NegativeSamples) {
  EXPECT_ERROR(
      errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
        root["samples"] = -1;
      }),
      "calib.json: ", "field \"samples\" must not be negative, got -1");
}

TEST(TableValidation, MissingTensors) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 root.erase("tensors");
               }),
               "calib.json: ", "missing field \"tensors\"");
}

TEST(TableValidation, TensorsMustBeAnObject) {
  EXPECT_ERROR(
      errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
        root["tensors"] = llvm::json::Array();
      }),
      "calib.json: ", "field \"tensors\" must be an object, got an array");
}

TEST(TableValidation, UnknownTopLevelField) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 root["sample"] = 3; // a typo of "samples"
               }),
               "calib.json: ", "unknown field \"sample\"");
}

TEST(TableValidation, DuplicateTensorId) {
  // The entry pasted in twice; llvm::json alone would keep the last one.
  llvm::json::Value root = *llvm::json::parse(validTable());
  std::string entry;
  llvm::raw_string_ostream(entry)
      << "\"layer1.fc\": "
      << *root.getAsObject()->getObject("tensors")->get("layer1.fc") << ", ";
  std::string text = validTable();
  size_t at = text.find("\"tensors\": {");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 12, entry);
  EXPECT_ERROR(errorOf(text), "calib.json:", "duplicate key \"layer1.fc\"");
}

//===----------------------------------------------------------------------===//
// Tensor entries: shape of the entry
//===----------------------------------------------------------------------===//

TEST(TableValidation, TensorEntryMustBeAnObject) {
  EXPECT_ERROR(errorAfter([](llvm::json::Object &root, llvm::json::Object &) {
                 (*root.getObject("tensors"))["layer1.fc"] = 1.5;
               }),
               kTensorPrefix, "must be an object, got 1.5");
}

TEST(TableValidation, EmptyTensorId) {
  EXPECT_ERROR(
      errorAfter([](llvm::json::Object &root, llvm::json::Object &tensor) {
        (*root.getObject("tensors"))[""] =
            llvm::json::Value(llvm::json::Object(tensor));
      }),
      "calib.json: tensor '': ", "the tensor id must not be empty");
}

TEST(TableValidation, MissingTensorFields) {
  for (const char *field : {"min", "max", "amax", "count", "histogram"}) {
    std::string message =
        errorAfter([&](llvm::json::Object &, llvm::json::Object &tensor) {
          tensor.erase(field);
        });
    EXPECT_ERROR(message, kTensorPrefix,
                 std::string("missing field \"") + field + "\"");
  }
}

TEST(TableValidation, MissingHistogramFields) {
  for (const char *field : {"max", "counts"}) {
    std::string message =
        errorAfter([&](llvm::json::Object &, llvm::json::Object &tensor) {
          tensor.getObject("histogram")->erase(field);
        });
    EXPECT_ERROR(message, kTensorPrefix,
                 std::string("missing field \"histogram.") + field + "\"");
  }
}

TEST(TableValidation, UnknownTensorField) {
  EXPECT_ERROR(errorWithTensorField("mean", 0.4), kTensorPrefix,
               "unknown field \"mean\"");
  EXPECT_ERROR(errorWithHistogramField("bins", 2048), kTensorPrefix,
               "unknown field \"histogram.bins\"");
}

//===----------------------------------------------------------------------===//
// Tensor entries: numbers
//===----------------------------------------------------------------------===//

TEST(TableValidation, NullIsNotANumber) {
  // What a writer that prints NaN as null produces.
  EXPECT_ERROR(errorWithTensorField("min", nullptr), kTensorPrefix,
               "field \"min\" must be a number, got null");
}

TEST(TableValidation, StringNaNIsNotANumber) {
  EXPECT_ERROR(errorWithTensorField("max", "NaN"), kTensorPrefix,
               "field \"max\" must be a number, got the string \"NaN\"");
  EXPECT_ERROR(errorWithHistogramField("max", "Infinity"), kTensorPrefix,
               "field \"histogram.max\" must be a number, got the string "
               "\"Infinity\"");
}

TEST(TableValidation, OverflowingLiteralIsNotFinite) {
  std::string text = validTable();
  size_t at = text.find("\"amax\": 1.5");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "\"amax\": 1e999");
  EXPECT_ERROR(errorOf(text), kTensorPrefix,
               "field \"amax\" must be finite, got inf");
}

TEST(TableValidation, NegativeCounts) {
  for (const char *field : {"count", "nan_count", "inf_count"}) {
    EXPECT_ERROR(errorWithTensorField(field, -2), kTensorPrefix,
                 std::string("field \"") + field +
                     "\" must not be negative, got -2");
  }
}

TEST(TableValidation, NegativeBinCount) {
  EXPECT_ERROR(errorWithHistogramField("counts", countsWith(5, -1)),
               kTensorPrefix,
               "field \"histogram.counts[5]\" must not be negative, got -1");
}

TEST(TableValidation, FractionalCount) {
  EXPECT_ERROR(errorWithTensorField("count", 2.5), kTensorPrefix,
               "field \"count\" must be a non-negative integer, got 2.5");
}

//===----------------------------------------------------------------------===//
// Tensor entries: consistency
//===----------------------------------------------------------------------===//

TEST(TableValidation, HistogramLength) {
  EXPECT_ERROR(errorWithHistogramField("counts", llvm::json::Array{3, 0, 0}),
               kTensorPrefix,
               "field \"histogram.counts\" has 3 entries, expected 2048");
}

TEST(TableValidation, HistogramCountsAddUpToLess) {
  EXPECT_ERROR(errorWithTensorField("count", 4), kTensorPrefix,
               "histogram counts add up to 3, but count is 4");
}

TEST(TableValidation, HistogramCountsAddUpToMore) {
  EXPECT_ERROR(errorWithTensorField("count", 2), kTensorPrefix,
               "histogram counts add up to more than count 2");
}

TEST(TableValidation, MinGreaterThanMax) {
  EXPECT_ERROR(errorWithTensorField("min", 2.0), kTensorPrefix,
               "min 2 is greater than max 1.5");
}

TEST(TableValidation, MinMaxMustBeZeroWithoutValues) {
  std::string message =
      errorAfter([](llvm::json::Object &, llvm::json::Object &tensor) {
        tensor["count"] = 0;
      });
  EXPECT_ERROR(message, kTensorPrefix,
               "min and max must be 0 when count is 0, got min -0.5 and max "
               "1.5");
}

TEST(TableValidation, AmaxInconsistentWithMinMax) {
  EXPECT_ERROR(errorWithTensorField("amax", 1.0), kTensorPrefix,
               "amax 1 is not max(|min|, |max|) = 1.5");
}

TEST(TableValidation, HistogramMaxNotAPowerOfTwo) {
  EXPECT_ERROR(errorWithHistogramField("max", 3.0), kTensorPrefix,
               "histogram.max 3 is neither 0 nor a power of two");
  EXPECT_ERROR(errorWithHistogramField("max", -2.0), kTensorPrefix,
               "histogram.max -2 is neither 0 nor a power of two");
}

TEST(TableValidation, HistogramMaxNotTheCanonicalRange) {
  EXPECT_ERROR(errorWithHistogramField("max", 4.0), kTensorPrefix,
               "histogram.max 4 is not the smallest power of two above amax "
               "1.5 (expected 2)");
  EXPECT_ERROR(errorWithHistogramField("max", 0.0), kTensorPrefix,
               "histogram.max 0 is not the smallest power of two above amax "
               "1.5 (expected 2)");
}

TEST(TableValidation, HistogramCountsBeyondAmax) {
  // Move the count of amax's bin (1536) above it.
  llvm::json::Array counts = countsWith(1536, 0);
  counts[2000] = 1;
  EXPECT_ERROR(errorWithHistogramField("counts", std::move(counts)),
               kTensorPrefix,
               "histogram is inconsistent with amax 1.5: its last non-empty "
               "bin is 2000, but amax falls in bin 1536");
}

TEST(TableValidation, FirstErrorIsTheFirstIdInSortedOrder) {
  // Two broken tensors: the message is about "a", whatever the hashing.
  CalibrationTable table;
  table.tensors["b"] = statisticsOf({1.0f});
  table.tensors["a"] = statisticsOf({1.0f});
  llvm::json::Value root = *llvm::json::parse(table.toJSON());
  for (const char *id : {"a", "b"})
    root.getAsObject()->getObject("tensors")->getObject(id)->erase("min");
  std::string text;
  llvm::raw_string_ostream(text) << root;
  EXPECT_ERROR(errorOf(text),
               "calib.json: tensor 'a': ", "missing field \"min\"");
}

} // namespace
