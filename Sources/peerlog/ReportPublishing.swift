import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand.Report {
    /// Releases an anonymised report to command staff.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Publish the anonymised report for command staff (coordinator). It is signed and audited.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: ReportPeriodOptions
        @OptionGroup var disclosure: DisclosureOptions

        func run() throws {
            let range = try period.range()
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            let report = try store.commandStaffReport(keyring: keyring, from: range.from, to: range.to, by: period.by ?? .quarter,
                                                      dimension: disclosure.dimension, control: disclosure.control())
            let id = try store.publish(report, keyring: keyring)
            print("Published report \(id) (\(report.from) to \(report.to), by \(report.by.rawValue), \(report.withheldCount) numbers withheld).")
            print("Command staff read it with 'peerlog report latest --credential-file PATH'.")
        }
    }

    /// The newest published report, for command staff (or the coordinator).
    struct Latest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "latest",
            abstract: "Show the newest published anonymised report (command staff credential, or coordinator).")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Output format: text, csv, json or html.")
        var format: OutputFormat = .text

        @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output: created readable by you only, replacing a file there, refusing a symbolic link.", valueName: "path"))
        var output: String?

        func run() throws {
            let store = try global.openStore()
            // Command staff show their credential; the coordinator at a terminal is asked (anyone else
            // presses Enter and is told a credential is needed).
            let actor = try global.actor(store, for: .readPublishedReport)
            let published = try store.latestPublishedReport(as: actor)
            let text = format.value == .json ? String(decoding: published.body, as: UTF8.self) : published.report.rendered(as: format.value)
            try Terminal.emit(text, output: output)
            Terminal.note("report \(published.id), published \(published.publishedAt); signature verified (program root \(published.keyFingerprint))")
        }
    }

    /// Command staff ask the coordinator for a report.
    struct RequestReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Ask the Program Coordinator for an anonymised report over a period (command staff).")

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

    /// Pending requests, for the coordinator.
    struct Requests: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "requests", abstract: "List report requests from command staff (coordinator).")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            _ = try global.coordinatorKeyring(store, for: .coordinatorReport)
            let requests = try store.reportRequests()
            if requests.isEmpty { print("No report requests."); return }
            print(Render.table(header: ["#", "requested (UTC)", "by", "from", "to", "by period"],
                               rows: requests.map { [String($0.id), $0.requestedAt, $0.requester, $0.from.description, $0.to.description, $0.by.rawValue] },
                               numeric: [0]))
        }
    }
}
