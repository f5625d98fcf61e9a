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
            command answers only the Program Coordinator (asked for the passphrase at a terminal, where \
            anyone else presses Enter; or --passphrase-file). Anyone else, including command staff, gets a referral \
            (exit status 3); the request is counted without its subject. About a member the answer is \
            always that PeerLog does not record who receives support.

            Leave names off the command line on a shared computer (everyone can see a running command's \
            arguments): the coordinator is asked at the terminal, or gives member=NAME or advisor=NAME \
            on standard input (who the question is about; --advisor is who is asking). The options are for scripts on a computer of your own.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: [.customLong("about-member"), .customLong("member")],
                help: ArgumentHelp("A member the question is about (asked for when left out). PeerLog keeps no record of members.", valueName: "name"))
        var member: String?

        @Option(name: .customLong("about-advisor"), help: ArgumentHelp("An advisor whose forms the question is about.", valueName: "name"))
        var advisor: String?

        @Option(name: .long, help: ArgumentHelp("First day included, YYYY-MM-DD.", valueName: "date"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Last day included, YYYY-MM-DD.", valueName: "date"))
        var to: String?

        @Option(name: .long, help: "Output format for the answer: text, csv, json or html.")
        var format: OutputFormat = .text

        func run() throws {
            let range = try DateRange(from: from.map { try CalendarDate(parsing: $0) }, to: to.map { try CalendarDate(parsing: $0) })
            let store = try global.openStore()
            // Nobody but the coordinator is answered: anyone else gets the referral before being
            // asked whom the question is about, so the subject is never even typed.
            let keyring = try global.coordinatorKeyring(store, for: .queryUsage)
            let subject = try subjectOfQuestion(store)
            if subject.aboutMember {
                print(UsageAnswer.noMemberRecords)
                if subject.advisor == nil { return }
                print("")
            }
            let answer = try store.usageAnswer(keyring: keyring, advisor: subject.advisor, range: range)
            print(answer.report.rendered(as: format.value), terminator: "")
        }

        /// Whom the question is about: the options, else asked at the terminal, else read from
        /// standard input. A member's name is read only to be answered: it is never kept.
        private func subjectOfQuestion(_ store: PeerLogStore) throws -> (aboutMember: Bool, advisor: String?) {
            if member != nil || advisor != nil { return (member != nil, advisor) }
            if FieldInput.standardInputIsTerminal {
                let about = try FieldInput.choose("Whose usage is the question about?",
                                                  [("member", "A member (someone who may have been supported)"),
                                                   ("advisor", "An advisor's forms"), ("all", "All usage in the period")])
                switch about {
                case "member":
                    _ = try FieldInput.ask("The member's name (it is not recorded): ")
                    return (true, nil)
                case "advisor":
                    let names = try store.roster().map(\.name)
                    return (false, try FieldInput.choose("Which advisor?", names.map { ($0, $0) }))
                default:
                    return (false, nil)
                }
            }
            let given = try FieldInput.lines(allowed: ["member", "advisor"])
            return (given["member"] != nil, given["advisor"].flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
