/// What the current database holds that a backup lacks: what restoring the backup would drop.
/// Counted by identity, not by number: a form by its id, a publication by its signature, an audit
/// entry by its hash.
public struct RestoreLoss: Sendable, Hashable {
    /// Forms (filed or pending) that are not in the backup.
    public let forms: Int
    /// Published reports that are not in the backup.
    public let publications: Int
    /// Audit entries that are not in the backup, except those recording that a copy of this very
    /// state was taken (appended to the database right after the copy, so no backup holds them).
    public let auditEntries: Int
    /// Deputies the backup holds whom the current database no longer has (removed since): the
    /// backup would appoint them again, with copies of its program keys. Not a loss, but a
    /// removal undone, so it too needs `force`, and then `deputy remove` again.
    public let deputiesBack: [String]

    public init(forms: Int, publications: Int, auditEntries: Int, deputiesBack: [String] = []) {
        (self.forms, self.publications, self.auditEntries, self.deputiesBack) = (forms, publications, auditEntries, deputiesBack)
    }

    public static let nothing = RestoreLoss(forms: 0, publications: 0, auditEntries: 0)

    public var isEmpty: Bool { self == .nothing }

    /// "the deputy Sgt. Hank Ruiz", "the deputies A and B".
    public var deputiesBackDescription: String {
        let names = deputiesBack.map(InputError.sanitised)
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        return (names.count == 1 ? "the deputy " : "the deputies ") + list
    }

    /// "3 forms, 1 publication and 12 audit entries", or "nothing".
    public var description: String {
        let parts = [(forms, "form"), (publications, "publication"), (auditEntries, "audit entry")]
            .filter { $0.0 > 0 }
            .map { count, noun in "\(count) " + (count == 1 ? noun : noun == "audit entry" ? "audit entries" : noun + "s") }
        switch parts.count {
        case 0: return "nothing"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        }
    }
}

/// What `restore` did.
public enum RestoreOutcome: Sendable, Equatable {
    /// The backup holds every audit entry the current database held (or there was none).
    case restored
    /// The backup lacks audit entries of the current database (it is older, or diverges): allowed
    /// with `force`, recorded as `restore-rollback`.
    case rolledBack
}

/// What `restore` did, or with a dry run would do.
public struct RestoreReport: Sendable, Equatable {
    public let outcome: RestoreOutcome
    /// What the replaced database held that the backup lacks.
    public let lost: RestoreLoss
    /// Where the replaced database was kept, sealed as it was, mode 0600; nil when no database
    /// was there, or for a dry run.
    public let keptReplaced: String?
    /// False for a dry run: nothing was changed.
    public let replaced: Bool
    /// Which secrets open the backup (and the restored database).
    public let opensWith: SecretsInForce
}

/// Why `restore` refused, before anything changed.
public enum RestoreRefusal: PeerLogError, Equatable {
    case needsCurrentCoordinator
    case otherProgram
    /// The current database holds records the backup lacks; restoring needs `--force`.
    case wouldLose(RestoreLoss)
    /// The passphrase given does not open the backup; it names the one that does.
    case wrongBackupPassphrase(lastDay: String?, opensWith: String, notTheCurrent: String?)

    public var description: String {
        switch self {
        case .needsCurrentCoordinator: return "a database is already there: only its own coordinator can replace it"
        case .otherProgram: return "the backup belongs to another program; nothing was changed"
        case let .wouldLose(loss) where loss.forms + loss.publications + loss.auditEntries == 0:
            return "the backup would appoint again \(loss.deputiesBackDescription), removed since; nothing was changed"
        case let .wouldLose(loss):
            return "the current database holds \(loss.description) that the backup lacks; restoring it would lose them"
                + (loss.deputiesBack.isEmpty ? "" : " and appoint again \(loss.deputiesBackDescription), removed since") + ", so nothing was changed"
        case let .wrongBackupPassphrase(lastDay, opensWith, notTheCurrent):
            return "the passphrase given does not open this backup: it was last written \(lastDay.map { "on \($0)" } ?? "long ago") and opens with "
                + opensWith + (notTheCurrent.map { ", not with the current one (\($0))" } ?? "") + "; nothing was changed"
        }
    }

    public var hint: String? {
        switch self {
        case .needsCurrentCoordinator: return "give the current coordinator passphrase (--passphrase-file, or at the prompt)"
        case .otherProgram: return "check the backup's path"
        case .wouldLose:
            return "take a backup of the current database first ('peerlog backup PATH'); if the backup is what you want (the current database is damaged), add --force: the replaced database is kept beside it, as it is"
        case .wrongBackupPassphrase:
            return "put that passphrase in a file readable only by you and add --backup-passphrase-file FILE"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .needsCurrentCoordinator, .wrongBackupPassphrase: return .notPermitted
        case .otherProgram, .wouldLose: return .invalidData
        }
    }
}
