/// Storage failures: the database is missing, foreign, too new, locked, corrupt or unwritable.
public enum StoreError: PeerLogError, Equatable {
    case notInitialised(path: String)
    case alreadyInitialised(path: String)
    case backupExists(path: String)
    case notAPeerLogDatabase(path: String, what: String)
    case newerSchema(path: String, version: Int)
    case cannotOpen(path: String, reason: String)
    case sqlite(String)
    case inconsistent(String)
    case needsUpgrade(path: String)
    case concurrentChange(String)

    public var description: String {
        switch self {
        case let .notInitialised(path): return "no PeerLog program is set up at \(path)"
        case let .alreadyInitialised(path): return "a PeerLog program is already set up at \(path); refusing to overwrite it"
        case let .backupExists(path): return "\(path) already exists; a backup never overwrites a file"
        case let .notAPeerLogDatabase(path, what): return "\(path) is not a PeerLog database (\(what))"
        case let .newerSchema(path, version): return "\(path) was written by a newer PeerLog (schema \(version)); this one cannot use it safely"
        case let .cannotOpen(path, reason): return "cannot open \(path): \(reason)"
        case let .sqlite(message): return "database error: \(message)"
        case let .inconsistent(what): return "the database is inconsistent: \(what)"
        case let .needsUpgrade(path): return "\(path) was written by an earlier PeerLog and has not been upgraded yet: nothing can be filed or changed until it is"
        case let .concurrentChange(what): return "\(what) changed while this command ran; nothing was changed"
        }
    }

    public var hint: String? {
        switch self {
        case .notInitialised: return "set one up with 'peerlog init --program NAME --coordinator NAME', or point --db at an existing one"
        case .alreadyInitialised: return "use another --db path for a new program"
        case .backupExists: return "give a new name; a dated one keeps the older backups, such as peerlog-YYYY-MM-DD.db"
        case .notAPeerLogDatabase: return "check the --db path or $PEERLOG_DB"
        case .newerSchema: return "upgrade PeerLog"
        case .needsUpgrade: return "the Program Coordinator runs 'peerlog upgrade' once, which checks the records and signs them with the program root"
        case .concurrentChange: return "run the command again"
        default: return nil
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .needsUpgrade: return .invalidData
        default: return .ioError
        }
    }
}
