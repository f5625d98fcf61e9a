import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// Reports: the coordinator's own, the anonymised one for command staff, and publishing it.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Count usage forms (coordinator), or preview, publish and read anonymised reports.",
            discussion: "'peerlog report [options]' is 'peerlog report show [options]'.",
            subcommands: [Show.self, Annual.self, Publish.self, Latest.self, Published.self, Get.self, Withdraw.self, RequestReport.self, Requests.self,
                          Decline.self],
            defaultSubcommand: Show.self)
    }
}

extension PeerLogCommand.Report {
    /// The coordinator's report, or a preview of the anonymised one.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The coordinator's report, or with --audience command-staff a preview of the anonymised one.",
            discussion: """
            The coordinator's report counts forms by period, type and advisor. With --audience \
            command-staff it previews the anonymised report, in which counts below --min-cell and any \
            count that could be worked out from them are withheld. Every form is opened and its \
            signature checked; a form that fails stops the report with an error naming the problem. \
            Anyone else who asks (for instance with a command-staff credential) is referred to the \
            Program Coordinator.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "coordinator (names advisors; default) or command-staff (anonymised preview).")
        var audience: Audience = .coordinator

        @OptionGroup var period: ReportPeriodOptions

        @OptionGroup var disclosure: DisclosureOptions

        @OptionGroup var out: ReportOutput

        func run() throws {
            let range = try period.range()
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            switch audience {
            case .coordinator:
                let report = try store.coordinatorReport(keyring: keyring, range: range, grouping: period.by ?? .month)
                try out.emit(report.rendered(as: out.format.value))
            case .commandStaff:
                let prepared = try store.prepareCommandStaffReport(keyring: keyring, try disclosure.specification(period, range: range),
                                                                   seed: try disclosure.seed())
                try out.emit(prepared.report.rendered(as: out.format.value))
                PreparedReportNotes.print(prepared)
                Terminal.note("this is a preview; 'peerlog report publish' with the same options releases it to command staff "
                              + "(the numbers hidden to protect small ones are chosen afresh, at random)")
            }
        }
    }
}

/// Who a report is for.
enum Audience: String, ExpressibleByArgument, CaseIterable {
    case coordinator
    case commandStaff = "command-staff"
}

/// `--from`, `--to`, `--by`.
struct ReportPeriodOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("First day included, YYYY-MM-DD.", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Last day included, YYYY-MM-DD.", valueName: "date"))
    var to: String?

    @Option(name: .long, help: "Group by month, quarter or year (default: month for the coordinator, quarter for command staff).")
    var by: PeriodGrouping?

    func range() throws -> DateRange {
        try DateRange(from: from.map { try CalendarDate(parsing: $0) }, to: to.map { try CalendarDate(parsing: $0) })
    }
}

/// `--min-cell`, `--dimension`, `--as-asked`.
struct DisclosureOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Smallest count shown to command staff (at least 3).", valueName: "K"))
    var minCell: Int = DisclosureControl.defaultThreshold

    @Option(name: .long, help: "Rows of the anonymised report: incident (type of incident) or intervention (kind of support).")
    var dimension: CommandStaffReport.Dimension = .incident

    @Flag(name: .long, help: "Exactly the --by and rows asked for: no coarser period, no rare types combined.")
    var asAsked = false

    /// Replays the random choices from a seed (64 hex digits): for reproducing a publication.
    @Option(name: .long, help: .hidden)
    var seedFile: String?

    func control() throws -> DisclosureControl { try DisclosureControl(threshold: minCell) }

    func specification(_ period: ReportPeriodOptions, range: DateRange, noise: Epsilon? = nil) throws -> ReportSpecification {
        ReportSpecification(from: range.from, to: range.to, by: period.by ?? .quarter, dimension: dimension, control: try control(),
                            asAsked: asAsked, noise: noise)
    }

    /// The seed in `--seed-file`, if given.
    func seed() throws -> [UInt8]? {
        guard let seedFile else { return nil }
        let text = (try? String(contentsOfFile: seedFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard let bytes = bytes(fromHex: text), bytes.count == 32 else { throw ValidationError("--seed-file must hold 64 hex digits") }
        return bytes
    }
}

/// What a preview or a publication says about the layouts it tried, on standard error.
enum PreparedReportNotes {
    static func print(_ prepared: PreparedReport) {
        Terminal.note("layouts tried (numbers withheld of all, independent non-zero numbers shown):")
        for option in prepared.options {
            let state = option.chosen ? " <- chosen" : option.refused.map { " (not possible: \($0))" } ?? ""
            Terminal.note("  \(option.name): \(option.withheld) of \(option.numbers) withheld, shows \(option.information)\(state)")
        }
        if !prepared.conflicts.isEmpty {
            Terminal.note("withheld more to protect numbers withheld in publication "
                          + prepared.conflicts.map(String.init).joined(separator: ", "))
        }
    }
}

extension CommandStaffReport.Dimension: ExpressibleByArgument {}
