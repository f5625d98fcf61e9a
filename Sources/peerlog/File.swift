import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    /// Files a usage form: the three fields of SOG 2-13 IV.D.2 and nothing else.
    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "file",
            abstract: "File a usage form as an advisor (with the advisor's own passphrase), or enter paper forms as the coordinator.",
            discussion: """
            A form holds only your name, the date and time of service and the type of incident and \
            intervention (SOG 2-13 IV.D.2). There is no place for the member's name or for notes, and \
            none may be kept (IV.C.2, IV.D.1). Once filed, only the Program Coordinator can read it; \
            you cannot read it back. Codes: 'peerlog types'.

            Leave the fields off the command line: on a shared computer everyone can see a running \
            command's arguments, and the shell keeps them in its history. Run 'peerlog file' and it \
            asks for each at the terminal, with numbered menus; or give them on standard input, one \
            per line: advisor=NAME, incident=CODE, intervention=CODE, at=YYYY-MM-DD HH:MM (optional; \
            default now). The options below are for scripts on a computer of your own.

            Paper forms (Program Coordinator or a deputy, with their own passphrase): an advisor who \
            handed in a paper form has it entered with --on-behalf-of NAME (or --on-behalf-of - to \
            be asked for the name, or give advisor=NAME on standard input), the fields taken as \
            above; it is signed with the program's key and marked as entered from paper. A backlog \
            goes in with --batch FILE.csv: the header advisor,time,incident,intervention, then one \
            form per line; every line is checked first, then all are filed or none. --dry-run shows \
            what would be filed. The CSV holds forms in plain text: destroy it once filed.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Incident type code, e.g. critical-incident (asked for when left out).", valueName: "code"))
        var incident: String?

        @Option(name: .long, help: ArgumentHelp("Intervention kind code, e.g. one-on-one (asked for when left out).", valueName: "code"))
        var intervention: String?

        @Option(name: .long, help: ArgumentHelp("Date and time of service, \"YYYY-MM-DD HH:MM\" in the program's time zone, or ISO 8601 with an offset. Default: now.", valueName: "time"))
        var at: String?

        @Option(name: .customLong("on-behalf-of"), help: ArgumentHelp(
            "Coordinator or deputy: enter a paper form this advisor handed in ('-': ask for the name, or advisor= on standard input).",
            valueName: "advisor"))
        var onBehalfOf: String?

        @Option(name: .long, help: ArgumentHelp(
            "Coordinator or deputy: enter a backlog of paper forms from a CSV file (advisor,time,incident,intervention), all or none.",
            valueName: "file.csv"))
        var batch: String?

        @Flag(name: .long, help: "With --batch: check every line and show what would be filed, filing nothing.")
        var dryRun = false

        func validate() throws {
            if batch != nil {
                guard onBehalfOf == nil else { throw ValidationError("give either --batch or --on-behalf-of, not both") }
                guard incident == nil, intervention == nil, at == nil else {
                    throw ValidationError("--batch takes the fields from its file; leave out --incident, --intervention and --at")
                }
            }
            if dryRun, batch == nil { throw ValidationError("--dry-run goes with --batch FILE.csv") }
        }

        func run() throws {
            if let batch { return try PaperEntry(global: global).fileBatch(batch, dryRun: dryRun) }
            if let onBehalfOf { return try fileOnPaper(for: onBehalfOf) }
            let store = try global.openStore(advisorCommand: true)
            if global.credentialFile != nil { _ = try global.actor(store, for: .fileForm) }
            let zone = try store.programTimeZone()
            let fields = try gatherFields(store, zone: zone)
            // Everything a person can mistype is checked before the passphrase is asked.
            let incident = try IncidentType(code: fields.incident)
            let intervention = try InterventionKind(code: fields.intervention)
            let time = try fields.at.map { try Self.serviceTime($0, in: zone) } ?? ServiceTime.now(in: zone)
            let actor = try global.actor(store, for: .fileForm, advisorName: fields.advisor)
            guard case let .advisor(credential) = actor else { throw RoleNeeded(role: .advisor) }
            try store.file(as: credential, at: time, incident: incident, intervention: intervention)
            if time.localDate < (try store.programInfo().createdOn) {
                Terminal.note("the time of service is before this program was set up; filed as a back-dated form")
            }
            print("Filed. Only the Program Coordinator can read it.")
        }

        /// A paper form for `advisor` (`-`: the name is asked for, or `advisor=` on standard input),
        /// entered by the coordinator or a deputy. The fields come as for an advisor's own form and
        /// are checked before the passphrase is asked; the gate then wants the program's keys.
        private func fileOnPaper(for advisor: String) throws {
            let store = try global.openStore()
            let zone = try store.programTimeZone()
            let named = advisor == "-" ? nil : advisor
            let fields = try gatherFields(store, zone: zone, advisor: named, menuTitle: "Advisor named on the paper form:", retiredToo: true)
            let incident = try IncidentType(code: fields.incident)
            let intervention = try InterventionKind(code: fields.intervention)
            let time = try fields.at.map { try Self.serviceTime($0, in: zone) } ?? ServiceTime.now(in: zone)
            guard let name = fields.advisor else { throw FieldInputError.missing(["advisor"]) }
            try PaperEntry(global: global).fileOne(store, PaperForm(advisorName: name, entry: FormEntry(time: time, incident: incident, intervention: intervention)))
        }

        /// The three fields (and the optional time): from the options, else asked at the terminal,
        /// else read from standard input. The advisor is who files: `--advisor`, the menu or
        /// `advisor=` on standard input; `nil` when none of them names one (the gate then refuses).
        /// For a paper form, `advisor` is the one it is entered for, and the menu lists retired
        /// advisors too (a backlog may predate a retirement).
        private func gatherFields(_ store: PeerLogStore, zone: TimeZone, advisor: String? = nil, menuTitle: String = "Your name:",
                                  retiredToo: Bool = false) throws -> (advisor: String?, incident: String, intervention: String, at: String?) {
            let advisor = advisor ?? (retiredToo ? nil : global.advisor)
            if let advisor, let incident, let intervention { return (advisor, incident, intervention, at) }
            if FieldInput.standardInputIsTerminal {
                let name = try advisor ?? askAdvisor(store, title: menuTitle, retiredToo: retiredToo)
                let incident = try self.incident ?? FieldInput.choose("Type of incident:", IncidentType.allCases.map { ($0.code, $0.label) })
                let intervention = try self.intervention
                    ?? FieldInput.choose("Kind of support:", InterventionKind.allCases.map { ($0.code, $0.label) })
                let now = ServiceTime.now(in: zone).description.prefix(16)
                let answer = try at ?? FieldInput.ask(
                    "Date and time of service [\(now), \(zone.identifier)] (Enter for this, or YYYY-MM-DD HH:MM): ")
                return (name, incident, intervention, answer.isEmpty ? nil : answer)
            }
            let given = try FieldInput.lines(allowed: ["advisor", "incident", "intervention", "at"])
            for (key, flag) in [("advisor", advisor), ("incident", incident), ("intervention", intervention), ("at", at)]
            where flag != nil && given[key] != nil {
                throw FieldInputError.repeated(key)
            }
            let values = (incident ?? given["incident"], intervention ?? given["intervention"])
            guard let incident = values.0, let intervention = values.1 else {
                throw FieldInputError.missing(["incident", "intervention"].enumerated()
                    .filter { [values.0, values.1][$0.offset] == nil }.map(\.element))
            }
            return (advisor ?? given["advisor"].flatMap { $0.isEmpty ? nil : $0 }, incident, intervention,
                    at ?? given["at"].flatMap { $0.isEmpty ? nil : $0 })
        }

        private func askAdvisor(_ store: PeerLogStore, title: String, retiredToo: Bool) throws -> String {
            let names = try store.roster().filter { retiredToo || $0.status == .active }.map(\.name)
            return try FieldInput.choose(title, names.map { ($0, $0) })
        }

        /// Parses the time of service without ever repeating it in an error (it is a form field).
        static func serviceTime(_ text: String, in zone: TimeZone) throws -> ServiceTime {
            do {
                return try ServiceTime(parsing: text, in: zone).checkedPlausible()
            } catch InputError.malformedDate {
                throw InputError.badServiceTime(why: "is not written in a way PeerLog understands")
            } catch InputError.impossibleDate {
                throw InputError.badServiceTime(why: "is not a real calendar date and time (or falls in a daylight-saving gap)")
            }
        }
    }
}
