/// What `peerlog verify` found.
public struct Verification: Sendable {
    /// `PRAGMA integrity_check` lines; `["ok"]` when the file is sound.
    public let integrity: [String]
    public let audit: AuditVerification
    /// Forms opened and checked against the roster; nil when no key was given.
    public let formsVerified: Int?
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

/// What `restore` did.
public enum RestoreOutcome: Sendable, Equatable {
    /// The backup holds everything the current database held (or there was none).
    case restored
    /// The backup is older than (or diverges from) the current database: allowed with `--rollback`.
    case rolledBack
}

/// Why `restore` refused, before anything changed.
public enum RestoreRefusal: PeerLogError, Equatable {
    case needsCurrentCoordinator
    case otherProgram
    case rollback(currentHead: Int64)

    public var description: String {
        switch self {
        case .needsCurrentCoordinator: return "a database is already there: only its own coordinator can replace it"
        case .otherProgram: return "the backup belongs to another program; nothing was changed"
        case let .rollback(head):
            return "the backup is older than the database it would replace (it lacks audit entry \(head) and what came after), so restoring it would undo everything since; nothing was changed"
        }
    }

    public var hint: String? {
        switch self {
        case .needsCurrentCoordinator: return "give the current coordinator passphrase (--passphrase-file, or at the prompt)"
        case .otherProgram: return "check the backup's path"
        case .rollback: return "if that is what you want (the current database is damaged), add --rollback; the restore is then recorded as a rollback"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .needsCurrentCoordinator: return .notPermitted
        case .otherProgram, .rollback: return .invalidData
        }
    }
}
