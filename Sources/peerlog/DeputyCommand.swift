import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    /// Deputy coordinators: someone who can run the program while the coordinator is away.
    struct DeputyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deputy",
            abstract: "Appoint, list or remove deputy coordinators (coordinator), or change your own deputy passphrase.",
            discussion: """
            A deputy acts for the Program Coordinator with their own passphrase (--deputy NAME): they \
            open forms, answer questions, publish reports and manage the roster and credentials; they \
            do not change the program's keys, recovery code, deputies or coordinator, nor restore. \
            Everything a deputy does is recorded in the audit trail as the deputy's. Removing a deputy \
            rotates the program key, so nothing filed afterwards opens for them; what they could read \
            before, they could have copied.
            """,
            subcommands: [Add.self, List.self, Remove.self, ChangePassphrase.self])
    }
}

extension PeerLogCommand.DeputyCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Appoint a deputy coordinator, who then holds every program key under their own passphrase.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The deputy's name, as referrals will show it.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the deputy's initial passphrase. Without it, asked twice on the terminal.", valueName: "path"))
        var deputyPassphraseFile: String?

        @Option(name: .long, help: "Key-derivation strength for the deputy's key: interactive, moderate (default) or sensitive.")
        var kdf: KDFChoice = .init(.moderate)

        func run() throws {
            let store = try global.openStore()
            let person = try PersonName(name, field: "deputy name")
            let keyring = try global.coordinatorKeyring(store, for: .appointCoordinators)
            let passphrase = try Secrets.read(file: deputyPassphraseFile, option: "--deputy-passphrase-file",
                                              prompt: "Passphrase for deputy \(person.value): ", confirm: true, what: "deputy passphrase")
            let deputy = try store.addDeputy(name: person.value, passphrase: passphrase, authority: keyring, kdf: kdf.value.parameters, today: today())
            print("\(deputy.name) is a deputy coordinator. They act with '--deputy \"\(deputy.name)\"' and their own passphrase;")
            print("referrals now name them too. Tell them the program root's fingerprint: \(keyring.rootFingerprint).")
            BackupAdvice.afterKeyChange(.deputyAdded, store: store)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the deputy coordinators (anyone: referrals name them).")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            _ = try global.actor(store, for: .listRoster)
            let deputies = try store.deputies()
            if deputies.isEmpty { print("No deputy coordinators. The coordinator appoints one with 'peerlog deputy add NAME'."); return }
            print(Render.table(header: ["deputy", "since"], rows: deputies.map { [$0.name, $0.addedOn.description] }, numeric: []))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a deputy and rotate the program key, so forms filed afterwards do not open for them. Prints a new recovery code.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The deputy's name.", valueName: "name"))
        var name: String

        @Option(name: .long, help: "Key-derivation strength for the re-wrapped keys: interactive, moderate (default) or sensitive.")
        var kdf: KDFChoice = .init(.moderate)

        func run() throws {
            let store = try global.openStore()
            let (keyring, passphrase) = try global.coordinatorUnlock(store, for: .appointCoordinators)
            try RecoveryCodeDelivery.run(lead: """
                Removed deputy \(name). A new program key seals every form filed from now on; their copies of the keys do not open those.
                Forms filed before, which they could open, they may have copied: that cannot be undone.
                """) { deliver in
                _ = try store.removeDeputy(named: name, authority: keyring, passphrase: passphrase, kdf: kdf.value.parameters,
                                           today: today(), deliver: deliver)
            }
            BackupAdvice.afterKeyChange(.deputyRemoved, store: store)
        }
    }

    struct ChangePassphrase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passphrase", abstract: "Change your own deputy passphrase (you need the current one; give --deputy NAME).")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the new passphrase. Without it, asked twice.", valueName: "path"))
        var newPassphraseFile: String?

        func run() throws {
            let store = try global.openStore()
            let actor = try global.actor(store, for: .changeDeputyPassphrase)
            guard case let .coordinator(keyring) = actor, keyring.role == .deputy else { throw RoleNeeded(role: .deputy) }
            let new = try Secrets.read(file: newPassphraseFile, option: "--new-passphrase-file", prompt: "New passphrase: ",
                                       confirm: true, what: "new passphrase")
            try store.changeDeputyPassphrase(keyring, to: new)
            print("Passphrase changed for deputy \(global.deputy ?? "").")
        }
    }
}

extension PeerLogCommand.Settings {
    /// After a succession by recovery code, the new coordinator's name for referrals.
    struct CoordinatorName: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coordinator", abstract: "Show or change the Program Coordinator's name (referrals name them).")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The coordinator's name. Omit to show the current one.", valueName: "name"))
        var name: String?

        func run() throws {
            let store = try global.openStore()
            guard let name else {
                _ = try global.actor(store, for: .readSettings)
                print("Program Coordinator: \(try store.programInfo().coordinatorName)")
                return
            }
            let keyring = try global.coordinatorKeyring(store, for: .appointCoordinators)
            try store.renameCoordinator(to: name, authority: keyring)
            print("The Program Coordinator is now \(try store.programInfo().coordinatorName); referrals name them.")
        }
    }
}
