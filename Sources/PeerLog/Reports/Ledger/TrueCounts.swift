/// The forms as the joint check counts them: per day, per (incident type, intervention kind).
/// Both dimensions come from the same forms, so this is what links an incident report to an
/// intervention report over the same days. Held only in memory, by the coordinator's process.
struct TrueCounts: Sendable {
    struct Pair: Hashable, Sendable {
        let incident: String
        let intervention: String
    }

    /// Day (since 1970) → pair → forms.
    private(set) var days: [Int: [Pair: Int]] = [:]

    init() {}

    mutating func add(day: CalendarDate, incident: String, intervention: String, count: Int = 1) {
        days[day.daysSinceEpoch, default: [:]][Pair(incident: incident, intervention: intervention), default: 0] += count
    }

    /// Forms of `code` (in `dimension`) on each day, or of every code when `code` is nil.
    func perDay(_ dimension: CommandStaffReport.Dimension, code: String?) -> [(day: Int, count: Int)] {
        days.compactMap { day, pairs in
            let n = pairs.reduce(0) { sum, entry in
                let c = dimension == .incident ? entry.key.incident : entry.key.intervention
                return code == nil || c == code ? sum + entry.value : sum
            }
            return n == 0 ? nil : (day, n)
        }
    }

    /// The true value of a scope.
    func value(of scope: NumberScope) -> Int {
        let codes = Set(scope.codes)
        var total = 0
        for (day, pairs) in days where day >= scope.span.start && day < scope.span.end {
            for (pair, n) in pairs {
                switch scope.dimension {
                case nil: total += n
                case .incident?: if codes.contains(pair.incident) { total += n }
                case .intervention?: if codes.contains(pair.intervention) { total += n }
                }
            }
        }
        return total
    }
}
