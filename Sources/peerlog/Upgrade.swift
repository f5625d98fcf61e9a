import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// Signs a program set up by an earlier PeerLog with its program root.
    struct Upgrade: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upgrade",
            abstract: "Sign a program set up by an earlier PeerLog with its program root (coordinator, once).",
            discussion: """
            Run once after installing this version on a program set up by an earlier one: until then, \
            forms cannot be filed. It verifies everything first (the audit trail and every form), then \
            certifies the program keys and signs the roster, the command-staff credentials and the \
            settings with the program root, so that whoever can write the database file can no longer \
            swap a key or forge a row unnoticed. It prints the root's fingerprint: give it to advisors \
            and command staff, whom PeerLog shows it when they next file or sign in. If PeerLog ever \
            asks for this again on a program that was upgraded, its signatures were removed: that is \
            tampering, restore a verified backup.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Unlock with the recovery code in this file instead of the passphrase (a successor coordinator).", valueName: "path"))
        var recoveryCodeFile: String?

        func run() throws {
            let store = try global.openStore()
            let keyring: ProgramKeyring
            if let recoveryCodeFile, global.credentialFile == nil, global.advisor == nil, global.deputy == nil {
                let typed = try SecretInput.fromFile(recoveryCodeFile, what: "recovery code", warn: Terminal.warning)
                keyring = try store.unlockProgram(recoveryCode: RecoveryCode(typed: typed))
                try store.authorize(.coordinator(keyring), .manageKeys)
            } else {
                keyring = try global.coordinatorKeyring(store, for: .manageKeys)
            }
            do {
                let done = try store.upgrade(keyring: keyring, today: today())
                print("""
                Upgraded: the program root signed \(done.keys) program key(s), \(done.advisors) roster entr\(done.advisors == 1 ? "y" : "ies"), \
                \(done.credentials) credential(s) and \(done.settings) setting(s); \(done.publications) earlier publication(s) verify under it.

                Program root fingerprint: \(done.rootFingerprint)
                Give it to advisors and command staff: PeerLog shows it to each of them once, when they next file or
                sign in, and they can compare. Advisors should change their passphrase once now
                ('peerlog advisor passphrase NAME'), which retires any copy of their key made before the upgrade.
                """)
            } catch let refusal as UpgradeRefusal {
                guard case .alreadyUpgraded = refusal else { throw refusal }
                print(refusal.description.prefix(1).uppercased() + refusal.description.dropFirst() + ".")
            }
        }
    }
}
