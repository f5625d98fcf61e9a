import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// The roster: enrol, list, retire, record training.
    struct AdvisorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "advisor",
            abstract: "Manage the roster of Peer Support Advisors.",
            subcommands: [Add.self, List.self, Retire.self, Train.self, Due.self, ChangePassphrase.self])
    }
}

extension PeerLogCommand.AdvisorCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Enrol an advisor (coordinator). The advisor's passphrase protects their signing key.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The advisor's name, as it will appear on the roster.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the advisor's initial passphrase (at least 10 characters). Without it, asked twice on the terminal.", valueName: "path"))
        var advisorPassphraseFile: String?

        func run() throws {
            let store = try global.openStore()
            let person = try PersonName(name, field: "advisor name")
            let keyring = try global.coordinatorKeyring(store, for: .manageRoster)
            let passphrase = try Secrets.read(file: advisorPassphraseFile, option: "--advisor-passphrase-file",
                                              prompt: "Passphrase for \(person.value): ", confirm: true, what: "advisor passphrase")
            let advisor = try store.addAdvisor(name: person.value, passphrase: passphrase, authority: keyring, today: today())
            print("Enrolled \(advisor.name). They file forms with 'peerlog file' (or 'peerlog file --advisor \"\(advisor.name)\"').")
            if !advisor.missingTraining.isEmpty {
                print("Training to record (SOG 2-13 IV.A.2): " + advisor.missingTraining.map(\.code).joined(separator: ", "))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Show the roster with status and training. Anyone may run it: the roster is public.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Output format: text, csv or json.")
        var format: ListFormat = .text

        @Flag(name: .long, help: "Show, per active advisor and IV.A.2 topic, when last trained, when due again and whether overdue.")
        var training = false

        func run() throws {
            let store = try global.openStore()
            _ = try global.actor(store, for: .listRoster)
            if training {
                let statuses = try store.trainingStatus(today: today())
                if format == .text, statuses.isEmpty { print("No active advisors on the roster."); return }
                print(TrainingRendering.render(statuses, months: try store.trainingIntervalMonths(), format: format))
                return
            }
            let roster = try store.roster()
            switch format {
            case .text:
                if roster.isEmpty { print("No advisors on the roster yet. Enrol one with 'peerlog advisor add NAME'."); return }
                let rows = roster.map { a in
                    [a.name, a.status.rawValue, a.enrolledOn.description, a.retiredOn?.description ?? "",
                     a.missingTraining.isEmpty ? "complete" : "missing: " + a.missingTraining.map(\.code).joined(separator: ", ")]
                }
                print(Render.table(header: ["advisor", "status", "enrolled", "retired", "training (IV.A.2)"], rows: rows, numeric: []))
            case .csv:
                print("advisor,status,enrolled,retired,topic,trained_on")
                for a in roster {
                    let base = [Render.csv(a.name), a.status.rawValue, a.enrolledOn.description, a.retiredOn?.description ?? ""]
                    if a.training.isEmpty { print((base + ["", ""]).joined(separator: ",")) }
                    for t in a.training { print((base + [t.topic.code, t.on.description]).joined(separator: ",")) }
                }
            case .json:
                let items = roster.map { a in
                    let training = a.training.map { "{\"topic\": \"\($0.topic.code)\", \"on\": \"\($0.on)\"}" }.joined(separator: ", ")
                    return "  {\"name\": \(Render.json(a.name)), \"status\": \"\(a.status.rawValue)\", \"enrolled\": \"\(a.enrolledOn)\", "
                        + "\"retired\": \(a.retiredOn.map { "\"\($0)\"" } ?? "null"), \"training\": [\(training)]}"
                }
                print("[\n" + items.joined(separator: ",\n") + (items.isEmpty ? "]" : "\n]"))
            }
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire",
            abstract: "Retire an advisor (coordinator). They can no longer file; their past forms stay valid.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The advisor's name.", valueName: "name"))
        var name: String

        func run() throws {
            let store = try global.openStore()
            _ = try store.advisor(named: name)
            let keyring = try global.coordinatorKeyring(store, for: .manageRoster)
            let advisor = try store.retireAdvisor(named: name, authority: keyring, today: today())
            print("\(advisor.name) is retired (since \(advisor.retiredOn?.description ?? "today")).")
        }
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Record an advisor's training on an SOG 2-13 IV.A.2 topic (coordinator).",
            discussion: "Topics: " + TrainingTopic.allCases.map(\.code).joined(separator: ", ") + ".")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The advisor's name.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("The training topic code (see 'peerlog types').", valueName: "code"))
        var topic: String

        @Option(name: .long, help: ArgumentHelp("The day of the training, YYYY-MM-DD.", valueName: "date"))
        var on: String

        func run() throws {
            let topic = try TrainingTopic(code: self.topic)
            let date = try CalendarDate(parsing: on)
            guard date <= today() else { throw InputError.futureDate(on) }
            let store = try global.openStore()
            _ = try store.advisor(named: name)
            let keyring = try global.coordinatorKeyring(store, for: .manageRoster)
            let advisor = try store.recordTraining(advisor: name, topic: topic, on: date, authority: keyring)
            print("Recorded \(topic.label.lowercased()) training for \(advisor.name) on \(date).")
        }
    }
}
