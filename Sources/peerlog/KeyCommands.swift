import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// The coordinator passphrase.
    struct Passphrase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passphrase",
            abstract: "Change the coordinator passphrase.", subcommands: [Change.self])

        struct Change: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "change",
                abstract: "Re-wrap the program keys under a new coordinator passphrase; the old one stops working at once.")

            @OptionGroup var global: GlobalOptions

            @Option(name: .long, help: ArgumentHelp("A file whose first line is the new passphrase. Without it, asked twice.", valueName: "path"))
            var newPassphraseFile: String?

            @Option(name: .long, help: "Key-derivation strength: interactive (for slow machines), moderate (default) or sensitive.")
            var kdf: KDFChoice = .init(.moderate)

            func run() throws {
                let store = try global.openStore()
                let keyring = try global.coordinatorKeyring(store, for: .manageKeys)
                let new = try Secrets.read(file: newPassphraseFile, option: "--new-passphrase-file", prompt: "New coordinator passphrase: ",
                                           confirm: true, what: "new passphrase")
                try store.changeCoordinatorPassphrase(keyring: keyring, to: new, kdf: kdf.value.parameters)
                print("Coordinator passphrase changed. The old passphrase no longer opens the program.")
                BackupAdvice.afterKeyChange(.passphrase, store: store)
            }
        }
    }

    /// Coordinator succession with the recovery code.
    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recover",
            abstract: "Take over as coordinator with the recovery code: set a new passphrase, get a new recovery code.",
            discussion: "The old recovery code stops working; write the new one down and keep it in the safe.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the recovery code. Without it, asked on the terminal.", valueName: "path"))
        var recoveryCodeFile: String?

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the new coordinator passphrase. Without it, asked twice.", valueName: "path"))
        var newPassphraseFile: String?

        @Option(name: .long, help: "Key-derivation strength: interactive, moderate (default) or sensitive.")
        var kdf: KDFChoice = .init(.moderate)

        func run() throws {
            let store = try global.openStore()
            // The recovery code is the coordinator's proof here (checked by the store's gate). Anyone
            // else, and anyone with no code to give, meets the gate as who they are.
            if global.credentialFile != nil || global.advisor != nil || global.deputy != nil || (recoveryCodeFile == nil && !SecretInput.hasTerminal) {
                _ = try global.actor(store, for: .manageKeys)
            }
            let typed = try Secrets.read(file: recoveryCodeFile, option: "--recovery-code-file", prompt: "Recovery code: ",
                                         confirm: false, what: "recovery code")
            let code = try RecoveryCode(typed: typed)
            let new = try Secrets.read(file: newPassphraseFile, option: "--new-passphrase-file", prompt: "New coordinator passphrase: ",
                                       confirm: true, what: "new passphrase")
            var shown = false
            do {
                _ = try store.recover(with: code, newPassphrase: new, kdf: kdf.value.parameters) { printable in
                    try Terminal.deliver("""
                    You are now the coordinator's passphrase holder. The old passphrase and the old recovery code no longer work.

                    NEW RECOVERY CODE (shown only now):

                        \(printable)

                    Write it down by hand and keep it apart from the passphrase.

                    """)
                    shown = true
                }
            } catch {
                if shown { warnShownSecretIsVoid("recovery code") }
                throw error
            }
            BackupAdvice.afterKeyChange(.recovery, store: store)
            // A deputy's keypair was made at the former coordinator's computer, and every later
            // key is sealed to it: the successor replaces them before rotating.
            let deputies = (try? store.deputies()) ?? []
            if !deputies.isEmpty {
                print("""
                    Deputies appointed before: \(deputies.map(\.name).joined(separator: ", ")). Their keys were made where the former \
                    coordinator could see them. Remove each ('peerlog deputy remove NAME') and appoint them again before 'peerlog key rotate'.
                    """)
            }
        }
    }

    /// Program key rotation.
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: "Rotate the program key.", subcommands: [Rotate.self])

        struct Rotate: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rotate",
                abstract: "Seal new forms to a new program key; old forms stay readable. Prints a new recovery code.",
                discussion: """
                Old keys are kept (encrypted) in the keyring, so every existing form still opens. All keys \
                are re-wrapped under the coordinator passphrase and a new recovery code in one transaction: \
                if the command is interrupted, nothing has changed.
                """)

            @OptionGroup var global: GlobalOptions

            @Option(name: .long, help: "Key-derivation strength for the re-wrapped keys: interactive, moderate (default) or sensitive.")
            var kdf: KDFChoice = .init(.moderate)

            func run() throws {
                let store = try global.openStore()
                let (keyring, passphrase) = try global.coordinatorUnlock(store, for: .manageKeys)
                try RecoveryCodeDelivery.run(lead: "New program key in use for new forms; \(keyring.keys.count) older key(s) kept for existing forms.") { deliver in
                    _ = try store.rotateProgramKey(keyring: keyring, passphrase: passphrase, kdf: kdf.value.parameters,
                                                   today: today(), deliver: deliver)
                }
                BackupAdvice.afterKeyChange(.rotation, store: store)
            }
        }
    }
}

extension PeerLogCommand.AdvisorCommand {
    /// An advisor changes their own passphrase.
    struct ChangePassphrase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passphrase",
            abstract: "Change your own advisor passphrase (you need the current one).")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Your name as it is on the roster (or give --advisor NAME).", valueName: "name"))
        var name: String?

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the new passphrase. Without it, asked twice.", valueName: "path"))
        var newPassphraseFile: String?

        func run() throws {
            let store = try global.openStore(advisorCommand: true)
            if let name, let other = global.advisor, name != other {
                throw ValidationError("the name and --advisor differ; give one of them")
            }
            let actor = try global.actor(store, for: .changeOwnPassphrase, advisorName: name)
            guard case let .advisor(credential) = actor else { throw RoleNeeded(role: .advisor) }
            let new = try Secrets.read(file: newPassphraseFile, option: "--new-passphrase-file", prompt: "New passphrase: ",
                                       confirm: true, what: "new passphrase")
            try store.changeAdvisorPassphrase(credential, to: new)
            print("Passphrase changed for \(credential.name).")
        }
    }
}
