import Foundation

/// How much of the spread of a study's scores each searched setting explains on its own — the
/// first-order term of a functional ANOVA (fANOVA) decomposition, measured on the finished trials.
///
/// Each setting's values are put into groups — a choice per group, numbers into up to `binCount`
/// quantile bins (the same bins on a log scale) — and its importance
/// is the correlation ratio
///
///     η² = Σ_g n_g (ȳ_g − ȳ)² / Σ_i (y_i − ȳ)²
///
/// the share of the scores' variance that the group means account for, between 0 (the setting
/// changes nothing) and 1 (it decides the score). `share` normalizes the settings' η² to sum to 1,
/// as Optuna's importance plot does. Trials that failed (a non-finite score) are left out.
public struct SettingImportance: Sendable, Equatable {
    /// The setting's name.
    public var name: String
    /// η², the share of the scores' variance its groups explain alone.
    public var explainedVariance: Double
    /// `explainedVariance` over the sum of every setting's (0 when none explains anything).
    public var share: Double

    /// The number of quantile bins a numeric setting is cut into.
    public static let binCount = 4

    /// Every dimension of `space` with its importance over `records`, most important first
    /// (empty when fewer than 3 trials finished or the scores do not vary).
    public static func ranked(_ records: [TrialRecord], space: [SearchDimension]) -> [SettingImportance] {
        let finished = records.filter { $0.score.isFinite }
        guard finished.count >= 3 else { return [] }
        let scores = finished.map(\.score)
        let mean = scores.reduce(0, +) / Double(scores.count)
        let total = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return [] }
        let explained = space.map { dimension -> (String, Double) in
            let groups = Self.groups(of: dimension, in: finished)
            var between = 0.0
            for members in groups.values {
                let groupMean = members.reduce(0) { $0 + scores[$1] } / Double(members.count)
                between += Double(members.count) * (groupMean - mean) * (groupMean - mean)
            }
            return (dimension.name, min(between / total, 1))
        }
        let sum = explained.reduce(0) { $0 + $1.1 }
        return explained.map { SettingImportance(name: $0.0, explainedVariance: $0.1, share: sum > 0 ? $0.1 / sum : 0) }
            .sorted { $0.explainedVariance > $1.explainedVariance }
    }

    /// The records' indices by group of `dimension`'s value: the choice's name, or the label of
    /// the numeric value's quantile bin (`0.0012–0.0031`). Records without the setting are left out.
    static func groups(of dimension: SearchDimension, in records: [TrialRecord]) -> [String: [Int]] {
        let values = records.map { record in record.values.first { $0.name == dimension.name }?.value }
        if case .choice = dimension.distribution {
            return Dictionary(grouping: values.indices.filter { values[$0] != nil }, by: { values[$0]! })
        }
        return bins(values.map { $0.flatMap(Double.init) }, logScale: dimension.isLogScale).groups
    }

    /// Numbers cut into up to `binCount` bins of about equal counts (values ≤ 0 left out when `logScale`):
    /// each bin's label (`low–high` of its members, rounded) and the indices of its members, the
    /// labels in ascending order.
    static func bins(_ values: [Double?], logScale: Bool) -> (labels: [String], groups: [String: [Int]]) {
        let present = values.indices.filter { values[$0].map { $0.isFinite && (!logScale || $0 > 0) } ?? false }
            .sorted { values[$0]! < values[$1]! }
        guard !present.isEmpty else { return ([], [:]) }
        let distinct = Set(present.map { values[$0]! }).count
        let count = min(binCount, distinct)
        var labels: [String] = [], groups: [String: [Int]] = [:]
        var start = 0
        for bin in 0..<count {
            var end = (bin + 1) * present.count / count
            // Keep equal values in one bin.
            while end < present.count, end > start, values[present[end]]! == values[present[end - 1]]! { end += 1 }
            guard end > start else { continue }
            let members = Array(present[start..<end])
            let low = values[members.first!]!, high = values[members.last!]!
            let label = low == high ? Markup.significant(low, digits: 3)
                : "\(Markup.significant(low, digits: 3))–\(Markup.significant(high, digits: 3))"
            labels.append(label)
            groups[label, default: []] += members
            start = end
        }
        return (labels, groups)
    }
}
