import ArgumentParser
import PeerLog

extension VoidReason: ExpressibleByArgument {}

extension PeerLogCommand {
    /// Voids a mis-coded form: appends a sealed, signed, audited void record.
    struct VoidCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: "Void a mis-coded form by its REF ('peerlog forms' lists them) with a reason code (coordinator or deputy).",
            discussion: """
            Nothing is edited or deleted: a void record is appended, sealed to the program key (the \
            file shows only that a void exists), signed by the program root and recorded in the audit \
            trail. The voided form is left out of every count from then on. To correct a form, void it \
            and have it filed again with the right details. Reasons: \
            \(VoidReason.allCases.map(\.rawValue).joined(separator: ", ")). Leave REF and --reason out \
            to keep them off the command line, where others on the computer can read which form was \
            voided and why: they are asked at a terminal, or read from standard input as ref=REF and \
            reason=CODE lines (then give the passphrase with --passphrase-file).
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The form's REF as 'peerlog forms' shows it (any case), or more of its id (asked for when left out).", valueName: "ref"))
        var reference: String?

        @Option(name: .long, help: ArgumentHelp("Why: " + VoidReason.allCases.map(\.rawValue).joined(separator: ", ") + " (asked for when left out).", valueName: "code"))
        var reason: VoidReason?

        /// REF and reason from the command line, else asked at a terminal, else `key=value` lines
        /// on standard input; never echoed in an error.
        private func gather() throws -> (reference: String, reason: VoidReason) {
            if let reference, let reason { return (reference, reason) }
            var typed = (reference: reference, reason: reason?.rawValue)
            if FieldInput.standardInputIsTerminal {
                if typed.reference == nil { typed.reference = try FieldInput.ask("REF of the form ('peerlog forms' lists them): ") }
                if typed.reason == nil {
                    typed.reason = try FieldInput.choose("Why is it void?", VoidReason.allCases.map { ($0.rawValue, $0.rawValue) })
                }
            } else {
                let given = try FieldInput.lines(allowed: ["ref", "reason"])
                typed = (typed.reference ?? given["ref"], typed.reason ?? given["reason"])
            }
            guard let text = typed.reference, !text.isEmpty, let code = typed.reason else {
                throw FieldInputError.missing([typed.reference == nil ? "ref" : nil, typed.reason == nil ? "reason" : nil].compactMap { $0 })
            }
            guard let chosen = VoidReason(rawValue: code) else {
                throw ValidationError("the reason must be one of: " + VoidReason.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return (text, chosen)
        }

        func run() throws {
            let (reference, reason) = try gather()
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .voidForm)
            let voided = try store.voidForm(reference: reference, reason: reason, keyring: keyring)
            print("Voided form \(voided.reference) (\(voided.reason.rawValue)). It stays in the database, marked void, and is left out of every count.")
            Terminal.note("if it was mis-coded, have it filed again with the right details")
            if !voided.publishedIn.isEmpty {
                Terminal.warning("the form lies in the period of published report " + voided.publishedIn.map(String.init).joined(separator: ", ")
                                 + ": its numbers no longer match the forms, so a new report over those days will be refused, as after a late form; the publication stands as it is")
            }
        }
    }

    /// Lists the forms themselves, each with its REF.
    struct Forms: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forms",
            abstract: "List the forms: REF, advisor, time of service, incident, intervention, void (coordinator or deputy).",
            discussion: """
            This shows what the forms say, so it answers only the Program Coordinator or a deputy, and \
            every listing is recorded in the audit trail as a read of the forms. Times are in the \
            program's time zone; --from and --to select days of service in it.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("First day of service included, YYYY-MM-DD.", valueName: "date"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Last day of service included, YYYY-MM-DD.", valueName: "date"))
        var to: String?

        // Not --advisor: that global option says who is acting (an advisor, with their passphrase).
        @Option(name: .customLong("about-advisor"), help: ArgumentHelp("Only this advisor's forms (as 'query usage --about-advisor').", valueName: "name"))
        var aboutAdvisor: String?

        @Option(name: .long, help: "Output format: text, csv or json.")
        var format: ListFormat = .text

        func run() throws {
            let range = try DateRange(from: from.map { try CalendarDate(parsing: $0) }, to: to.map { try CalendarDate(parsing: $0) })
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .listForms)
            let listing = try store.formListing(keyring: keyring, range: range, advisor: aboutAdvisor)
            print(listing.rendered(as: ReportFormat(rawValue: format.rawValue) ?? .text), terminator: "")
        }
    }
}
