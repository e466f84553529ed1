#pragma once

#include <QString>
#include <vector>

namespace eventloom {

/// The order in which a question's choices are shown (issue 19): authors write choices in any order,
/// and the window shuffles them, so that the right answer cannot be guessed from its place. The shuffle
/// is a permutation drawn from a stable hash (FNV-1a, then SplitMix64) of the question's identity — the
/// scenario's id and the step's index — and the learner's class code: everyone with the same class code
/// sees the same order on every machine and in every run, so that a class can talk about "choice B".
/// It never touches which choice is right: that is the index in the lesson, whatever the order shown.
class ChoiceOrder {
public:
    /// The class code as it identifies a class: spaces around it dropped, letters compared without case.
    static QString normalized(const QString& classCode);
    /// shown position → index into the question's choices, for a question of `choices` choices.
    static std::vector<int> permutation(const QString& scenarioId, int step, int choices, const QString& classCode);
    /// The label of shown position `position`: A, B, C…, then A1, B1… past Z (no lesson has that many).
    static QString letter(int position);
};

} // namespace eventloom
