import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand.Report {
    /// Releases an anonymised report to command staff.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Publish the anonymised report for command staff (coordinator). It is signed and audited.",
            discussion: """
            The report is checked together with every earlier publication, withdrawn ones included: \
            numbers are withheld until no withheld number, old or new, can be worked out or narrowed \
            below --min-cell. Of the layouts tried (the --by asked for, coarser periods, rare types \
            combined) the one that shows most is published. When nothing new could be shown, it is \
            refused (exit 65) with the earlier publication in the way and what would work instead. \
            Reports cover whole calendar months that have ended.
            """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: ReportPeriodOptions
        @OptionGroup var disclosure: DisclosureOptions

        @Option(name: .long, help: ArgumentHelp("Publish the annual report: the year before and this year, by month (instead of --from, --to, --by).",
                                                valueName: "year"))
        var year: Int?

        @Option(name: .long, help: ArgumentHelp("Mark this request (see 'report requests') answered by the publication; repeatable.",
                                                valueName: "request"))
        var answers: [Int64] = []

        @Option(name: .long, help: ArgumentHelp("Add two-sided geometric noise with this privacy loss to every count (needs a noise budget).",
                                                valueName: "epsilon"))
        var noise: String?

        func validate() throws {
            if year != nil, period.from != nil || period.to != nil || period.by != nil {
                throw ValidationError("--year publishes the year before and the year by month: leave out --from, --to and --by")
            }
        }

        func run() throws {
            let range = try period.range()
            let epsilon = try noise.map { try Epsilon(parsing: $0) }
            // A year that cannot be published is said before the passphrase is asked.
            if let year { try AnnualSpan(year: year, today: today()).requireWholeYear() }
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            let specification = try year.map { try disclosure.annualSpecification(year: $0, noise: epsilon) }
                ?? disclosure.specification(period, range: range, noise: epsilon)
            let prepared = try store.prepareCommandStaffReport(keyring: keyring, specification, seed: try disclosure.seed())
            let id = try store.publish(prepared, keyring: keyring, answering: answers)
            let report = prepared.report
            PreparedReportNotes.print(prepared)
            print("Published report \(id) (\(report.from) to \(report.to), by \(report.by.rawValue), "
                  + "\(report.withheldCount) numbers withheld\(report.noise.map { ", noise epsilon \($0.epsilon)" } ?? "")).")
            if !answers.isEmpty { print("Answered request\(answers.count == 1 ? "" : "s") \(answers.map(String.init).joined(separator: ", ")).") }
            print("Command staff read it with 'peerlog report latest --credential-file PATH'"
                  + (year == nil ? "." : " (add --annual to see the year against the year before)."))
        }
    }

    /// The newest published report, for command staff (or the coordinator).
    struct Latest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "latest",
            abstract: "Show the newest published anonymised report (command staff credential, or coordinator).")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var out: ReportOutput

        @Flag(name: .long, help: "Show an annual publication ('report publish --year') year against year.")
        var annual = false

        func run() throws {
            let store = try global.openStore()
            // Command staff show their credential; the coordinator at a terminal is asked (anyone else
            // presses Enter and is told a credential is needed).
            let published = try store.latestPublishedReport(as: try global.actor(store, for: .readPublishedReport))
            try PublishedOutput.emit(published, format: out.format, output: out.output, annual: annual)
        }
    }

    /// Command staff ask the coordinator for a report.
    struct RequestReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Ask the Program Coordinator for an anonymised report over a period (command staff).",
            discussion: "Whole calendar months that have ended: --from the 1st of a month, --to the last day of a month. "
                + "A request that repeats an open one is refused.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "date"))
        var from: String

        @Option(name: .long, help: ArgumentHelp("Last day, YYYY-MM-DD.", valueName: "date"))
        var to: String

        @Option(name: .long, help: "month, quarter (default) or year.")
        var by: PeriodGrouping = .quarter

        func run() throws {
            let from = try CalendarDate(parsing: self.from), to = try CalendarDate(parsing: self.to)
            let store = try global.openStore()
            guard case let .commandStaff(session) = try global.actor(store, for: .requestReport) else {
                throw RoleNeeded(role: .commandStaff)
            }
            let id = try store.requestReport(by: session, from: from, to: to, grouping: by)
            print("Request \(id) recorded. The Program Coordinator, \(try store.programInfo().coordinatorName), will publish the report.")
        }
    }

    /// Requests and what became of them, for the coordinator.
    struct Requests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "requests",
            abstract: "List report requests from command staff and their state: open, answered (by publication N) or declined (coordinator).")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            _ = try global.coordinatorKeyring(store, for: .coordinatorReport)
            let requests = try store.reportRequests()
            if requests.isEmpty { print("No report requests."); return }
            func state(_ request: ReportRequest) -> String {
                switch request.state {
                case .open: return "open"
                case let .answered(publication): return "answered by publication \(publication)"
                case let .declined(reason): return "declined: \(reason.rawValue)"
                }
            }
            print(Render.table(header: ["#", "requested (UTC)", "by", "from", "to", "by period", "state"],
                               rows: requests.map { [String($0.id), $0.requestedAt, $0.requester, $0.from.description, $0.to.description,
                                                     $0.by.rawValue, state($0)] },
                               numeric: [0]))
        }
    }
}
