import ArgumentParser
import PeerLog

/// SOG 2-13 IV.A.2 refresher training: the interval, who stands where, and who is overdue.
extension PeerLogCommand.AdvisorCommand {
    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: "List active advisors overdue for training on an IV.A.2 topic, or never trained on it. Anyone may run it.",
            discussion: """
            Overdue: the training interval ('peerlog settings training-interval 12m') has passed since the \
            last training on the topic. Exit status 0 either way; scripts read --format json.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Output format: text, csv or json.")
        var format: ListFormat = .text

        func run() throws {
            let store = try global.openStore()
            _ = try global.actor(store, for: .listRoster)
            let months = try store.trainingIntervalMonths()
            let needing = try store.trainingStatus(today: today()).filter { $0.state.needsTraining }
            if format == .text {
                if months == nil { Terminal.note("no training interval is set, so only topics never trained are listed; set one with 'peerlog settings training-interval 12m'") }
                if needing.isEmpty { print("Nobody is overdue for training."); return }
            }
            print(TrainingRendering.render(needing, months: months, format: format))
        }
    }
}

extension PeerLogCommand.Settings {
    struct TrainingInterval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "training-interval",
            abstract: "Show or set how often advisors are trained again on each IV.A.2 topic: e.g. 12m, 2y, or off.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new interval (12m, 2y, off). Omit to show the current one.", valueName: "interval"))
        var interval: String?

        func run() throws {
            let store = try global.openStore()
            guard let interval else {
                _ = try global.actor(store, for: .readSettings)
                let months = try store.trainingIntervalMonths()
                print("Training interval: " + (months.map(TrainingCycle.describe(months:)) ?? "off (nobody is ever due; topics never trained are still listed)"))
                return
            }
            let months = try TrainingCycle.parseInterval(interval)
            let keyring = try global.coordinatorKeyring(store, for: .manageRoster)
            try store.setTrainingInterval(months: months, keyring: keyring)
            if let months {
                print("Training interval set to \(TrainingCycle.describe(months: months)). 'peerlog advisor due' lists who is overdue.")
            } else {
                print("Training interval is off: nobody is ever due for a refresher.")
            }
        }
    }
}

/// The training table of `advisor list --training` and `advisor due`.
enum TrainingRendering {
    static func render(_ statuses: [TrainingStatus], months: Int?, format: ListFormat) -> String {
        switch format {
        case .text:
            let rows = statuses.map { s in
                [s.advisor, s.topic.code, s.lastTrained?.description ?? "never", s.due?.description ?? "", s.state.rawValue]
            }
            return Render.table(header: ["advisor", "topic", "last trained", "due", "state"], rows: rows, numeric: [])
        case .csv:
            return (["advisor,topic,last_trained,due,state"] + statuses.map { s in
                [Render.csv(s.advisor), s.topic.code, s.lastTrained?.description ?? "", s.due?.description ?? "", s.state.rawValue]
                    .joined(separator: ",")
            }).joined(separator: "\n")
        case .json:
            let items = statuses.map { s in
                "    {\"advisor\": \(Render.json(s.advisor)), \"topic\": \"\(s.topic.code)\", "
                    + "\"last_trained\": \(s.lastTrained.map { "\"\($0)\"" } ?? "null"), "
                    + "\"due\": \(s.due.map { "\"\($0)\"" } ?? "null"), \"state\": \"\(s.state.rawValue)\"}"
            }
            return "{\n  \"interval_months\": \(months.map(String.init) ?? "null"),\n  \"today\": \"\(today())\",\n  \"training\": ["
                + (items.isEmpty ? "]" : "\n" + items.joined(separator: ",\n") + "\n  ]") + "\n}"
        }
    }
}
