import ArgumentParser
import Foundation
import PeerLog

/// Options every command takes: which database, and who is acting with what proof.
///
/// Who acts is read from these options alone, the same way for every command (`provenActor`): a
/// command-staff credential, else an advisor named with `--advisor` and their passphrase, else the
/// coordinator's passphrase, else nobody in particular. Each command then passes the gate
/// (`PeerLogStore.authorize`) with that proven actor before it does anything else.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The PeerLog database. Default: $PEERLOG_DB, else $XDG_DATA_HOME/peerlog/peerlog.db (~/.local/share/peerlog/peerlog.db).",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "A file whose first line is your passphrase: the coordinator's, or with --advisor your own. Without it, it is asked on the terminal without echo. Never give a passphrase as an argument.",
        valueName: "path"))
    var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "Act as this advisor (your name as it is on the roster), proven by your own passphrase.",
        valueName: "name"))
    var advisor: String?

    @Option(name: .long, help: ArgumentHelp(
        "Act as this deputy coordinator, proven by your own passphrase.",
        valueName: "name"))
    var deputy: String?

    @Option(name: .long, help: ArgumentHelp(
        "A file holding a command-staff credential issued by the Program Coordinator.",
        valueName: "path"))
    var credentialFile: String?

    var databasePath: String { DatabaseLocation.resolve(explicit: db) }

    /// Opens the database. When there is none, the message fits the person: advisors and command
    /// staff are told to ask the coordinator for the path (a program they set up themselves would
    /// collect forms the coordinator never sees); only the coordinator is pointed at `init`.
    /// - Parameters:
    ///   - advisorCommand: the command is one only advisors run (`file`).
    ///   - concurrentReaders: the command serves many requests at once (`serve`).
    func openStore(advisorCommand: Bool = false, concurrentReaders: Bool = false) throws -> PeerLogStore {
        do {
            let store = try PeerLogStore(openingExisting: databasePath, concurrentReaders: concurrentReaders)
            OpenedStores.shared.add(store)
            return store
        } catch StoreError.notInitialised(let path) {
            let reader: MissingDatabase.Reader = credentialFile != nil ? .commandStaff
                : advisor != nil || advisorCommand ? .advisor : passphraseFile != nil || deputy != nil ? .coordinator : .unknown
            throw MissingDatabase(path: path, reader: reader)
        }
    }

    /// The acting person's passphrase, from `--passphrase-file` or the terminal.
    func passphrase(prompt: String) throws -> SecretBytes {
        try Secrets.read(file: passphraseFile, option: "--passphrase-file", prompt: prompt, confirm: false, what: "passphrase")
    }

    /// The proven actor, once the gate has allowed it `request`.
    /// - Parameter advisorName: an advisor the command already knows is acting (the name chosen in
    ///   `file`'s menu or given on its standard input); otherwise `--advisor`.
    /// - Throws: `Referral` (exit 3), `PolicyDenial` or `AccessError` (exit 77).
    /// For commands that do more for whoever holds the program keys (`verify`, `maintain`): the
    /// coordinator's or deputy's keyring, authorized for `withKey`; anyone else is authorized for
    /// the keyless `without` and gets nil.
    func keyringIfHeld(_ store: PeerLogStore, withKey: Request, without: Request) throws -> ProgramKeyring? {
        let actor = try provenActor(store, for: withKey)
        if case let .coordinator(keyring) = actor {
            try store.authorize(actor, withKey)
            return keyring
        }
        try store.authorize(actor, without)
        return nil
    }

    func actor(_ store: PeerLogStore, for request: Request, advisorName: String? = nil) throws -> Actor {
        let actor = try provenActor(store, for: request, advisorName: advisorName)
        try store.authorize(actor, request)
        return actor
    }

    /// Who is acting, from the options alone, with the proof checked; not yet passed through the
    /// gate. With no secret named, the coordinator is asked for their passphrase at a terminal
    /// only where it would change the answer, and may press Enter to go on as anyone.
    func provenActor(_ store: PeerLogStore, for request: Request, advisorName: String? = nil) throws -> Actor {
        let named = advisorName ?? advisor
        guard [credentialFile != nil, named != nil, deputy != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("act as one person: give only one of --credential-file, --advisor and --deputy")
        }
        if credentialFile != nil {
            guard passphraseFile == nil else {
                throw ValidationError("give either --credential-file (command staff) or a passphrase, not both")
            }
            return .commandStaff(try commandStaff(store))
        }
        if let deputy {
            let keyring = try withRetries(prompt: "Passphrase for deputy coordinator \(deputy): ") { try store.unlockDeputy(named: deputy, passphrase: $0) }
            return .coordinator(keyring)
        }
        if let named {
            let advisor = try store.advisor(named: named)
            guard advisor.status == .active else { throw AccessError.retiredAdvisor(advisor.name) }
            let credential = try withRetries(prompt: "Passphrase for \(advisor.name): ") { try store.unlockAdvisor(named: advisor.name, passphrase: $0) }
            if credential.justBound, let fingerprint = credential.rootFingerprint {
                Terminal.note("your key is now tied to program root \(fingerprint); ask the Program Coordinator to confirm that fingerprint")
            }
            return .advisor(credential)
        }
        let coordinatorPrompt = "Coordinator passphrase (\(try store.programInfo().coordinatorName)): "
        if passphraseFile != nil {
            // A passphrase with no name, for what only an advisor does, is an advisor who forgot to
            // name themselves: it is not tried as the coordinator's (that would only say "the
            // coordinator passphrase is not correct"); unproven, they meet the gate as anyone,
            // whose refusal says how to name themselves.
            if Policy.decide(.advisor, request) == .allow, Policy.decide(.coordinator, request) != .allow { return .anyone }
            return .coordinator(try withRetries(prompt: coordinatorPrompt) { try store.unlockProgram(passphrase: $0) })
        }
        let worthAsking = Policy.decide(.anyone, request) != .allow && Policy.decide(.coordinator, request) == .allow
        guard worthAsking, SecretInput.hasTerminal else { return .anyone }
        let optional = "Coordinator passphrase (\(try store.programInfo().coordinatorName); press Enter if you are not the coordinator): "
        var attempts = 0
        while true {
            guard let typed = try SecretInput.promptOptional(optional, what: "passphrase") else { return .anyone }
            do {
                return .coordinator(try store.unlockProgram(passphrase: typed))
            } catch AccessError.wrongCoordinatorPassphrase where attempts < Self.retries {
                attempts += 1
                Terminal.note("that passphrase is not correct; try again (\(Self.retries - attempts + 1) tries left)")
            }
        }
    }

    /// A mistyped passphrase at a terminal prompt may be retried twice; one from a file is not
    /// retried (it would fail the same way).
    static let retries = 2

    private func withRetries<T>(prompt: String, _ unlock: (SecretBytes) throws -> T) throws -> T {
        var attempts = 0
        while true {
            let typed = try passphrase(prompt: prompt)
            do {
                return try unlock(typed)
            } catch let error as AccessError where passphraseFile == nil && attempts < Self.retries && error.isWrongSecret {
                attempts += 1
                Terminal.note("that passphrase is not correct; try again (\(Self.retries - attempts + 1) tries left)")
            }
        }
    }

    /// The coordinator's keyring, once the gate has allowed `request`: for requests only the
    /// coordinator may make.
    func coordinatorKeyring(_ store: PeerLogStore, for request: Request) throws -> ProgramKeyring {
        let actor = try actor(store, for: request)
        guard case let .coordinator(keyring) = actor else { throw RoleNeeded(role: .coordinator) }
        return keyring
    }

    /// As `coordinatorKeyring`, also handing back the passphrase (key rotation and restore use it).
    func coordinatorUnlock(_ store: PeerLogStore, for request: Request) throws -> (keyring: ProgramKeyring, passphrase: SecretBytes) {
        if credentialFile != nil || advisor != nil || deputy != nil || (passphraseFile == nil && !SecretInput.hasTerminal) {
            _ = try actor(store, for: request)
            throw RoleNeeded(role: .coordinator)
        }
        let prompt = "Coordinator passphrase (\(try store.programInfo().coordinatorName)): "
        var given: SecretBytes?
        let keyring = try withRetries(prompt: prompt) { typed in
            let keyring = try store.unlockProgram(passphrase: typed)
            given = typed
            return keyring
        }
        try store.authorize(.coordinator(keyring), request)
        guard let given else { throw RoleNeeded(role: .coordinator) }
        return (keyring, given)
    }

    /// Establishes the command-staff role from `--credential-file`.
    func commandStaff(_ store: PeerLogStore) throws -> CommandStaffSession {
        guard let credentialFile else { throw ValidationError("a command-staff credential is needed: --credential-file PATH") }
        let credential = try SecretInput.fromFile(credentialFile, what: "credential", warn: Terminal.warning)
        let session = try store.authenticateCommandStaff(credential: credential)
        if session.justBound, let fingerprint = session.rootFingerprint {
            Terminal.note("your credential is now tied to program root \(fingerprint); ask the Program Coordinator to confirm that fingerprint")
        }
        return session
    }
}

/// The gate allowed a request to someone other than the one role the command can serve (the
/// coordinator's keys, an advisor's signing key, a command-staff session). The policy does not do
/// that today; if it ever did, the command refuses plainly instead of trapping.
struct RoleNeeded: PeerLogError {
    let role: Role
    var description: String {
        switch role {
        case .coordinator, .deputy: return "this needs the Program Coordinator's passphrase (or a deputy's)"
        case .advisor: return "only an advisor does this, as themselves, with their own passphrase"
        case .commandStaff: return "this needs a command-staff credential"
        case .anyone: return "this is not permitted"
        }
    }
    var hint: String? {
        switch role {
        case .coordinator, .deputy: return "give it with --passphrase-file PATH (a deputy also names themselves with --deputy NAME), or run the command at a terminal to be asked"
        case .advisor: return "name yourself with --advisor NAME"
        case .commandStaff: return "give it with --credential-file PATH"
        case .anyone: return nil
        }
    }
    var exitStatus: ExitStatus { .notPermitted }
}

/// No database at the path: what to do depends on who is asking.
struct MissingDatabase: PeerLogError {
    enum Reader { case advisor, commandStaff, coordinator, unknown }
    let path: String
    let reader: Reader
    var description: String { "no PeerLog program is set up at \(path)" }
    var hint: String? {
        let ask = "ask the Program Coordinator for the program's database path and give it with --db PATH (or set PEERLOG_DB)"
        switch reader {
        case .advisor:
            return ask + "; do not set up a program of your own: forms filed there never reach the coordinator"
        case .commandStaff:
            return ask
        case .coordinator:
            return "set one up with 'peerlog init --program NAME --coordinator NAME', or point --db at an existing one"
        case .unknown:
            return "advisors and command staff: " + ask + ". The Program Coordinator sets up a new program with 'peerlog init'"
        }
    }
    var exitStatus: ExitStatus { .ioError }
}

/// Reads a secret from a named file or the terminal.
enum Secrets {
    static func read(file: String?, option: String, prompt: String, confirm: Bool, what: String) throws -> SecretBytes {
        if let file {
            return try SecretInput.fromFile(file, what: what, warn: Terminal.warning)
        }
        return try SecretInput.prompt(prompt, confirm: confirm, fileOption: option, what: what)
    }
}

/// Today's local calendar date.
func today() -> CalendarDate {
    ServiceTime.now().localDate
}

/// Every store a command opened, so that warnings left after a committed change (a checkpoint a
/// long reader blocked) are printed whether the command then succeeds or fails.
final class OpenedStores: @unchecked Sendable {
    static let shared = OpenedStores()
    /// How long a command that is about to exit waits for a reader before leaving the log as it is.
    static let logWaitMilliseconds = 250
    private let lock = NSLock()
    private var stores: [PeerLogStore] = []

    func add(_ store: PeerLogStore) {
        lock.lock()
        stores.append(store)
        lock.unlock()
    }

    /// Prints each store's warnings once, empties its write-ahead log unless another process
    /// reads for longer than a command should wait, then lets the stores go, which closes their
    /// databases (SQLite removes the `-wal` and `-shm` files when the last connection closes
    /// cleanly). Closing alone would leave the log full while `serve` holds the database open,
    /// and the log orders what was written (`PeerLogStore.emptyLog(waitingAtMost:)`).
    func closeAll() {
        lock.lock()
        let all = stores
        stores = []
        lock.unlock()
        for store in all {
            for warning in store.takeWarnings() { Terminal.warning(warning) }
            _ = store.emptyLog(waitingAtMost: Self.logWaitMilliseconds)
        }
    }
}
