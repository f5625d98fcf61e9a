import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    /// Files a usage form: the three fields of SOG 2-13 IV.D.2 and nothing else.
    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "file",
            abstract: "File a usage form as an advisor (with the advisor's own passphrase).",
            discussion: """
            A form holds only your name, the date and time of service and the type of incident and \
            intervention (SOG 2-13 IV.D.2). There is no place for the member's name or for notes, and \
            none may be kept (IV.C.2, IV.D.1). Once filed, only the Program Coordinator can read it; \
            you cannot read it back. Codes: 'peerlog types'.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Your name as it is on the roster.", valueName: "name"))
        var advisor: String

        @Option(name: .long, help: ArgumentHelp("Incident type code, e.g. critical-incident.", valueName: "code"))
        var incident: String

        @Option(name: .long, help: ArgumentHelp("Intervention kind code, e.g. one-on-one.", valueName: "code"))
        var intervention: String

        @Option(name: .long, help: ArgumentHelp("Date and time of service, \"YYYY-MM-DD HH:MM\" local time or ISO 8601. Default: now.", valueName: "time"))
        var at: String?

        func run() throws {
            // Everything a person can mistype is checked before the passphrase is asked.
            let incident = try IncidentType(code: self.incident)
            let intervention = try InterventionKind(code: self.intervention)
            let time = try at.map { try ServiceTime(parsing: $0).checkedNotFuture(original: $0) } ?? ServiceTime.now()
            let store = try global.openStore()
            let advisor = try store.advisor(named: self.advisor)
            guard advisor.status == .active else { throw AccessError.retiredAdvisor(advisor.name) }
            let passphrase = try global.passphrase(prompt: "Passphrase for \(advisor.name): ")
            let credential = try store.unlockAdvisor(named: advisor.name, passphrase: passphrase)
            try store.authorize(.advisor, .fileForm)
            try store.file(as: credential, at: time, incident: incident, intervention: intervention)
            if time.localDate < (try store.programInfo().createdOn) {
                Terminal.note("the time of service is before this program was set up; filed as a back-dated form")
            }
            print("Filed. Only the Program Coordinator can read it.")
        }
    }
}
