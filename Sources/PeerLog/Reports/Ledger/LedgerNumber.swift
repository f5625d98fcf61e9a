/// Days `start..<end`, counted from 1970-01-01: the time a published number covers.
struct DaySpan: Hashable, Sendable {
    let start: Int
    let end: Int

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// From the first to the last day, both included.
    init(from: CalendarDate, to: CalendarDate) {
        self.init(start: from.daysSinceEpoch, end: to.daysSinceEpoch + 1)
    }

    var isEmpty: Bool { end <= start }

    func overlaps(_ other: DaySpan) -> Bool { start < other.end && other.start < end }

    func clipped(to other: DaySpan) -> DaySpan { DaySpan(start: max(start, other.start), end: min(end, other.end)) }
}

/// Which forms a published number counts: those of some codes of one dimension (a cell or a row
/// total), or every form (a period total or the grand total, whatever the report's dimension),
/// served in a span of days.
struct NumberScope: Hashable, Sendable {
    /// nil: every form.
    let dimension: CommandStaffReport.Dimension?
    /// Sorted; empty when `dimension` is nil.
    let codes: [String]
    let span: DaySpan

    init(dimension: CommandStaffReport.Dimension?, codes: [String], span: DaySpan) {
        // Every code of a dimension is every form: one scope, so that the incident and the
        // intervention reports' totals are recognised as the same number.
        if let dimension, Set(codes) == Set(Self.vocabulary(dimension)) {
            self.dimension = nil
            self.codes = []
        } else {
            self.dimension = dimension
            self.codes = dimension == nil ? [] : codes.sorted()
        }
        self.span = span
    }

    static func vocabulary(_ dimension: CommandStaffReport.Dimension) -> [String] {
        dimension == .incident ? IncidentType.allCases.map(\.code) : InterventionKind.allCases.map(\.code)
    }
}

/// One number of one publication, as the joint check sees it: what it counts, its value if
/// published, and the K its publication promised.
struct LedgerNumber: Sendable {
    let scope: NumberScope
    /// The published value; nil when withheld.
    let value: Int?
    /// K of its publication: a withheld number must be able to reach it.
    let threshold: Int
    /// Its publication's number; nil for the report being checked.
    let publication: Int64?
    /// Where it sits, for messages: a code and a period label, never a count.
    let label: String
    /// False for a number published with noise: the check then assumes the reader knows its exact
    /// value (the conservative choice), which the true counts supply.
    let exact: Bool
}

/// What a publication's recoding rule tells a reader: a code's count over the report's span is
/// below the threshold (combined) or not (kept apart).
struct LedgerBound: Sendable {
    let scope: NumberScope
    let lower: Int?
    let upper: Int?
    let publication: Int64?
}
