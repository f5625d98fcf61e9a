import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// Questions about usage. Anyone but the coordinator is referred to the coordinator.
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: "Ask about peer support usage (answered only for the Program Coordinator).",
            subcommands: [Usage.self])
    }
}

extension PeerLogCommand.Query {
    struct Usage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usage",
            abstract: "Ask what the usage forms say about an advisor, a member or a period.",
            discussion: """
            SOG 2-13 IV.C.1: supervisors who ask about peer support usage are referred to the Program \
            Coordinator, and advisors release no information to any member regardless of rank. So this \
            command answers only when the coordinator's passphrase is given (--coordinator to be asked \
            for it, or --passphrase-file). Anyone else, including command staff, gets a referral \
            (exit status 3); the request is recorded in the audit trail without its subject. About a \
            member the answer is always that PeerLog does not record who receives support.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("A member's name. PeerLog keeps no record of members.", valueName: "name"))
        var member: String?

        @Option(name: .long, help: ArgumentHelp("An advisor's name.", valueName: "name"))
        var advisor: String?

        @Option(name: .long, help: ArgumentHelp("First day included, YYYY-MM-DD.", valueName: "date"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Last day included, YYYY-MM-DD.", valueName: "date"))
        var to: String?

        @Flag(name: .long, help: "I am the Program Coordinator: ask for my passphrase on the terminal.")
        var coordinator = false

        @Option(name: .long, help: "Output format for the answer: text, csv, json or html.")
        var format: OutputFormat = .text

        func run() throws {
            let range = try DateRange(from: from.map { try CalendarDate(parsing: $0) }, to: to.map { try CalendarDate(parsing: $0) })
            let store = try global.openStore()
            if global.credentialFile != nil {
                _ = try global.commandStaff(store)
                try store.authorize(.commandStaff, .queryUsage)
            }
            guard coordinator || global.passphraseFile != nil else {
                try store.authorize(.anyone, .queryUsage)
                return
            }
            let keyring = try global.coordinatorKeyring(store, for: .queryUsage)
            if member != nil {
                print(UsageAnswer.noMemberRecords)
                if advisor == nil { return }
                print("")
            }
            let answer = try store.usageAnswer(keyring: keyring, advisor: advisor, range: range)
            print(answer.report.rendered(as: format.value), terminator: "")
        }
    }
}
