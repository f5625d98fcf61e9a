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

    func openStore() throws -> PeerLogStore { try PeerLogStore(openingExisting: databasePath) }

    /// The acting person's passphrase, from `--passphrase-file` or the terminal.
    func passphrase(prompt: String) throws -> SecretBytes {
        try Secrets.read(file: passphraseFile, option: "--passphrase-file", prompt: prompt, confirm: false, what: "passphrase")
    }

    /// Unlocks the program with the coordinator's passphrase (the coordinator credential) and
    /// passes the role check for `request`.
    /// A command-staff credential instead establishes that role, which the check refers or denies.
    func coordinatorKeyring(_ store: PeerLogStore, for request: Request) throws -> ProgramKeyring {
        if credentialFile != nil {
            _ = try commandStaff(store)
            try store.authorize(.commandStaff, request)
        }
        let info = try store.programInfo()
        let keyring = try store.unlockProgram(passphrase: passphrase(prompt: "Coordinator passphrase (\(info.coordinatorName)): "))
        try store.authorize(.coordinator, request)
        return keyring
    }

    /// Establishes the command-staff role from `--credential-file`.
    func commandStaff(_ store: PeerLogStore) throws -> String {
        guard let credentialFile else { throw ValidationError("a command-staff credential is needed: --credential-file PATH") }
        let credential = try SecretInput.fromFile(credentialFile, what: "credential", warn: Terminal.warning)
        return try store.authenticateCommandStaff(credential: credential)
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
