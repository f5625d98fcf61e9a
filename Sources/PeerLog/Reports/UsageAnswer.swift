/// The coordinator's answer to `query usage`: what the forms say for an advisor and period. There
/// is never an answer about a member: the program does not record who receives support.
public struct UsageAnswer: Sendable {
    public static let noMemberRecords = """
        PeerLog does not record who receives peer support: usage forms hold only the advisor, the date \
        and time of service, and the type of incident/intervention (SOG 2-13 IV.D.2). No record about any \
        member exists to release.
        """

    public let advisor: String?
    public let report: CoordinatorReport
}

extension PeerLogStore {
    /// Counts the forms of one advisor (or all) in a range. Coordinator only; audited.
    public func usageAnswer(keyring: ProgramKeyring, advisor name: String?, range: DateRange,
                            grouping: PeriodGrouping = .month) throws -> UsageAnswer {
        let info = try programInfo()
        let roster = try roster()
        let only = try name.map { try advisor(named: $0) }
        var builder = CoordinatorReport.Builder(range: range, grouping: grouping, roster: roster)
        try forEachForm(keyring: keyring) { form in
            if let only, form.advisorID != only.id { return }
            builder.add(form)
        }
        try recordCoordinatorAction(keyring, action: Request.queryUsage.rawValue)
        return UsageAnswer(advisor: only?.name, report: builder.build(programName: info.name, coordinatorName: info.coordinatorName))
    }
}
