//===- Search.cpp - accuracy-driven search over per-op choices ------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Tuning/Search.h"

#include <algorithm>

using namespace fp8::tuning;

std::string OpChoice::describe() const {
  if (keep)
    return "keep f32";
  std::string text;
  auto add = [&](const std::string &label, const std::string &value) {
    if (value.empty())
      return;
    if (!text.empty())
      text += ", ";
    text += label + value;
  };
  if (!weightFormat.empty() && weightFormat == activationFormat) {
    add("", weightFormat);
  } else {
    add("weights ", weightFormat);
    add("activations ", activationFormat);
  }
  add("weights per ", weightGranularity);
  add("", method);
  return text.empty() ? "global options" : text;
}

bool OpChoice::operator==(const OpChoice &other) const {
  return weightFormat == other.weightFormat &&
         activationFormat == other.activationFormat &&
         weightGranularity == other.weightGranularity &&
         method == other.method && keep == other.keep;
}

namespace {

/// The trials of one search: counts them, reports them and keeps the best
/// assignment seen.
class Trials {
public:
  Trials(const SearchOptions &options, const Evaluator &evaluate,
         const ProgressCallback &progress)
      : options(options), evaluate(evaluate), progress(progress) {}

  /// The metric of `assignment`, or none when the trial budget is spent.
  llvm::Expected<std::optional<double>> run(Assignment assignment,
                                            const std::string &what) {
    if (count >= options.maxTrials)
      return std::nullopt;
    // An op with the global options needs no entry.
    for (auto it = assignment.begin(); it != assignment.end();)
      it = it->second == OpChoice() ? assignment.erase(it) : std::next(it);
    ++count;
    llvm::Expected<double> metric = evaluate(assignment);
    if (!metric)
      return metric.takeError();
    const bool meets = *metric <= options.budget;
    record(assignment, *metric, meets);
    if (progress)
      progress(count, what, *metric, meets);
    return *metric;
  }

  bool meets(double metric) const { return metric <= options.budget; }
  int used() const { return count; }

  SearchResult result() const {
    SearchResult result;
    result.meets = bestMeets;
    result.assignment = best;
    result.metric = bestMetric;
    result.trials = count;
    return result;
  }

private:
  static int keptOps(const Assignment &assignment) {
    return std::count_if(assignment.begin(), assignment.end(),
                         [](const auto &entry) { return entry.second.keep; });
  }

  /// Best: meeting the budget with the fewest kept ops (then the lowest
  /// metric); before any trial meets it, the lowest metric.
  void record(const Assignment &assignment, double metric, bool meets) {
    bool better;
    if (meets && bestMeets) {
      const int kept = keptOps(assignment), bestKept = keptOps(best);
      better = kept < bestKept || (kept == bestKept && metric < bestMetric);
    } else {
      better = meets || (!bestMeets && (count == 1 || metric < bestMetric));
    }
    if (!better)
      return;
    best = assignment;
    bestMetric = metric;
    bestMeets = meets;
  }

  const SearchOptions &options;
  const Evaluator &evaluate;
  const ProgressCallback &progress;
  int count = 0;
  Assignment best;
  double bestMetric = 0.0;
  bool bestMeets = false;
};

} // namespace

llvm::Expected<SearchResult>
fp8::tuning::search(llvm::ArrayRef<std::string> ops,
                    const SearchOptions &options, const Evaluator &evaluate,
                    const ProgressCallback &progress) {
  Trials trials(options, evaluate, progress);
  auto finish = [&](std::map<std::string, double> errorAlone,
                    std::vector<std::string> order) {
    SearchResult result = trials.result();
    result.errorAlone = std::move(errorAlone);
    result.order = std::move(order);
    return result;
  };

  // 1. Every op with the global options.
  llvm::Expected<std::optional<double>> first =
      trials.run({}, "all ops with the global options");
  if (!first)
    return first.takeError();
  if (!*first || trials.meets(**first))
    return finish({}, {});
  double currentMetric = **first;

  // 2. Each op alone, the others kept: the ops' sensitivity.
  std::map<std::string, double> errorAlone;
  for (const std::string &op : ops) {
    Assignment alone;
    for (const std::string &other : ops)
      if (other != op)
        alone[other].keep = true;
    llvm::Expected<std::optional<double>> metric =
        trials.run(alone, op + " alone");
    if (!metric)
      return metric.takeError();
    if (!*metric)
      break;
    errorAlone[op] = **metric;
  }
  // Most sensitive first; ops not measured (trials spent) last.
  std::vector<size_t> positions(ops.size());
  for (size_t i = 0; i < ops.size(); ++i)
    positions[i] = i;
  auto errorOf = [&](size_t i) {
    auto it = errorAlone.find(ops[i]);
    return it == errorAlone.end() ? -1.0 : it->second;
  };
  std::sort(positions.begin(), positions.end(), [&](size_t a, size_t b) {
    return errorOf(a) != errorOf(b) ? errorOf(a) > errorOf(b) : a < b;
  });
  std::vector<std::string> order;
  for (size_t i : positions)
    order.push_back(ops[i]);

  // 3. Each op's candidate choices, the others as they are. Trials for
  //    step 4 (one per op kept, one per op quantized again) are held back:
  //    with many ops and candidates, step 3 alone would spend them all and
  //    leave no way to meet the budget.
  const int reserve = 2 * static_cast<int>(ops.size()) - 1;
  Assignment current;
  for (const std::string &op : order) {
    if (trials.used() + reserve >= options.maxTrials)
      break;
    auto own = options.candidatesPerOp.find(op);
    const std::vector<OpChoice> &candidates =
        own == options.candidatesPerOp.end() ? options.candidates : own->second;
    for (const OpChoice &candidate : candidates) {
      if (candidate == OpChoice() || candidate.keep)
        continue;
      if (trials.used() + reserve >= options.maxTrials)
        break;
      Assignment next = current;
      next[op] = candidate;
      llvm::Expected<std::optional<double>> metric =
          trials.run(next, op + ": " + candidate.describe());
      if (!metric)
        return metric.takeError();
      if (!*metric)
        return finish(errorAlone, order);
      if (**metric < currentMetric) {
        current = next;
        currentMetric = **metric;
      }
      if (trials.meets(currentMetric))
        return finish(errorAlone, order);
    }
  }

  // 4. Ops kept in high precision, most sensitive first, until the model
  //    meets the budget.
  std::vector<std::string> kept;
  Assignment choiceBeforeKeep;
  for (const std::string &op : order) {
    choiceBeforeKeep[op] = current.count(op) ? current[op] : OpChoice();
    current[op] = OpChoice();
    current[op].keep = true;
    kept.push_back(op);
    llvm::Expected<std::optional<double>> metric =
        trials.run(current, op + ": keep f32");
    if (!metric)
      return metric.takeError();
    if (!*metric)
      return finish(errorAlone, order);
    currentMetric = **metric;
    if (trials.meets(currentMetric))
      break;
  }
  if (!trials.meets(currentMetric))
    return finish(errorAlone, order);
  // Then each kept op but the last (without which the model did not meet
  // the budget) quantized again where the model still meets it, least
  // sensitive first.
  for (auto it = std::next(kept.rbegin()); it < kept.rend(); ++it) {
    Assignment next = current;
    next[*it] = choiceBeforeKeep[*it];
    llvm::Expected<std::optional<double>> metric = trials.run(
        next, *it + ": quantized again (" + next[*it].describe() + ")");
    if (!metric)
      return metric.takeError();
    if (!*metric)
      break;
    if (trials.meets(**metric))
      current = next;
  }
  return finish(errorAlone, order);
}
