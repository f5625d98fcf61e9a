import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand.Report {
    /// The archive: every publication.
    struct Published: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "published",
            abstract: "List every published anonymised report: number, period, grouping, rows, date, signing root (command staff credential, or coordinator).")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let list = try store.publishedReports(as: try global.actor(store, for: .readPublishedReport))
            print(Render.table(header: ["#", "from", "to", "by", "rows", "published (UTC)", "program root", "state"],
                               rows: list.map { p in
                                   [String(p.number), p.from, p.to, p.by.rawValue, p.dimension.rawValue, p.publishedAt, p.rootFingerprint,
                                    p.withdrawnAt.map { "withdrawn \($0)" } ?? (p.epsilon.map { "noise epsilon \($0)" } ?? "")]
                               }, numeric: [0]))
            Terminal.note("every signature verified; 'peerlog report get N' shows one")
        }
    }

    /// One publication from the archive.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Show published report N, withdrawn or not (command staff credential, or coordinator).")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The publication number ('report published' lists them).", valueName: "number"))
        var number: Int64

        @Option(name: .long, help: "Output format: text, csv, json or html.")
        var format: OutputFormat = .text

        @Option(name: .long, help: ArgumentHelp("Write to this file (created 0600) instead of standard output.", valueName: "path"))
        var output: String?

        @Flag(name: .long, help: "Show an annual publication ('report publish --year') year against year.")
        var annual = false

        func run() throws {
            let store = try global.openStore()
            let published = try store.publishedReport(number, as: try global.actor(store, for: .readPublishedReport))
            try PublishedOutput.emit(published, format: format, output: output, annual: annual)
        }
    }

    /// Withdraws a publication for readers.
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw",
            abstract: "Withdraw published report N for readers (coordinator): 'report latest' skips it, the archive marks it.",
            discussion: """
            Command staff keep the copies they have, so the withdrawn report still counts in every \\
            later disclosure check. The withdrawal is signed by the program root and audited.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The publication number.", valueName: "number"))
        var number: Int64

        func run() throws {
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            try store.withdrawPublication(number, keyring: keyring)
            print("Withdrew published report \(number). It stays in the archive, marked withdrawn, and still counts in every later check.")
        }
    }

    /// Declines a request.
    struct Decline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decline",
            abstract: "Decline report request N with a reason code (coordinator): "
                + DeclineReason.allCases.map(\.rawValue).joined(separator: ", ") + ".")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The request number ('report requests' lists them).", valueName: "request"))
        var request: Int64

        @Option(name: .long, help: ArgumentHelp("One of: " + DeclineReason.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                                                valueName: "code"))
        var reason: String

        func run() throws {
            let reason = try DeclineReason(code: self.reason)
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            try store.declineRequest(request, reason: reason, keyring: keyring)
            print("Declined request \(request): \(reason.rawValue).")
        }
    }
}

/// Prints a published report as stored (JSON byte for byte) or rendered, with its signature note.
enum PublishedOutput {
    /// - Parameter annual: show a publication of a year and the year before year against year
    ///   (`CommandStaffAnnual`); refused for any other publication.
    static func emit(_ published: PublishedReport, format: OutputFormat, output: String?, annual: Bool = false) throws {
        let text = annual
            ? try CommandStaffAnnual(published.report).rendered(as: format.value, withdrawnAt: published.withdrawnAt)
            : format.value == .json
            ? String(decoding: published.body, as: UTF8.self)
            : published.report.rendered(as: format.value, withdrawnAt: published.withdrawnAt)
        try Terminal.emit(text, output: output)
        if let withdrawn = published.withdrawnAt { Terminal.warning("report \(published.id) was withdrawn by the Program Coordinator on \(withdrawn)") }
        Terminal.note("report \(published.id), published \(published.publishedAt); signature verified (program root \(published.keyFingerprint))")
    }
}
