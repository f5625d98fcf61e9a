/// What the coordinator asks for: the period, the grouping, the rows, K, and optionally noise.
public struct ReportSpecification: Sendable {
    /// Nil: from the start of the period holding the earliest form.
    public var from: CalendarDate?
    /// Nil: to the end of the last whole period holding forms that has ended.
    public var to: CalendarDate?
    public var by: PeriodGrouping
    public var dimension: CommandStaffReport.Dimension
    public var control: DisclosureControl
    /// Exactly this layout: no coarser period, no combined rows.
    public var asAsked: Bool
    /// Add discrete noise with this privacy loss.
    public var noise: Epsilon?

    public init(from: CalendarDate? = nil, to: CalendarDate? = nil, by: PeriodGrouping = .quarter,
                dimension: CommandStaffReport.Dimension = .incident, control: DisclosureControl, asAsked: Bool = false,
                noise: Epsilon? = nil) {
        self.from = from
        self.to = to
        self.by = by
        self.dimension = dimension
        self.control = control
        self.asAsked = asAsked
        self.noise = noise
    }
}

/// One layout the preparation tried, for the preview: how many numbers it withholds.
public struct ReportOption: Sendable, Hashable {
    public let by: PeriodGrouping
    /// Codes combined into one row; empty when none.
    public let combined: [String]
    public let numbers: Int
    public let withheld: Int
    /// Independent non-zero numbers it shows (`InformationRank`).
    public let information: Int
    /// Why it cannot be published, if it cannot.
    public let refused: String?
    public var chosen: Bool

    /// "by quarter", "by year, 4 rare types combined".
    public var name: String {
        "by \(by.rawValue)" + (combined.isEmpty ? "" : ", \(combined.count) rare types combined")
    }
}
