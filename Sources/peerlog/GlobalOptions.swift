import ArgumentParser
import Foundation
import PeerLog

/// Options every command takes: which database, and the acting person's passphrase.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The PeerLog database. Default: $PEERLOG_DB, else $XDG_DATA_HOME/peerlog/peerlog.db (~/.local/share/peerlog/peerlog.db).",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "A file whose first line is the acting person's passphrase. Without it, the passphrase is asked on the terminal without echo. Never give a passphrase as an argument.",
        valueName: "path"))
    var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "A file holding a command-staff credential issued by the Program Coordinator.",
        valueName: "path"))
    var credentialFile: String?

    var databasePath: String { DatabaseLocation.resolve(explicit: db) }

    func openStore() throws -> PeerLogStore {
        let store = try PeerLogStore(openingExisting: databasePath)
        OpenedStores.shared.add(store)
        return store
    }

    /// The acting person's passphrase, from `--passphrase-file` or the terminal.
    func passphrase(prompt: String) throws -> SecretBytes {
        try Secrets.read(file: passphraseFile, option: "--passphrase-file", prompt: prompt, confirm: false, what: "passphrase")
    }

    /// Unlocks the program with the coordinator's passphrase (the coordinator credential) and
    /// passes the role check for `request`.
    /// A command-staff credential instead establishes that role, which the check refers or denies.
    func coordinatorKeyring(_ store: PeerLogStore, for request: Request) throws -> ProgramKeyring {
        try coordinatorUnlock(store, for: request).keyring
    }

    /// As `coordinatorKeyring`, also handing back the passphrase (key rotation re-wraps with it).
    func coordinatorUnlock(_ store: PeerLogStore, for request: Request) throws -> (keyring: ProgramKeyring, passphrase: SecretBytes) {
        if credentialFile != nil {
            try store.authorize(.commandStaff(try commandStaff(store)), request)
        }
        let info = try store.programInfo()
        let passphrase = try passphrase(prompt: "Coordinator passphrase (\(info.coordinatorName)): ")
        let keyring = try store.unlockProgram(passphrase: passphrase)
        try store.authorize(.coordinator(keyring), request)
        return (keyring, passphrase)
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
    private let lock = NSLock()
    private var stores: [PeerLogStore] = []

    func add(_ store: PeerLogStore) {
        lock.lock()
        stores.append(store)
        lock.unlock()
    }

    /// Prints each store's warnings once, then lets the stores go, which closes their databases
    /// (SQLite removes the `-wal` and `-shm` files when the last connection closes cleanly).
    func printWarnings() {
        lock.lock()
        let all = stores
        stores = []
        lock.unlock()
        for store in all { for warning in store.takeWarnings() { Terminal.warning(warning) } }
    }
}
