//===- Recipe.cpp - tuning recipe JSON and files --------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The JSON of DESIGN.md section 5b (docs/Quantization.md, "Recipes").
//
//===----------------------------------------------------------------------===//

#include "fp8/Calibration/Recipe.h"

#include "JSONSupport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace fp8::calibration;
using namespace fp8::calibration::json_support;
using llvm::StringRef;
using llvm::Twine;

namespace {
constexpr StringRef kFormatName = "fp8-recipe";
constexpr StringRef kGranularities[] = {"tensor", "channel", "block"};

StringRef toStringRef(std::string_view text) {
  return StringRef(text.data(), text.size());
}
} // namespace

bool RecipeOverride::operator==(const RecipeOverride &other) const {
  return weightFormat == other.weightFormat &&
         activationFormat == other.activationFormat &&
         weightGranularity == other.weightGranularity &&
         method == other.method && percentile == other.percentile &&
         keep == other.keep;
}

StringRef RecipeMetric::kindName(Kind kind) {
  return kind == Kind::Top1Drop ? "top1-drop" : "rel-error";
}

bool RecipeMetric::operator==(const RecipeMetric &other) const {
  return kind == other.kind && budget == other.budget && fp32 == other.fp32 &&
         achieved == other.achieved;
}

bool Recipe::operator==(const Recipe &other) const {
  return options == other.options && overrides == other.overrides &&
         calibration == other.calibration &&
         calibrationPath == other.calibrationPath && metric == other.metric;
}

//===----------------------------------------------------------------------===//
// JSON output
//===----------------------------------------------------------------------===//

namespace {
void writeNumber(llvm::json::OStream &json, StringRef key, double value) {
  json.attributeBegin(key);
  json.rawValue(formatDouble(value));
  json.attributeEnd();
}

/// An option's text as the JSON value that reads back as the same text:
/// true/false as booleans, numbers as numbers, the rest as strings.
void writeOption(llvm::json::OStream &json, StringRef name, StringRef text) {
  if (text == "true" || text == "false") {
    json.attribute(name, text == "true");
    return;
  }
  int64_t integer;
  if (!text.getAsInteger(10, integer) && std::to_string(integer) == text) {
    json.attribute(name, integer);
    return;
  }
  double number;
  if (!text.getAsDouble(number) && std::isfinite(number) &&
      formatDouble(number) == text) {
    writeNumber(json, name, number);
    return;
  }
  json.attribute(name, text);
}
} // namespace

std::string Recipe::toJSON() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("format", kFormatName);
    json.attribute("version", kVersion);
    json.attributeObject("options", [&] {
      for (const auto &[name, value] : options)
        writeOption(json, name, value);
    });
    if (!overrides.empty()) {
      json.attributeObject("overrides", [&] {
        for (const auto &[id, choice] : overrides) {
          json.attributeObject(id, [&, &choice = choice] {
            if (choice.weightFormat)
              json.attribute(
                  "weight-format",
                  toStringRef(::fp8::getFormat(*choice.weightFormat).name));
            if (choice.activationFormat)
              json.attribute(
                  "activation-format",
                  toStringRef(::fp8::getFormat(*choice.activationFormat).name));
            if (choice.weightGranularity)
              json.attribute("weight-granularity", *choice.weightGranularity);
            if (choice.method)
              json.attribute("method", methodName(*choice.method));
            if (choice.percentile)
              writeNumber(json, "percentile", *choice.percentile);
            if (choice.keep)
              json.attribute("keep", "f32");
          });
        }
      });
    }
    if (!calibrationPath.empty()) {
      json.attribute("calibration", calibrationPath);
    } else if (calibration) {
      json.attributeBegin("calibration");
      writeCalibrationTable(json, *calibration);
      json.attributeEnd();
    }
    if (metric) {
      json.attributeObject("metric", [&] {
        json.attribute("kind", RecipeMetric::kindName(metric->kind));
        writeNumber(json, "budget", metric->budget);
        writeNumber(json, "fp32", metric->fp32);
        writeNumber(json, "achieved", metric->achieved);
      });
    }
  });
  os << '\n';
  return text;
}

//===----------------------------------------------------------------------===//
// JSON input and validation
//===----------------------------------------------------------------------===//

namespace {
/// An option's value as its text: strings as they are, booleans and
/// numbers as the option parser reads them.
llvm::Expected<std::string> optionText(const llvm::json::Value &value,
                                       FieldReader::Fail fail) {
  if (std::optional<StringRef> string = value.getAsString())
    return string->str();
  if (std::optional<bool> boolean = value.getAsBoolean())
    return std::string(*boolean ? "true" : "false");
  if (std::optional<int64_t> integer = readInteger(value))
    return std::to_string(*integer);
  if (std::optional<double> number = value.getAsNumber()) {
    if (!std::isfinite(*number))
      return fail("must be finite, got " + formatDouble(*number));
    return formatDouble(*number);
  }
  return fail("must be a string, a number or a boolean, got " +
              describe(value));
}

llvm::Expected<::fp8::FormatKind>
parseFormat(const FieldReader &fields, StringRef key, FieldReader::Fail fail) {
  FP8_ASSIGN_OR_RETURN(name, fields.stringField(key));
  if (std::optional<::fp8::FormatKind> kind = ::fp8::parseFormatName(name))
    return *kind;
  if (name == "int8")
    return fail("field \"" + key +
                "\" is int8, which is a baseline for the whole model "
                "(options weight-format=int8 activation-format=int8), not "
                "a per-tensor choice");
  return fail("field \"" + key + "\" is the string \"" + name +
              "\", expected one of " + ::fp8::formatNameList());
}

llvm::Expected<RecipeOverride> parseOverride(const llvm::json::Value &value,
                                             FieldReader::Fail fail) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return fail("must be an object, got " + describe(value));
  FieldReader fields(*object, fail, "");
  if (llvm::Error error = fields.rejectUnknown(
          {"weight-format", "activation-format", "weight-granularity", "method",
           "percentile", "keep"}))
    return std::move(error);
  if (object->empty())
    return fail("sets nothing (expected weight-format, activation-format, "
                "weight-granularity, method, percentile or keep)");
  RecipeOverride choice;
  if (object->get("weight-format")) {
    FP8_ASSIGN_OR_RETURN(kind, parseFormat(fields, "weight-format", fail));
    choice.weightFormat = kind;
  }
  if (object->get("activation-format")) {
    FP8_ASSIGN_OR_RETURN(kind, parseFormat(fields, "activation-format", fail));
    choice.activationFormat = kind;
  }
  if (object->get("weight-granularity")) {
    FP8_ASSIGN_OR_RETURN(name, fields.stringField("weight-granularity"));
    if (!llvm::is_contained(kGranularities, name))
      return fail("field \"weight-granularity\" is the string \"" + name +
                  "\", expected tensor, channel or block");
    choice.weightGranularity = name.str();
  }
  if (object->get("method")) {
    FP8_ASSIGN_OR_RETURN(name, fields.stringField("method"));
    std::optional<Method> method = parseMethod(name);
    if (!method)
      return fail("field \"method\" is the string \"" + name +
                  "\", expected max, percentile, mse or kl");
    choice.method = *method;
  }
  if (object->get("percentile")) {
    FP8_ASSIGN_OR_RETURN(percentile, fields.finiteNumber("percentile"));
    if (!(percentile > 0 && percentile <= 100))
      return fail("field \"percentile\" is " + formatDouble(percentile) +
                  ", expected a value in (0, 100]");
    choice.percentile = percentile;
  }
  if (const llvm::json::Value *keep = object->get("keep")) {
    if (keep->getAsString() != std::optional<StringRef>("f32"))
      return fail("field \"keep\" is " + describe(*keep) +
                  ", expected \"f32\" (the tensor stays in its original "
                  "precision)");
    choice.keep = true;
  }
  return choice;
}

llvm::Expected<RecipeMetric> parseMetric(const llvm::json::Value &value,
                                         FieldReader::Fail fail) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return fail("must be an object, got " + describe(value));
  FieldReader fields(*object, fail, "metric.");
  if (llvm::Error error =
          fields.rejectUnknown({"kind", "budget", "fp32", "achieved"}))
    return std::move(error);
  RecipeMetric metric;
  FP8_ASSIGN_OR_RETURN(kind, fields.stringField("kind"));
  if (kind == "top1-drop")
    metric.kind = RecipeMetric::Kind::Top1Drop;
  else if (kind == "rel-error")
    metric.kind = RecipeMetric::Kind::RelError;
  else
    return fail("field \"metric.kind\" is the string \"" + kind +
                "\", expected \"top1-drop\" or \"rel-error\"");
  FP8_ASSIGN_OR_RETURN(budget, fields.finiteNumber("budget"));
  FP8_ASSIGN_OR_RETURN(fp32, fields.finiteNumber("fp32"));
  FP8_ASSIGN_OR_RETURN(achieved, fields.finiteNumber("achieved"));
  if (budget < 0)
    return fail("field \"metric.budget\" must not be negative, got " +
                formatDouble(budget));
  metric.budget = budget;
  metric.fp32 = fp32;
  metric.achieved = achieved;
  return metric;
}
} // namespace

llvm::Expected<Recipe> Recipe::fromJSON(StringRef text, StringRef source,
                                        StringRef directory) {
  FP8_ASSIGN_OR_RETURN(root, json_support::parse(text, source));
  auto fail = [&](const Twine &message) {
    return makeError(source + ": " + message);
  };
  const llvm::json::Object *object = root.getAsObject();
  if (!object)
    return fail("expected a JSON object at the top level, got " +
                describe(root));
  if (llvm::Error error = readFormatAndVersion(*object, kFormatName, "a recipe",
                                               {kVersion}, fail)
                              .takeError())
    return std::move(error);

  FieldReader fields(*object, fail, "");
  if (llvm::Error error =
          fields.rejectUnknown({"format", "version", "options", "overrides",
                                "calibration", "metric"}))
    return std::move(error);
  Recipe recipe;
  FP8_ASSIGN_OR_RETURN(options, fields.objectField("options"));
  for (const auto &[key, value] : *options) {
    StringRef name = key;
    auto failOption = [&](const Twine &message) {
      return fail("option '" + name + "': " + message);
    };
    if (name == "calibration")
      return failOption("the table is the recipe's own \"calibration\" "
                        "field (a path or the table itself)");
    if (name == "recipe")
      return failOption("a recipe cannot name another recipe");
    FP8_ASSIGN_OR_RETURN(optionValue, optionText(value, failOption));
    recipe.options.emplace(name.str(), std::move(optionValue));
  }

  if (object->get("overrides")) {
    FP8_ASSIGN_OR_RETURN(overrides, fields.objectField("overrides"));
    // Sorted ids: the first error does not depend on hashing.
    std::vector<StringRef> ids;
    for (const auto &entry : *overrides)
      ids.push_back(entry.first);
    llvm::sort(ids);
    for (StringRef id : ids) {
      auto failOverride = [&](const Twine &message) {
        return fail("override '" + id + "': " + message);
      };
      if (id.empty())
        return fail("override '': the tensor id must not be empty");
      FP8_ASSIGN_OR_RETURN(choice,
                           parseOverride(*overrides->get(id), failOverride));
      recipe.overrides.emplace(id.str(), std::move(choice));
    }
  }

  if (const llvm::json::Value *calibration = object->get("calibration")) {
    auto failTable = [&](const Twine &message) {
      return fail("calibration: " + message);
    };
    if (std::optional<StringRef> path = calibration->getAsString()) {
      if (path->empty())
        return failTable("the table's path is empty");
      recipe.calibrationPath = path->str();
      llvm::SmallString<256> resolved;
      if (llvm::sys::path::is_relative(*path))
        resolved = directory;
      llvm::sys::path::append(resolved, *path);
      llvm::Expected<CalibrationTable> table =
          CalibrationTable::readFile(resolved);
      if (!table)
        return failTable(llvm::toString(table.takeError()));
      recipe.calibration = std::move(*table);
    } else if (calibration->getAsObject()) {
      FP8_ASSIGN_OR_RETURN(table,
                           parseCalibrationTable(*calibration, failTable));
      recipe.calibration = std::move(table);
    } else {
      return fail("field \"calibration\" must be a table's path or a table, "
                  "got " +
                  describe(*calibration));
    }
  }

  if (const llvm::json::Value *metric = object->get("metric")) {
    FP8_ASSIGN_OR_RETURN(parsed, parseMetric(*metric, fail));
    recipe.metric = parsed;
  }
  return recipe;
}

llvm::Expected<Recipe> Recipe::readFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (std::error_code error = buffer.getError()) {
    if (error == std::errc::no_such_file_or_directory)
      return makeError(path + ": recipe not found (no such file)");
    return makeError(path + ": cannot read recipe: " + error.message());
  }
  return fromJSON((*buffer)->getBuffer(), path,
                  llvm::sys::path::parent_path(path));
}

llvm::Error Recipe::writeFile(StringRef path) const {
  return writeFileAtomically(path, toJSON(), "recipe");
}
