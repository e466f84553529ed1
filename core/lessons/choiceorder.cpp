#include "choiceorder.h"

#include "../base/fnv1a.h"
#include "../base/mix64.h"

#include <algorithm>
#include <numeric>

namespace eventloom {

namespace {
constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull; // SplitMix64's increment
constexpr int kLetters = 26;
}

QString ChoiceOrder::normalized(const QString& classCode)
{
    return classCode.trimmed().toCaseFolded();
}

std::vector<int> ChoiceOrder::permutation(const QString& scenarioId, int step, int choices, const QString& classCode)
{
    std::vector<int> order(static_cast<std::size_t>(std::max(0, choices)));
    std::iota(order.begin(), order.end(), 0);
    // The parts are separated by a byte no text holds, so that ("a", "1b") and ("a1", "b") differ.
    const QByteArray identity
        = scenarioId.toUtf8() + '\x1f' + QByteArray::number(step) + '\x1f' + normalized(classCode).toUtf8();
    std::uint64_t state = fnv1a(identity);
    // Fisher–Yates, each draw from SplitMix64; with at most a handful of choices the modulo's bias is
    // below one in 10^18.
    for (std::size_t i = order.size(); i > 1; --i) {
        state += kGolden;
        const auto j = static_cast<std::size_t>(mix64(state) % i);
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

QString ChoiceOrder::letter(int position)
{
    QString label(QChar(u'A' + position % kLetters));
    if (position >= kLetters)
        label += QString::number(position / kLetters);
    return label;
}

} // namespace eventloom
