/// The coordinator's own report (SOG 2-13 III: the coordinator maintains records): counts by
/// period × incident × intervention, and each advisor's workload by period. For the coordinator's
/// eyes only; command staff get the anonymised report instead.
public struct CoordinatorReport: Sendable, Hashable {
    public struct TypeCell: Sendable, Hashable {
        public let period: String
        public let incident: IncidentType
        public let intervention: InterventionKind
        public let count: Int
    }

    public struct AdvisorCell: Sendable, Hashable {
        public let period: String
        public let advisor: String
        public let count: Int
        /// How many of `count` the coordinator entered from paper for this advisor.
        public let paper: Int
    }

    public let programName: String
    public let coordinatorName: String
    public let range: DateRange
    public let grouping: PeriodGrouping
    public let total: Int
    /// How many of `total` were entered from paper by the coordinator or a deputy.
    public let paper: Int
    /// Sorted by period, then incident and intervention in vocabulary order.
    public let byType: [TypeCell]
    /// Sorted by period, then advisor name.
    public let byAdvisor: [AdvisorCell]

    /// Tallies forms as they stream past; nothing but counts is kept.
    public struct Builder {
        let range: DateRange
        let grouping: PeriodGrouping
        let advisorNames: [Identifier: String]
        var typeCounts: [TypeKey: Int] = [:]
        var advisorCounts: [AdvisorKey: Int] = [:]
        var advisorPaper: [AdvisorKey: Int] = [:]
        var total = 0
        var paper = 0

        struct TypeKey: Hashable { let period: String; let incident: IncidentType; let intervention: InterventionKind }
        struct AdvisorKey: Hashable { let period: String; let advisor: String }

        public init(range: DateRange, grouping: PeriodGrouping, roster: [Advisor]) {
            self.range = range
            self.grouping = grouping
            advisorNames = Dictionary(uniqueKeysWithValues: roster.map { ($0.id, $0.name) })
        }

        public mutating func add(_ form: UsageForm) {
            let date = form.serviceTime.localDate
            guard range.contains(date) else { return }
            let period = grouping.label(for: date)
            typeCounts[TypeKey(period: period, incident: form.incident, intervention: form.intervention), default: 0] += 1
            let advisor = AdvisorKey(period: period, advisor: advisorNames[form.advisorID] ?? "(unknown)")
            advisorCounts[advisor, default: 0] += 1
            total += 1
            if form.origin == .paper {
                advisorPaper[advisor, default: 0] += 1
                paper += 1
            }
        }

        public func build(programName: String, coordinatorName: String) -> CoordinatorReport {
            let incidentOrder = Dictionary(uniqueKeysWithValues: IncidentType.allCases.enumerated().map { ($1, $0) })
            let interventionOrder = Dictionary(uniqueKeysWithValues: InterventionKind.allCases.enumerated().map { ($1, $0) })
            let types = typeCounts.map { TypeCell(period: $0.key.period, incident: $0.key.incident,
                                                  intervention: $0.key.intervention, count: $0.value) }
                .sorted { a, b in
                    (a.period, incidentOrder[a.incident] ?? 0, interventionOrder[a.intervention] ?? 0)
                        < (b.period, incidentOrder[b.incident] ?? 0, interventionOrder[b.intervention] ?? 0)
                }
            let advisors = advisorCounts.map {
                AdvisorCell(period: $0.key.period, advisor: $0.key.advisor, count: $0.value, paper: advisorPaper[$0.key] ?? 0)
            }
                .sorted { ($0.period, $0.advisor.lowercased()) < ($1.period, $1.advisor.lowercased()) }
            return CoordinatorReport(programName: programName, coordinatorName: coordinatorName, range: range,
                                     grouping: grouping, total: total, paper: paper, byType: types, byAdvisor: advisors)
        }
    }
}

extension PeerLogStore {
    /// Opens every form with the coordinator's keyring and tallies the report.
    /// - Throws: the first `SealedForm.Rejection`: a report is never silently short of a form.
    public func coordinatorReport(keyring: ProgramKeyring, range: DateRange = .all,
                                  grouping: PeriodGrouping = .month) throws -> CoordinatorReport {
        let info = try programInfo()
        var builder = CoordinatorReport.Builder(range: range, grouping: grouping, roster: try roster())
        try forEachForm(keyring: keyring) { builder.add($0) }
        try recordCoordinatorAction(keyring, action: "coordinator-report")
        return builder.build(programName: info.name, coordinatorName: info.coordinatorName)
    }
}
