/// What `peerlog verify` found.
public struct Verification: Sendable {
    /// `PRAGMA integrity_check` lines; `["ok"]` when the file is sound.
    public let integrity: [String]
    public let audit: AuditVerification
    /// Forms opened and checked against the roster; nil when no key was given.
    public let formsVerified: Int?
    /// How many of them are voided (their voids opened and checked); nil when no key was given.
    public let formsVoided: Int?
    /// Forms that failed, each with the reason.
    public let formFailures: [String]
    /// What could not be checked, and why.
    public let notChecked: [String]

    public var isSound: Bool { integrity == ["ok"] && audit.isIntact && formFailures.isEmpty }

    /// One line per finding, problems first.
    public var problems: [String] {
        var lines: [String] = []
        if integrity != ["ok"] { lines += integrity.prefix(5).map { "database integrity: \($0)" } }
        lines += audit.findings.filter(\.isProblem).map(\.description)
        lines += formFailures
        return lines
    }
}

/// How many forms a purge would remove, by quarter of service.
public struct PurgePlan: Sendable {
    public let before: CalendarDate
    public let byQuarter: [(quarter: String, forms: Int)]
    public var total: Int { byQuarter.reduce(0) { $0 + $1.forms } }
}
