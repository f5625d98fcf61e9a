import Foundation

/// One figure for the year before and the year: a month, a type, an advisor or the total. A figure
/// is nil where it is withheld (command staff); the coordinator's figures are never nil.
public struct YearComparison: Sendable, Hashable {
    /// What the line counts: "01" for January, an incident or intervention code, an advisor's name.
    public let code: String
    public let label: String
    public let previous: Int?
    public let current: Int?

    public init(code: String, label: String, previous: Int?, current: Int?) {
        self.code = code
        self.label = label
        self.previous = previous
        self.current = current
    }

    /// The change, when both years are shown: a change next to one withheld year would give it away.
    public var change: YearChange? {
        guard let previous, let current else { return nil }
        return YearChange(previous: previous, current: current)
    }
}

/// The change from the year before: absolute, and as a percentage of the year before. A percentage
/// of zero is meaningless, so where the year before is 0 the change is called "new" (something now,
/// nothing then) or "—" (nothing either year).
public struct YearChange: Sendable, Hashable {
    public let previous: Int
    public let current: Int

    public var absolute: Int { current - previous }

    /// Percent of the year before, to one decimal; nil where the year before is 0.
    public var percent: Double? {
        guard previous != 0 else { return nil }
        return (Double(absolute) * 1000 / Double(previous)).rounded() / 10
    }

    /// "+3", "-2" or "0".
    public var absoluteText: String { absolute > 0 ? "+\(absolute)" : String(absolute) }

    /// "+25%", "-8%", "0%", "new" or "—".
    public var percentText: String {
        guard let percent else { return current == 0 ? "—" : "new" }
        let whole = Int(percent.rounded())
        return (whole > 0 ? "+" : "") + "\(whole)%"
    }

    /// The percentage for JSON and CSV: a number, or nothing where the year before is 0.
    var percentField: String {
        guard let percent else { return "" }
        return percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }
}
