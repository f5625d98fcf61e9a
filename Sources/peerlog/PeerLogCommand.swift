import ArgumentParser
import CProcessHardening
import Foundation
import PeerLog

/// `peerlog`: the confidential usage tracker of a Peer Support Program (SOG 2-13).
@main
struct PeerLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerlog",
        abstract: "Confidential usage forms for a police Peer Support Program (SOG 2-13).",
        discussion: """
        Advisors file usage forms holding only their name, the date and time of service and the type \
        of incident/intervention (SOG 2-13 IV.D.2). Forms are sealed so that only the Program \
        Coordinator can read them. Try 'peerlog demo' to see it all on a throw-away database.

        Exit status: 0 done, 3 referred to the Program Coordinator, 64 usage error, 65 invalid data, \
        74 database or I/O error, 77 not permitted.
        """,
        version: "0.1.0",
        subcommands: [Init.self, Types.self, AdvisorCommand.self, DeputyCommand.self, File.self, Forms.self, VoidCommand.self, Report.self, Query.self,
                      Access.self, Audit.self, Passphrase.self, Recover.self, Key.self, Backup.self, Restore.self, Maintain.self,
                      Verify.self, Purge.self, Settings.self, Upgrade.self, Serve.self, Demo.self]
    )

    /// The subcommand names of the top-level command `name` (empty when it has none), or nil when
    /// there is no such command; for `GlobalOptionPlacement`. Asked only when options stand before
    /// the command, and stops at the match: each command's configuration is built on first use,
    /// and building all of them cost every run a millisecond and more.
    static func subcommandNames(of name: String) -> Set<String>? {
        for command in configuration.subcommands where command._commandName == name {
            return Set(command.configuration.subcommands.map { $0._commandName })
        }
        return nil
    }

    /// Parses, runs, and turns every failure into `peerlog: error:` lines and an exit status.
    static func main() {
        _ = peerlog_disable_core_dumps()
        FileCreation.restrictUmask()
        do {
            let arguments = GlobalOptionPlacement.normalise(Array(CommandLine.arguments.dropFirst()), subcommands: subcommandNames(of:))
            var command = try parseAsRoot(arguments)
            try command.run()
            OpenedStores.shared.closeAll()
        } catch let referral as Referral {
            OpenedStores.shared.closeAll()
            // A referral is an answer, not an error: stdout, exit 3.
            print(referral.message)
            Foundation.exit(referral.exitStatus.rawValue)
        } catch let error as PeerLogError {
            OpenedStores.shared.closeAll()
            Terminal.fail(error)
        } catch let exit as ExitCode {
            OpenedStores.shared.closeAll()
            Foundation.exit(exit.rawValue)
        } catch {
            OpenedStores.shared.closeAll()
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            Terminal.error(String(lines.first ?? ""))
            let rest = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !rest.isEmpty { FileHandle.standardError.write(Data((rest + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
        }
    }
}
