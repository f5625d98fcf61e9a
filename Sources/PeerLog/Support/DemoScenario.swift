import Foundation

/// A realistic, deterministic year of peer-support usage on a throw-away database, so a new user
/// sees every part of PeerLog working in one command. The passphrases are written to files beside
/// the database (0600) so the user can go on trying commands; that is why a demo database must
/// never hold real forms.
public struct DemoScenario {
    public static let programName = "Demo Peer Support Program"
    public static let coordinatorName = "Capt. Dana Reyes"
    public static let advisorNames = ["Sgt. Ana Ortiz", "Ofc. Ben Carter", "Det. Chris Lee", "Ofc. Dee Walsh", "Disp. Eli Novak"]
    public static let year = 2025

    public struct Result: Sendable {
        public let store: PeerLogStore
        public let databasePath: String
        public let coordinatorPassphraseFile: String
        public let advisorPassphraseFiles: [String: String]
        public let formsFiled: Int
        public let report: CoordinatorReport
    }

    public init() {}

    /// Builds the demo in `directory` (created 0700 if needed; must not already hold a demo).
    public func run(in directory: String, kdf: KDFParameters = .interactive) throws -> Result {
        FileCreation.restrictUmask()
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let dbPath = directory + "/peerlog.db"
        var generator = SplitMix64(seed: 0x5065_6572_4C6F_6721)

        let coordinatorFile = directory + "/coordinator.passphrase"
        let coordinatorPass = try writePassphrase(to: coordinatorFile, generator: &generator)
        let (store, _) = try PeerLogStore.createProgram(
            at: dbPath, name: Self.programName, coordinator: Self.coordinatorName, passphrase: coordinatorPass,
            kdf: kdf, today: try CalendarDate(year: Self.year, month: 1, day: 2))
        let keyring = try store.unlockProgram(passphrase: coordinatorPass)

        var files: [String: String] = [:]
        var credentials: [AdvisorCredential] = []
        for (index, name) in Self.advisorNames.enumerated() {
            let file = directory + "/advisor-\(index + 1).passphrase"
            let pass = try writePassphrase(to: file, generator: &generator)
            try store.addAdvisor(name: name, passphrase: pass, authority: keyring, kdf: kdf,
                                 today: try CalendarDate(year: Self.year, month: 1, day: 2))
            for topic in TrainingTopic.allCases {
                _ = try store.recordTraining(advisor: name, topic: topic,
                                             on: try CalendarDate(year: Self.year, month: 1, day: 15 + index), authority: keyring)
            }
            files[name] = file
            credentials.append(try store.unlockAdvisor(named: name, passphrase: pass))
        }

        let zone = TimeZone(identifier: "America/Chicago") ?? TimeZone(secondsFromGMT: -6 * 3600)!
        var filed = 0
        for month in 1...12 {
            // A steady base of contacts, heavier around a critical incident in June.
            let count = 7 + Int(generator.next(below: 6)) + (month == 6 ? 9 : 0)
            for _ in 0..<count {
                let day = 1 + Int(generator.next(below: UInt64(CalendarDate.daysIn(month: month, year: Self.year))))
                let hour = 6 + Int(generator.next(below: 16)), minute = Int(generator.next(below: 4)) * 15
                let text = "\(Self.year)-\(twoDigits(month))-\(twoDigits(day)) \(twoDigits(hour)):\(twoDigits(minute))"
                let time = try (try? ServiceTime(parsing: text, in: zone))
                    ?? (ServiceTime(parsing: "\(Self.year)-\(twoDigits(month))-\(twoDigits(day)) 12:00", in: zone))
                let (incident, intervention) = pickType(month: month, &generator)
                let advisor = credentials[Int(generator.next(below: UInt64(credentials.count)))]
                try store.file(as: advisor, at: time, incident: incident, intervention: intervention)
                filed += 1
            }
        }
        try store.checkpoint()
        let report = try store.coordinatorReport(keyring: keyring, grouping: .quarter)
        return Result(store: store, databasePath: dbPath, coordinatorPassphraseFile: coordinatorFile,
                      advisorPassphraseFiles: files, formsFiled: filed, report: report)
    }

    private func pickType(month: Int, _ g: inout SplitMix64) -> (IncidentType, InterventionKind) {
        if month == 6, g.next(below: 2) == 0 {
            return ([.criticalIncident, .deadlyForce, .traumaticEvent][Int(g.next(below: 3))],
                    [.groupSupport, .oneOnOne, .followUp, .secondaryTrauma][Int(g.next(below: 4))])
        }
        let incidents: [(IncidentType, UInt64)] = [
            (.personalProblems, 30), (.traumaticEvent, 14), (.injuryIllnessDeath, 12), (.criticalIncident, 8),
            (.crimesAgainstChildren, 8), (.assaultOnMember, 7), (.substanceAbuse, 6), (.deadlyForce, 3),
            (.familyDeathAssistance, 3), (.other, 9)]
        let interventions: [(InterventionKind, UInt64)] = [
            (.oneOnOne, 45), (.followUp, 18), (.referral, 15), (.secondaryTrauma, 8), (.supervisorActivation, 6),
            (.mutualAid, 4), (.groupSupport, 4)]
        return (weighted(incidents, &g), weighted(interventions, &g))
    }

    private func weighted<T>(_ choices: [(T, UInt64)], _ g: inout SplitMix64) -> T {
        var roll = g.next(below: choices.reduce(0) { $0 + $1.1 })
        for (value, weight) in choices {
            if roll < weight { return value }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }

    /// A readable random passphrase (demo only), written to a 0600 file.
    private func writePassphrase(to path: String, generator: inout SplitMix64) throws -> SecretBytes {
        let words = ["amber", "harbor", "granite", "willow", "lantern", "meadow", "copper", "summit", "river", "falcon",
                     "cedar", "orchard", "beacon", "prairie", "juniper", "quartz"]
        let phrase = (0..<5).map { _ in words[Int(generator.next(below: UInt64(words.count)))] }.joined(separator: "-")
        try FileCreation.writePrivateFile(Data((phrase + "\n").utf8), to: path)
        var bytes = Array(phrase.utf8)
        return try SecretBytes(consuming: &bytes)
    }
}
