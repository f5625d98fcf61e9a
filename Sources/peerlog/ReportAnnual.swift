import ArgumentParser
import PeerLog

extension PeerLogCommand.Report {
    /// The year against the year before: the coordinator's, or a preview of the command staff's.
    struct Annual: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "annual",
            abstract: "The year and the year before side by side (coordinator), or with --audience command-staff a preview of the anonymised one.",
            discussion: """
            The coordinator's annual report counts forms by month, type of incident, intervention and \
            advisor for the year and the year before, with the change (absolute and percent; "new" or \
            "—" where the year before had none). A year that has not ended is compared up to today \
            with the same days of the year before, and labelled year to date. With --audience \
            command-staff it previews the anonymised annual report: an ordinary command-staff report \
            from January 1 of the year before to December 31 of the year, checked with every earlier \
            publication; 'peerlog report publish --year YEAR' publishes it. Anyone else who asks is \
            referred to the Program Coordinator.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("The year, e.g. 2026.", valueName: "year"))
        var year: Int

        @Option(name: .long, help: "coordinator (names advisors; default) or command-staff (anonymised preview).")
        var audience: Audience = .coordinator

        @OptionGroup var disclosure: DisclosureOptions

        @OptionGroup var out: ReportOutput

        func run() throws {
            let today = today()
            let span = try AnnualSpan(year: year, today: today)
            if audience == .commandStaff { try span.requireWholeYear() }
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .coordinatorReport)
            switch audience {
            case .coordinator:
                let report = try store.annualReport(keyring: keyring, year: year, today: today)
                try out.emit(report.rendered(as: out.format.value))
            case .commandStaff:
                let prepared = try store.prepareCommandStaffReport(keyring: keyring, try disclosure.annualSpecification(year: year),
                                                                   seed: try disclosure.seed())
                try out.emit(try CommandStaffAnnual(prepared.report).rendered(as: out.format.value))
                PreparedReportNotes.print(prepared)
                Terminal.note("this is a preview; 'peerlog report publish --year \(year)' with the same options releases it to command "
                              + "staff (the numbers hidden to protect small ones are chosen afresh, at random)")
            }
        }
    }
}

extension DisclosureOptions {
    /// The anonymised annual report: the year before and the year, by month, as one publication.
    func annualSpecification(year: Int, noise: Epsilon? = nil) throws -> ReportSpecification {
        try ReportSpecification.annual(year: year, dimension: dimension, control: try control(), asAsked: asAsked, noise: noise)
    }
}
