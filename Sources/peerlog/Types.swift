import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// Lists the codes for incidents, interventions and training topics. Anyone may run it.
    struct Types: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "types",
            abstract: "List the incident, intervention and training codes with their labels.")

        @Option(name: .long, help: "Output format: text, csv or json.")
        var format: ListFormat = .text

        func run() throws {
            try PeerLogStore.authorizeWithoutProgram(.anyone, .listTypes)
            let rows: [(String, String, String, String)] =
                IncidentType.allCases.map { ("incident", $0.code, $0.label, $0.clause) }
                + InterventionKind.allCases.map { ("intervention", $0.code, $0.label, $0.clause) }
                + TrainingTopic.allCases.map { ("training", $0.code, $0.label, "IV.A.2") }
            switch format {
            case .text:
                var out = ""
                for (kind, title) in [("incident", "Incident types (--incident)"), ("intervention", "Intervention kinds (--intervention)"),
                                      ("training", "Training topics (advisor train --topic)")] {
                    out += title + "\n"
                    let section = rows.filter { $0.0 == kind }
                    let width = section.map(\.1.count).max() ?? 0
                    for row in section { out += "  " + row.1.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row.2 + "\n" }
                    out += "\n"
                }
                print(out, terminator: "")
            case .csv:
                print("kind,code,label,sog_clause")
                for row in rows { print([row.0, row.1, Render.csv(row.2), Render.csv(row.3)].joined(separator: ",")) }
            case .json:
                let items = rows.map { "  {\"kind\": \"\($0.0)\", \"code\": \"\($0.1)\", \"label\": \(Render.json($0.2)), \"clause\": \(Render.json($0.3))}" }
                print("[\n" + items.joined(separator: ",\n") + "\n]")
            }
        }
    }
}
