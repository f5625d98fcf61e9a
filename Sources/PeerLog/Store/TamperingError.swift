/// The database holds something its program root did not sign, or the root itself is not the
/// program's own: someone wrote to the file without the coordinator's secret. The row at fault is
/// named and never used. Exit status 65.
public enum TamperingError: PeerLogError, Hashable {
    /// The root pinned in the file is not the one derived from the program key.
    case rootSwapped
    /// The root pinned in the file is not the one this advisor's key (or credential) is bound to.
    case rootNotBound(who: String)
    case keyNotCertified(keyID: Int64)
    /// The coordinator's secret opens some program keys but not this one: its row was replaced.
    case keyReplaced(keyID: Int64)
    case activeKeyNotNewest(active: Int64, newest: Int64)
    case rosterEntryNotSigned(name: String)
    case credentialNotSigned(name: String)
    case settingNotSigned(name: String)
    case deputyNotSigned(name: String)
    case publicationNotSigned(id: Int64)
    case withdrawalNotSigned(id: Int64)
    /// A void whose row the root did not sign as it stands (forged, altered or moved).
    case voidNotSigned(ref: String)
    /// Fewer or more voids than the audit trail's `form-void` entries: one was deleted or added.
    case voidsDifferFromTrail(stored: Int, recorded: Int)
    case noSignedHead
    case headNotSigned(seq: Int64)
    case headNotInTrail(seq: Int64)
    case stateDiffers(seq: Int64)
    /// An entry after the newest signed head that only a signing writer makes, or one whose
    /// link or hash does not follow from the head.
    case entryAfterHeadForged(seq: Int64)
    /// Tables, triggers or indexes that differ from what this version's migrations make.
    case schemaAltered(objects: [String])
    /// Pending filings whose hash the trail already records as filed.
    case pendingFormReplayed(count: Int)

    public var description: String {
        switch self {
        case .rootSwapped:
            return "the program root in the database is not the one derived from the program key: it was replaced"
        case let .rootNotBound(who):
            return "the program root in the database is not the one \(who) was enrolled under: it was replaced"
        case let .keyNotCertified(id):
            return "program key \(id) has no valid certificate from the program root: it was put into the database by someone else"
        case let .keyReplaced(id):
            return "program key \(id) in the database is not the key the coordinator's passphrase protects (the others are): its row was replaced"
        case let .activeKeyNotNewest(active, newest):
            return "program key \(active) is marked in use, but key \(newest) is the newest the program root certified: the database was changed"
        case let .rosterEntryNotSigned(name):
            return "the roster entry for '\(InputError.sanitised(name))' (or its training records) is not signed by the program root: it was added or altered"
        case let .credentialNotSigned(name):
            return "the command-staff credential of '\(InputError.sanitised(name))' is not signed by the program root: it was added or altered"
        case let .settingNotSigned(name):
            return "the setting '\(InputError.sanitised(name))' is not signed by the program root: it was altered"
        case let .deputyNotSigned(name):
            return "the deputy coordinator entry for '\(InputError.sanitised(name))' is not signed by the program root: it was added or altered"
        case let .publicationNotSigned(id):
            return "published report \(id) does not match its signature by the program root: it was altered"
        case let .withdrawalNotSigned(id):
            return "the withdrawal of published report \(id) is not signed by the program root: it was added or altered"
        case let .voidNotSigned(ref):
            return "void record \(ref) is not signed by the program root as it stands: it was forged, altered or moved to another row"
        case let .voidsDifferFromTrail(stored, recorded):
            return stored < recorded
                ? "the audit trail records \(recorded) void(s) but the database holds \(stored): a void was deleted, so a voided form would count again"
                : "the database holds \(stored) void record(s) but the audit trail records only \(recorded): a void was added behind the coordinator's back"
        case .noSignedHead:
            return "the audit trail carries no head signed by the program root"
        case let .headNotSigned(seq):
            return "the audit trail up to entry \(seq) is not what the program root signed there: the trail was rewritten, or the signed head forged"
        case let .headNotInTrail(seq):
            return "audit entry \(seq), which a signed head names, is missing from the trail"
        case let .stateDiffers(seq):
            return "the program's keys, roster, credentials, settings, publications, withdrawals, deputies or voids differ from what the root signed at audit entry \(seq): a row was added, removed or put back in an older version"
        case let .pendingFormReplayed(count):
            return "\(count) form(s) waiting to be recorded in the audit trail are already recorded there as filed: they were put back from an older copy of the file"
        case let .schemaAltered(objects):
            return "the database's tables or triggers were changed outside PeerLog (\(objects.prefix(5).map(InputError.sanitised).joined(separator: ", "))): a trigger added there would run inside the coordinator's own changes"
        case let .entryAfterHeadForged(seq):
            return "audit entry \(seq), after the newest head the program root signed, was not written by PeerLog: it is a coordinator, filing or purge entry without a signature, or its link does not follow"
        }
    }

    public var hint: String? {
        "keep a copy of the database as evidence, tell the Program Coordinator, and restore a verified backup ('peerlog verify' names everything found)"
    }

    public var exitStatus: ExitStatus { .invalidData }
}
