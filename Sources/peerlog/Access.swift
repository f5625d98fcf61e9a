import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    /// Command-staff credentials.
    struct Access: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "access",
            abstract: "Issue, revoke and list command-staff credentials (coordinator).",
            discussion: """
            A credential is 32 random characters (144 bits) shown once; PeerLog keeps only a hash of it. \
            Command staff give it with --credential-file to read published anonymised reports; it opens \
            nothing else.
            """,
            subcommands: [Grant.self, Revoke.self, List.self])
    }
}

extension PeerLogCommand.Access {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Issue a credential to a member of command staff.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The holder's name.", valueName: "name"))
        var name: String

        @Option(name: .long, help: "The role to grant. Only command-staff exists.")
        var role: String = Role.commandStaff.rawValue

        @Option(name: .long, help: ArgumentHelp("Write the credential to this file (created readable by you only; a symbolic link there is refused) instead of printing it.", valueName: "path"))
        var output: String?

        func run() throws {
            guard let role = Role(rawValue: self.role), role == .commandStaff else { throw InputError.unsupportedRole(self.role) }
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .manageAccess)
            // The credential reaches its file or the screen before the grant commits: if it cannot,
            // nothing is granted.
            var shown = false
            do {
                let issued = try store.grantAccess(to: name, role: role, authority: keyring, today: today()) { issued in
                    if let output {
                        try FileCreation.writePrivateFile(Data((issued.printable + "\n").utf8), to: output)
                    } else {
                        try Terminal.deliver("""
                        Command-staff credential for \(issued.grant.name) (shown only now):

                            \(issued.printable)

                        They save it in a file readable only by them and use --credential-file PATH.

                        """)
                    }
                    shown = true
                }
                if let output { print("Issued a command-staff credential to \(issued.grant.name), written to \(output). Hand it over in person.") }
            } catch {
                if shown, let output { try? FileManager.default.removeItem(atPath: output) }
                if shown, output == nil { warnShownSecretIsVoid("credential") }
                throw error
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a credential; it stops working at once.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The holder's name.", valueName: "name"))
        var name: String

        func run() throws {
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .manageAccess)
            try store.revokeAccess(from: name, authority: keyring, today: today())
            print("Revoked the credential of \(name).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List who holds credentials.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            _ = try global.coordinatorKeyring(store, for: .manageAccess)
            let grants = try store.accessGrants()
            if grants.isEmpty { print("No credentials issued."); return }
            print(Render.table(header: ["holder", "role", "granted", "revoked"],
                               rows: grants.map { [$0.name, $0.role.rawValue, $0.grantedOn.description, $0.revokedOn?.description ?? ""] },
                               numeric: []))
        }
    }
}
