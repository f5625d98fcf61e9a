/// The coordinator's year (issue 17 item 5): the year and the year before side by side, by month,
/// type of incident, intervention and advisor. Built from two coordinator reports, one per year, so
/// every figure is the coordinator report's figure for that year, counted the same way. Names
/// advisors: for the coordinator's (or deputy's) eyes only.
public struct AnnualReport: Sendable, Hashable {
    public let programName: String
    public let coordinatorName: String
    public let span: AnnualSpan
    public let total: YearComparison
    /// January to December (or to the month of a year to date), in order.
    public let byMonth: [YearComparison]
    /// Every incident type, in vocabulary order, zeros included.
    public let byIncident: [YearComparison]
    /// Every intervention kind, in vocabulary order, zeros included.
    public let byIntervention: [YearComparison]
    /// Every advisor with a form in either year, by name.
    public let byAdvisor: [YearComparison]

    /// - Parameters previous, current: the coordinator's reports by month over `span.previous` and
    ///   `span.current`.
    public init(span: AnnualSpan, previous: CoordinatorReport, current: CoordinatorReport) {
        self.span = span
        programName = current.programName
        coordinatorName = current.coordinatorName
        total = YearComparison(code: "all", label: "All forms", previous: previous.total, current: current.total)

        func monthOf(_ period: String) -> Int? { Int(period.split(separator: "-").last ?? "") }
        func sum<Key: Hashable>(_ cells: [CoordinatorReport.TypeCell], by key: (CoordinatorReport.TypeCell) -> Key) -> [Key: Int] {
            cells.reduce(into: [:]) { $0[key($1), default: 0] += $1.count }
        }
        let previousMonths = sum(previous.byType) { monthOf($0.period) ?? 0 }
        let currentMonths = sum(current.byType) { monthOf($0.period) ?? 0 }
        byMonth = span.months.map { month in
            YearComparison(code: twoDigits(month), label: Self.monthNames[month - 1],
                           previous: previousMonths[month] ?? 0, current: currentMonths[month] ?? 0)
        }
        let previousIncidents = sum(previous.byType, by: \.incident), currentIncidents = sum(current.byType, by: \.incident)
        byIncident = IncidentType.allCases.map {
            YearComparison(code: $0.code, label: $0.shortLabel, previous: previousIncidents[$0] ?? 0, current: currentIncidents[$0] ?? 0)
        }
        let previousKinds = sum(previous.byType, by: \.intervention), currentKinds = sum(current.byType, by: \.intervention)
        byIntervention = InterventionKind.allCases.map {
            YearComparison(code: $0.code, label: $0.shortLabel, previous: previousKinds[$0] ?? 0, current: currentKinds[$0] ?? 0)
        }
        let previousAdvisors = previous.byAdvisor.reduce(into: [String: Int]()) { $0[$1.advisor, default: 0] += $1.count }
        let currentAdvisors = current.byAdvisor.reduce(into: [String: Int]()) { $0[$1.advisor, default: 0] += $1.count }
        byAdvisor = Set(previousAdvisors.keys).union(currentAdvisors.keys)
            .sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
            .map { YearComparison(code: $0, label: $0, previous: previousAdvisors[$0] ?? 0, current: currentAdvisors[$0] ?? 0) }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
}

extension PeerLogStore {
    /// The annual report for `year`, through `today` if the year has not ended. Reads forms exactly
    /// as the coordinator's report does, and is gated and audited as that report is (two
    /// `coordinator-report` entries: one per year).
    /// - Throws: `AnnualReportError` for a year out of range or not begun; what `coordinatorReport` throws.
    public func annualReport(keyring: ProgramKeyring, year: Int, today: CalendarDate) throws -> AnnualReport {
        let span = try AnnualSpan(year: year, today: today)
        let previous = try coordinatorReport(keyring: keyring, range: span.previous, grouping: .month)
        let current = try coordinatorReport(keyring: keyring, range: span.current, grouping: .month)
        return AnnualReport(span: span, previous: previous, current: current)
    }
}
