import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Someone who copies the program's directory (the database, its WAL and shared-memory files, a
/// backup left beside it) after months of ordinary use must learn no secret and nothing about any
/// form: not a passphrase, recovery code or command-staff credential, not a time of service, and
/// no incident or intervention code beyond what the anonymised published report states openly.
@Suite("Plaintext scan of every file after a realistic workload")
struct WorkloadPlaintextScanTests {
    static let today = try! CalendarDate(year: 2026, month: 1, day: 5)

    // Names chosen so that none contains a form code, and so that lower-casing changes them
    // (the roster stores both the name and its lookup key).
    static let advisorNames = ["Sgt. Ana Ortiz", "Ofc. Ben Carter", "Det. Chloé Nakamura"]
    static let oldCoordinatorPassphrase = "Harbour lantern at dusk 1987"
    static let newCoordinatorPassphrase = "Quiet meadow under snow 2046"
    static func advisorPassphrase(_ name: String) -> String { "Own words of \(name): kettle, river, 42" }

    // The codes used in forms: none of them is a training topic or appears anywhere in the schema
    // text (checked below), so the only legitimate place for one on disk is a published report.
    static let incidents: [IncidentType] = [.deadlyForce, .criticalIncident, .crimesAgainstChildren,
                                             .assaultOnMember, .traumaticEvent]
    static let interventions: [InterventionKind] = [.oneOnOne, .followUp, .mutualAid, .groupSupport,
                                                    .supervisorActivation]

    /// 30 forms, five a month from July to December 2025, each at its own minute, with the codes
    /// and advisors mixed so that no two neighbouring forms look alike.
    static func workloadEntries() throws -> [(advisor: Int, entry: FormEntry)] {
        var result: [(Int, FormEntry)] = []
        for i in 0..<30 {
            let month = 7 + i / 5
            let day = 3 + 5 * (i % 5)
            let hour = (7 + 5 * i) % 24
            let minute = (11 + 17 * i) % 60
            let text = "2025-\(twoDigits(month))-\(twoDigits(day)) \(twoDigits(hour)):\(twoDigits(minute))"
            result.append((i % 3, FormEntry(time: try time(text),
                                           incident: incidents[(i * 2) % incidents.count],
                                           intervention: interventions[(i * 3 + i / 5) % interventions.count])))
        }
        return result
    }

    /// What a form would betray if its time of service were written out anywhere.
    static func timePatterns(_ t: ServiceTime) -> [(String, [UInt8])] {
        let local = String(t.description.prefix(16))
        let utc = try! ServiceTime(epochSeconds: t.epochSeconds, utcOffsetMinutes: 0).description.prefix(16)
        let be = (0..<8).reversed().map { UInt8((UInt64(t.epochSeconds) >> (UInt64($0) * 8)) & 0xFF) }
        return [
            ("local time \(local)", Array(local.utf8)),
            ("local time \(local) (ISO)", Array(local.replacingOccurrences(of: " ", with: "T").utf8)),
            ("UTC time \(utc)", Array(utc.utf8)),
            ("UTC time \(utc) (ISO)", Array(utc.replacingOccurrences(of: " ", with: "T").utf8)),
            ("epoch seconds \(t.epochSeconds), 8-byte big-endian", be),
        ]
    }

    /// Every regular file under `directory`, with its raw bytes.
    static func filesUnder(_ directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: directory) {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = rawBytes(path)
            }
        }
        return files
    }

    /// Every file of the program as it stands, with the store's -wal and -shm made explicit.
    static func snapshot(_ directory: String, database: String, backup: String) throws -> [String: [UInt8]] {
        var files = try filesUnder(directory)
        for extra in [database + "-wal", database + "-shm", backup + "-wal", backup + "-shm"]
            where FileManager.default.fileExists(atPath: extra) { files[extra] = rawBytes(extra) }
        return files
    }

    /// No file shows any of `secrets`, or the time of service of any of `entries`.
    static func expectNoSecretsOrTimes(in files: [String: [UInt8]], secrets: [(String, String)], entries: [FormEntry],
                                       when: String) {
        for (file, bytes) in files {
            for (what, text) in secrets {
                #expect(occurrences(of: Array(text.utf8), in: bytes) == 0, "\(when): \(file) holds the \(what)")
            }
            for entry in entries {
                for (what, pattern) in timePatterns(entry.time) {
                    #expect(occurrences(of: pattern, in: bytes) == 0, "\(when): \(file) shows the \(what)")
                }
            }
        }
    }

    static func ungrouped(_ code: String) -> String { code.replacingOccurrences(of: "-", with: "") }

    /// A code as a person might type it or a program might store it.
    static func spellings(of code: String, _ what: String) -> [(String, String)] {
        [(what, code), ("\(what), without dashes", ungrouped(code)), ("\(what), lower case", code.lowercased()),
         ("\(what), lower case without dashes", ungrouped(code).lowercased())]
    }

    @Test func noSecretNoTimeAndNoFormCodeSurvivesOnDiskAfterMonthsOfUse() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/peerlog.db"
        let backupPath = directory + "/peerlog-backup.db"

        // Set-up: the initial recovery code is shown once, here.
        let (store, setup) = try PeerLogStore.createProgram(
            at: path, name: "Eastside Peer Support", coordinator: "Capt. Dana Whitfield",
            passphrase: secret(Self.oldCoordinatorPassphrase), kdf: .minimum, today: Self.today)
        let initialRecoveryCode = setup.recoveryCode
        var keyring = try store.unlockProgram(passphrase: secret(Self.oldCoordinatorPassphrase))

        // Roster, with one training record as a real program would have.
        var credentials: [AdvisorCredential] = []
        for name in Self.advisorNames {
            try store.addAdvisor(name: name, passphrase: secret(Self.advisorPassphrase(name)), authority: keyring,
                                 kdf: .minimum, today: Self.today)
            credentials.append(try store.unlockAdvisor(named: name, passphrase: secret(Self.advisorPassphrase(name))))
        }
        _ = try store.recordTraining(advisor: Self.advisorNames[0], topic: .crisisIntervention,
                                     on: try CalendarDate(year: 2025, month: 6, day: 20), authority: keyring)
        try store.checkpoint()
        let rosterBytes = rawBytes(path)
        let nameCountsBeforeFiling = Self.advisorNames.map { occurrences(of: Array($0.utf8), in: rosterBytes) }
        #expect(nameCountsBeforeFiling.allSatisfy { $0 >= 1 }, "the roster must hold every advisor's name")

        // Filing: the first advisor enters a backlog in one batch, the others form by form.
        let entries = try Self.workloadEntries()
        try store.file(batch: entries.filter { $0.advisor == 0 }.map(\.entry), as: credentials[0])
        for (advisor, entry) in entries where advisor != 0 {
            try store.file(as: credentials[advisor], at: entry.time, incident: entry.incident, intervention: entry.intervention)
        }
        #expect(try store.formCount() == 30)
        try store.checkpoint()
        let afterFiling = rawBytes(path)
        for (name, before) in zip(Self.advisorNames, nameCountsBeforeFiling) {
            #expect(occurrences(of: Array(name.utf8), in: afterFiling) == before,
                    "filing wrote the name \(name) again")
        }

        // Reports: the coordinator's own, then an anonymised one, published for command staff.
        let coordinatorReport = try store.coordinatorReport(keyring: keyring, grouping: .month)
        #expect(coordinatorReport.total == 30)
        let commandReport = try store.commandStaffReport(
            keyring: keyring, from: try CalendarDate(year: 2025, month: 7, day: 1),
            to: try CalendarDate(year: 2025, month: 12, day: 31), by: .quarter, dimension: .incident,
            control: try DisclosureControl())
        try store.publish(commandReport, keyring: keyring)
        let published = try store.latestPublishedReport(as: .coordinator(keyring))
        #expect(published.report.rows == commandReport.rows && published.report.periods == commandReport.periods)

        // A command-staff credential, used once, then revoked.
        let issued = try store.grantAccess(to: "Deputy Chief Rosa Lindqvist", authority: keyring, today: Self.today)
        #expect(try store.authenticateCommandStaff(credential: secret(issued.printable)).name == "Deputy Chief Rosa Lindqvist")
        try store.revokeAccess(from: "Deputy Chief Rosa Lindqvist", authority: keyring, today: Self.today)
        #expect(throws: AccessError.badCredential) { try store.authenticateCommandStaff(credential: secret(issued.printable)) }

        // A first look while the write-ahead log still holds the reports and the credential's
        // frames (nothing has checkpointed since the filing step).
        let secretsSoFar = [("coordinator passphrase", Self.oldCoordinatorPassphrase)]
            + Self.advisorNames.map { ("passphrase of \($0)", Self.advisorPassphrase($0)) }
            + Self.spellings(of: initialRecoveryCode, "initial recovery code")
            + Self.spellings(of: issued.printable, "command-staff credential")
        let midway = try Self.snapshot(directory, database: path, backup: backupPath)
        #expect(midway[path + "-wal"].map { !$0.isEmpty } == true, "the WAL should hold the latest writes")
        Self.expectNoSecretsOrTimes(in: midway, secrets: secretsSoFar, entries: entries.map(\.entry), when: "before rotation")

        // Key rotation (a new recovery code), then a new coordinator passphrase.
        let rotatedRecoveryCode = try store.rotateProgramKey(keyring: keyring, passphrase: secret(Self.oldCoordinatorPassphrase),
                                                             kdf: .minimum, today: Self.today)
        keyring = try store.unlockProgram(passphrase: secret(Self.oldCoordinatorPassphrase))
        #expect(keyring.keys.count == 2)
        try store.changeCoordinatorPassphrase(keyring: keyring, to: secret(Self.newCoordinatorPassphrase), kdf: .minimum)
        #expect(throws: AccessError.wrongCoordinatorPassphrase) {
            try store.unlockProgram(passphrase: secret(Self.oldCoordinatorPassphrase))
        }
        keyring = try store.unlockProgram(passphrase: secret(Self.newCoordinatorPassphrase))
        #expect(throws: AccessError.wrongRecoveryCode) {
            try store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(initialRecoveryCode)))
        }
        #expect(try store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(rotatedRecoveryCode))).keys.count == 2)

        // A backup beside the database, then retention removes July and August.
        #expect(try store.backup(to: backupPath).isSound)
        let purged = try store.purge(before: try CalendarDate(year: 2025, month: 9, day: 1), keyring: keyring)
        #expect(purged == 10)
        #expect(try store.formCount() == 20)

        // The scan. The store stays open, so its -wal and -shm are there if SQLite keeps them.
        let files = try Self.snapshot(directory, database: path, backup: backupPath)
        #expect(files[path].map { !$0.isEmpty } == true, "the database itself must be scanned")
        #expect(files[backupPath].map { !$0.isEmpty } == true, "the backup must be scanned")

        // 1 and 2. Secrets, in any of the forms a person would type them, and times of service,
        // as text or as the number the encoder seals: never, in any file.
        let secrets = secretsSoFar + [("new coordinator passphrase", Self.newCoordinatorPassphrase)]
            + Self.spellings(of: rotatedRecoveryCode, "rotated recovery code")
        #expect(Self.ungrouped(initialRecoveryCode).count == 32 && Self.ungrouped(rotatedRecoveryCode).count == 32)
        #expect(Self.ungrouped(issued.printable).count == 32)
        #expect(initialRecoveryCode != rotatedRecoveryCode)
        Self.expectNoSecretsOrTimes(in: files, secrets: secrets, entries: entries.map(\.entry), when: "at the end")

        // 3. Codes: only as the row codes of the published report, exactly as often as the
        // published bodies hold them (the incident dimension was published, so no intervention
        // code may appear at all).
        let schemaText = Array(Schema.sql.utf8)
        let bodies = try store.read { db in try Data.fetchAll(db, sql: "SELECT body FROM published_report") }.map { [UInt8]($0) }
        #expect(bodies.count == 1)
        // A body this small sits whole inside one database page, so no code is cut by a page edge.
        #expect(bodies.allSatisfy { $0.count < 3_500 })
        let usedCodes = Set(entries.flatMap { [$0.entry.incident.code, $0.entry.intervention.code] }).sorted()
        #expect(usedCodes.count == Self.incidents.count + Self.interventions.count)
        for code in usedCodes {
            let pattern = Array(code.utf8)
            try #require(occurrences(of: pattern, in: schemaText) == 0, "'\(code)' appears in the schema text")
            #expect(!TrainingTopic.allCases.map(\.code).contains { $0.contains(code) })
            let published = bodies.reduce(0) { $0 + occurrences(of: pattern, in: $1) }
            if IncidentType(rawValue: code) != nil {
                #expect(published == 1, "the published incident report lists '\(code)' once as a row code")
            } else {
                #expect(published == 0, "the incident report has no intervention rows")
            }
            for (file, bytes) in files {
                let expected = file == path || file == backupPath ? published : 0
                #expect(occurrences(of: pattern, in: bytes) == expected,
                        "\(file) holds '\(code)' outside the published report")
            }
        }

        // 4. Advisor names: the roster's copies and no more, in the database and in the backup.
        let finalDatabase = rawBytes(path)
        for (name, before) in zip(Self.advisorNames, nameCountsBeforeFiling) {
            let now = occurrences(of: Array(name.utf8), in: finalDatabase)
            #expect(now >= 1 && now <= before, "\(name) appears \(now) times in the database, the roster needs \(before)")
            let inBackup = occurrences(of: Array(name.utf8), in: files[backupPath] ?? [])
            #expect(inBackup >= 1 && inBackup <= before, "\(name) appears \(inBackup) times in the backup")
            for (file, bytes) in files where file != path && file != backupPath {
                #expect(occurrences(of: Array(name.utf8), in: bytes) == 0, "\(file) holds the name \(name)")
            }
        }
    }
}
