import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// The coordinator's report: counts by period and type, and each advisor's workload.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count usage forms by period, type and advisor (coordinator only).",
            discussion: """
            Opens every form with the coordinator's key and checks each signature; a form that fails \
            stops the report with an error naming the problem, rather than giving short counts. The \
            output names advisors: it is for the coordinator, not for command staff. Anyone else who asks \
            (for instance with a command-staff credential) is referred to the Program Coordinator.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("First day included, YYYY-MM-DD.", valueName: "date"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Last day included, YYYY-MM-DD.", valueName: "date"))
        var to: String?

        @Option(name: .long, help: "Group by month, quarter or year.")
        var by: PeriodGrouping = .month

        @Option(name: .long, help: "Output format: text, csv or json.")
        var format: OutputFormat = .text

        @Option(name: .long, help: ArgumentHelp("Write to this file (created 0600) instead of standard output.", valueName: "path"))
        var output: String?

        func run() throws {
            let range = try DateRange(from: from.map { try CalendarDate(parsing: $0) }, to: to.map { try CalendarDate(parsing: $0) })
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            let report = try store.coordinatorReport(keyring: keyring, range: range, grouping: by)
            try Terminal.emit(report.rendered(as: format.value), output: output)
        }
    }
}
