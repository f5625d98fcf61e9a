import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Databases written by earlier releases (`Tests/Frozen/vN`, each made once and never
/// regenerated) open with today's code, verify, and give the same figures they gave when frozen.
/// A change that breaks an existing department's records fails here.
@Suite("Frozen databases of earlier releases open, verify and report the same figures")
struct FrozenDatabaseTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Frozen")

    /// What `expected.json` of a frozen database records.
    struct Expected: Decodable {
        struct Program: Decodable { let name: String; let coordinator: String; let createdOn: String }
        struct Head: Decodable { let seq: Int64; let hash: String }
        struct Advisor: Decodable { let name: String; let status: String; let training: [String] }
        struct Credential: Decodable { let name: String; let active: Bool }
        struct Publication: Decodable {
            let id: Int64
            let publishedAt: String
            let body: String
            let from: String
            let to: String
            let by: String
            let dimension: String
            /// Withdrawn by a signed withdrawal (`report latest` skips it).
            let withdrawn: Bool?
            /// Published with noise: its numbers are not the true counts.
            let noisy: Bool?
        }
        struct Deputy: Decodable { let name: String; let passphrase: String; let appointed: Bool }
        let formVersion: Int
        /// Made by a release that signs the program from `init` (no `upgrade` to run).
        let rooted: Bool?
        let migrations: [String]
        let program: Program
        let forms: Int
        let formsByKey: [String: Int]
        let activeKey: Int64
        let auditEntries: Int
        let auditHead: Head
        let advisors: [Advisor]
        let credentials: [Credential]
        let retentionMonths: Int?
        let publications: [Publication]
        let publishingKeyFingerprint: String
        let coordinatorReportByMonth: String
        let requests: Int
        // Facts of releases from v2 on; absent in earlier folders.
        let deputies: [Deputy]?
        let trainingIntervalMonths: Int?
        let timeZone: String?
        let noiseBudget: String?
        let backups: Int?
        /// Each request's state: `answered N`, `declined REASON` or `open`.
        let requestStates: [String]?
        // From v3 on.
        let voids: Int?
        let paperForms: Int?

        /// Forms that count: stored, less the voided.
        var counted: Int { forms - (voids ?? 0) }

        var isRooted: Bool { rooted ?? false }

        static func load(_ version: String) throws -> Expected {
            try JSONDecoder().decode(Expected.self, from: Data(contentsOf: FrozenDatabaseTests.root
                .appendingPathComponent(version).appendingPathComponent("expected.json")))
        }
    }

    /// A frozen database copied into a fresh directory (opening it upgrades it), with its facts.
    final class Frozen: @unchecked Sendable {
        let folder: URL
        let directory: String
        let store: PeerLogStore
        let expected: Expected
        var path: String { store.path }

        /// - Parameter upgraded: runs `upgrade` as the coordinator first, as a department does once
        ///   after installing a release that adds the program root.
        init(_ version: String, upgraded: Bool = true) throws {
            folder = FrozenDatabaseTests.root.appendingPathComponent(version)
            expected = try Expected.load(version)
            directory = try makeTemporaryDirectory()
            let copy = directory + "/peerlog.db"
            try FileManager.default.copyItem(atPath: folder.appendingPathComponent("peerlog.db").path, toPath: copy)
            chmod(copy, 0o600)
            store = try PeerLogStore(openingExisting: copy)
            if upgraded, !(try store.isRooted()) {
                _ = try store.upgrade(keyring: store.unlockProgram(passphrase: secretFile("coordinator.passphrase")),
                                      today: TestProgram.today)
            }
        }

        /// The first line of one of the frozen secret files, as a secret.
        func secretFile(_ name: String) throws -> SecretBytes {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return secret(String(text.prefix { $0 != "\n" }))
        }

        func file(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

        func coordinatorKeyring() throws -> ProgramKeyring { try store.unlockProgram(passphrase: secretFile("coordinator.passphrase")) }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    static let versions = ["v1", "v2", "v3"]
    /// Folders made before the program root existed: opened, they wait for `upgrade`.
    static let unrootedVersions = versions.filter { (try? Expected.load($0))?.isRooted == false }
    static let rootedVersions = versions.filter { (try? Expected.load($0))?.isRooted == true }

    @Test func everyFolderIsListedAndReadable() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.path)
            .filter { $0.hasPrefix("v") && !$0.contains(".") }.sorted()
        #expect(folders == Self.versions, "a frozen folder not in versions is never checked")
        #expect(Self.unrootedVersions.count + Self.rootedVersions.count == Self.versions.count, "every expected.json decodes")
    }

    @Test(arguments: unrootedVersions) func itVerifiesWholeWithTheCurrentCode(version: String) throws {
        let frozen = try Frozen(version, upgraded: false)
        let before = try frozen.store.verify(keyring: frozen.coordinatorKeyring())
        #expect(before.problems == [])
        #expect(before.formsVerified == frozen.expected.forms)
        #expect(before.audit.signedThrough == nil)
        let summary = try frozen.store.upgrade(keyring: frozen.coordinatorKeyring(), today: TestProgram.today)
        #expect(summary.advisors == frozen.expected.advisors.count)
        #expect(summary.publications == frozen.expected.publications.count)
        #expect(summary.rootFingerprint == frozen.expected.publishingKeyFingerprint, "the root is the key that signed the publications")
        let check = try frozen.store.verify(keyring: frozen.coordinatorKeyring())
        #expect(check.problems == [])
        #expect(check.isSound)
        #expect(check.formsVerified == frozen.expected.forms)
        #expect(check.audit.forms == frozen.expected.forms)
        #expect(check.audit.signedThrough != nil)
        #expect(check.audit.findings.filter(\.isProblem).isEmpty)
    }

    /// A database of a release that roots the program at `init` verifies as it is, signed through
    /// its frozen head; `upgrade` has nothing to do and says so; its advisors are bound already.
    @Test(arguments: rootedVersions) func aRootedDatabaseVerifiesAsItIs(version: String) throws {
        let frozen = try Frozen(version, upgraded: false)
        #expect(try frozen.store.isRooted())
        let check = try frozen.store.verify(keyring: frozen.coordinatorKeyring())
        #expect(check.problems == [])
        #expect(check.isSound)
        #expect(check.formsVerified == frozen.expected.forms)
        #expect(check.audit.forms == frozen.expected.forms)
        #expect((check.audit.signedThrough ?? 0) >= frozen.expected.auditHead.seq, "signed through the frozen head")
        #expect(check.formsVoided == (frozen.expected.voids ?? 0))
        #expect(check.audit.findings.filter(\.isProblem).isEmpty)
        #expect(throws: UpgradeRefusal.alreadyUpgraded(rootFingerprint: frozen.expected.publishingKeyFingerprint)) {
            try frozen.store.upgrade(keyring: frozen.coordinatorKeyring(), today: TestProgram.today)
        }
        let chris = try frozen.store.unlockAdvisor(named: "Det. Chris Lee", passphrase: frozen.secretFile("advisor-chris.passphrase"))
        #expect(!chris.justBound)
        #expect(chris.rootFingerprint == frozen.expected.publishingKeyFingerprint)
    }

    /// Until the coordinator upgrades, nothing can be filed or changed: there is no root to check
    /// the program key against. Unlocking, checking and the upgrade itself still work.
    @Test(arguments: unrootedVersions) func beforeTheUpgradeNothingIsFiledOrChanged(version: String) throws {
        let frozen = try Frozen(version, upgraded: false)
        let ana = try frozen.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: frozen.secretFile("advisor-ana.passphrase"))
        #expect(throws: StoreError.needsUpgrade(path: frozen.path)) {
            try frozen.store.file(as: ana, at: time("2026-11-30 10:00"), incident: .other, intervention: .followUp)
        }
        let keyring = try frozen.coordinatorKeyring()
        #expect(throws: StoreError.needsUpgrade(path: frozen.path)) { try frozen.store.coordinatorReport(keyring: keyring) }
        #expect(throws: StoreError.needsUpgrade(path: frozen.path)) { try frozen.store.setRetention(months: 12, keyring: keyring) }
        #expect(try frozen.store.formCount() == frozen.expected.forms)
    }

    /// An advisor whose key was wrapped before the root existed is bound to it at their first
    /// unlock after the upgrade (and told so, once); from then on the root rests on their secret.
    @Test(arguments: unrootedVersions) func advisorsAreBoundToTheRootAtTheirFirstUnlock(version: String) throws {
        let frozen = try Frozen(version)
        let first = try frozen.store.unlockAdvisor(named: "Det. Chris Lee", passphrase: frozen.secretFile("advisor-chris.passphrase"))
        #expect(first.justBound)
        #expect(first.rootFingerprint == frozen.expected.publishingKeyFingerprint)
        let second = try frozen.store.unlockAdvisor(named: "Det. Chris Lee", passphrase: frozen.secretFile("advisor-chris.passphrase"))
        #expect(!second.justBound)
        try frozen.store.file(as: second, at: time("2026-11-30 10:00"), incident: .other, intervention: .followUp)
        #expect(try frozen.store.verify(keyring: frozen.coordinatorKeyring()).problems == [])
    }

    @Test(arguments: versions) func itsAuditTrailStillHoldsTheFrozenHead(version: String) throws {
        let frozen = try Frozen(version)
        let head = frozen.expected.auditHead
        let events = try frozen.store.auditEvents()
        #expect(events.count >= frozen.expected.auditEntries)
        let frozenHead = try #require(events.first { $0.seq == head.seq })
        #expect(hexString(frozenHead.hash) == head.hash)
        let audit = try frozen.store.verifyAudit(knownHead: head.hash)
        #expect(audit.isIntact)
        #expect(audit.findings.filter(\.isProblem).isEmpty)
    }

    @Test(arguments: versions) func itsProgramRosterCredentialsAndSettingsAreAsFrozen(version: String) throws {
        let frozen = try Frozen(version)
        let expected = frozen.expected
        let info = try frozen.store.programInfo()
        #expect(info.name == expected.program.name)
        #expect(info.coordinatorName == expected.program.coordinator)
        #expect(info.createdOn.description == expected.program.createdOn)
        let roster = try frozen.store.roster().map { advisor in
            "\(advisor.name) \(advisor.status.rawValue) " + advisor.training.map { "\($0.topic.code) \($0.on)" }.sorted().joined(separator: ",")
        }
        #expect(roster == expected.advisors.map { "\($0.name) \($0.status) " + $0.training.sorted().joined(separator: ",") })
        _ = try frozen.coordinatorKeyring()
        #expect(try frozen.store.accessGrants().map { "\($0.name) \($0.isActive)" } == expected.credentials.map { "\($0.name) \($0.active)" })
        #expect(try frozen.store.retentionMonths() == expected.retentionMonths)
        #expect(try frozen.store.reportRequests().count == expected.requests)
        let applied = try frozen.store.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(Array(applied.prefix(expected.migrations.count)) == expected.migrations)
        if let states = expected.requestStates {
            #expect(try frozen.store.reportRequests().map { request -> String in
                switch request.state {
                case .open: "open"
                case let .answered(publication): "answered \(publication)"
                case let .declined(reason): "declined \(reason.rawValue)"
                }
            } == states)
        }
    }

    /// What releases from v2 on keep beside the forms: deputies, the program's time zone, the
    /// training interval, the noise budget and the record of backups, all as frozen.
    @Test(arguments: rootedVersions) func itsDeputiesAndSignedSettingsAreAsFrozen(version: String) throws {
        let frozen = try Frozen(version)
        let expected = frozen.expected
        let deputies = try #require(expected.deputies)
        #expect(try frozen.store.deputies().map(\.name) == deputies.filter(\.appointed).map(\.name))
        for deputy in deputies {
            if deputy.appointed {
                let keyring = try frozen.store.unlockDeputy(named: deputy.name, passphrase: frozen.secretFile(deputy.passphrase))
                #expect(keyring.activeKeyID == expected.activeKey, "an appointed deputy holds the newest key")
            } else {
                #expect(throws: InputError.unknownDeputy(deputy.name)) {
                    try frozen.store.unlockDeputy(named: deputy.name, passphrase: frozen.secretFile(deputy.passphrase))
                }
            }
        }
        #expect(try frozen.store.programTimeZone().identifier == expected.timeZone)
        #expect(try frozen.store.trainingIntervalMonths() == expected.trainingIntervalMonths)
        #expect(try frozen.store.noiseBudget() == expected.noiseBudget.map { try Epsilon(parsing: $0) })
        #expect(try frozen.store.backupsTaken().count == expected.backups)
        let report = try frozen.store.coordinatorReport(keyring: frozen.coordinatorKeyring())
        #expect(report.total == expected.counted)
        #expect(report.paper == (expected.paperForms ?? 0), "forms entered from paper are still known as paper")
    }

    @Test(arguments: versions) func everyFormOpensUnderTheKeyItWasSealedTo(version: String) throws {
        let frozen = try Frozen(version)
        let keyring = try frozen.coordinatorKeyring()
        #expect(keyring.activeKeyID == frozen.expected.activeKey)
        let byKey = try frozen.store.read { db in
            try Row.fetchAll(db, sql: "SELECT key_id, count(*) AS n FROM usage_form GROUP BY key_id")
                .reduce(into: [String: Int]()) { $0[String($1["key_id"] as Int64)] = $1["n"] }
        }
        #expect(byKey == frozen.expected.formsByKey)
        var opened = 0
        try frozen.store.forEachForm(keyring: keyring) { _ in opened += 1 }
        #expect(opened == frozen.expected.counted, "every form opens; the voided ones are left out")
    }

    @Test(arguments: versions) func theCoordinatorReportCountsWhatItCountedWhenFrozen(version: String) throws {
        let frozen = try Frozen(version)
        let report = try frozen.store.coordinatorReport(keyring: frozen.coordinatorKeyring(), grouping: .month)
        let expected = try #require(JSONSerialization.jsonObject(with: frozen.file(frozen.expected.coordinatorReportByMonth)) as? [String: Any])
        #expect(report.total == expected["total"] as? Int)
        let types = (expected["byType"] as? [[String: Any]] ?? []).map {
            "\($0["period"] ?? "") \($0["incident"] ?? "") \($0["intervention"] ?? "") \($0["count"] ?? "")"
        }
        #expect(report.byType.map { "\($0.period) \($0.incident.code) \($0.intervention.code) \($0.count)" }.sorted() == types.sorted())
        let advisors = (expected["byAdvisor"] as? [[String: Any]] ?? []).map { "\($0["period"] ?? "") \($0["advisor"] ?? "") \($0["count"] ?? "")" }
        #expect(report.byAdvisor.map { "\($0.period) \($0.advisor) \($0.count)" }.sorted() == advisors.sorted())
    }

    /// Each publication is still there byte for byte, its signature verifies, and every number it
    /// shows is what today's code counts from the forms (withheld numbers are not compared: how
    /// much is withheld may change between releases; what was shown must stay true).
    @Test(arguments: versions) func everyPublicationVerifiesAndStillMatchesTheForms(version: String) throws {
        let frozen = try Frozen(version)
        let keyring = try frozen.coordinatorKeyring()
        let newest = try #require(frozen.expected.publications.last { $0.withdrawn != true })
        let latest = try frozen.store.latestPublishedReport(as: .coordinator(keyring))
        #expect(latest.id == newest.id)
        #expect(latest.publishedAt == newest.publishedAt)
        #expect(latest.body == (try frozen.file(newest.body)))
        #expect(latest.keyFingerprint == frozen.expected.publishingKeyFingerprint)
        let archive = try frozen.store.publishedReports(as: .coordinator(keyring))
        #expect(archive.map(\.number) == frozen.expected.publications.map(\.id))
        #expect(archive.map { $0.withdrawnAt != nil } == frozen.expected.publications.map { $0.withdrawn ?? false })
        #expect(archive.map { $0.epsilon != nil } == frozen.expected.publications.map { $0.noisy ?? false })
        for publication in frozen.expected.publications {
            let stored = try frozen.store.read { db in
                try Data.fetchOne(db, sql: "SELECT body FROM published_report WHERE report_id = ?", arguments: [publication.id])
            }
            #expect(stored == (try frozen.file(publication.body)))
            let signed = try frozen.store.publishedReport(publication.id, as: .coordinator(keyring))
            #expect(signed.body == stored, "publication \(publication.id) reads back with a verified signature")
            #expect(signed.keyFingerprint == frozen.expected.publishingKeyFingerprint)
            let report = try CommandStaffReport.decode(try frozen.file(publication.body))
            #expect(report.from == publication.from && report.to == publication.to)
            #expect(report.by.rawValue == publication.by && report.dimension.rawValue == publication.dimension)
            // Noisy numbers are not the counts by design; their bytes and signature are checked above.
            if publication.noisy == true { continue }
            let truth = try frozen.store.coordinatorReport(
                keyring: keyring, range: DateRange(from: CalendarDate(parsing: publication.from), to: CalendarDate(parsing: publication.to)),
                grouping: report.by)
            func count(row code: String?, period: String?) -> Int {
                truth.byType.filter { cell in
                    let rowCode = report.dimension == .incident ? cell.incident.code : cell.intervention.code
                    return (code == nil || rowCode == code) && (period == nil || cell.period == period)
                }.reduce(0) { $0 + $1.count }
            }
            var compared = 0
            for row in report.rows {
                for (period, shown) in zip(report.periods, row.counts) {
                    if let shown { #expect(shown == count(row: row.code, period: period.label)); compared += 1 }
                }
                if let total = row.total { #expect(total == count(row: row.code, period: nil)); compared += 1 }
            }
            for period in report.periods {
                if let total = period.total { #expect(total == count(row: nil, period: period.label)); compared += 1 }
            }
            if let grand = report.grandTotal { #expect(grand == truth.total); compared += 1 }
            #expect(compared > 0, "publication \(publication.id) shows no number to compare")
        }
    }

    @Test(arguments: versions) func theRecoveryCodeAndEveryAdvisorStillUnlock(version: String) throws {
        let frozen = try Frozen(version)
        _ = try frozen.store.unlockProgram(recoveryCode: RecoveryCode(typed: frozen.secretFile("recovery-code.txt")))
        for (name, file) in [("Sgt. Ana Ortiz", "ana"), ("Ofc. Ben Carter", "ben"), ("Det. Chris Lee", "chris")] {
            let credential = try frozen.store.unlockAdvisor(named: name, passphrase: frozen.secretFile("advisor-\(file).passphrase"))
            #expect(credential.name == name)
        }
        #expect(throws: AccessError.retiredAdvisor("Ofc. Dee Walsh")) {
            try frozen.store.unlockAdvisor(named: "Ofc. Dee Walsh", passphrase: frozen.secretFile("advisor-dee.passphrase"))
        }
        #expect(try frozen.store.authenticateCommandStaff(credential: frozen.secretFile("credential-hal.txt")).name == "Chief Hal Moreno")
    }

    /// After the upgrade, the program goes on: a new form is filed and counted with the old ones.
    @Test(arguments: versions) func theUpgradedProgramKeepsWorking(version: String) throws {
        let frozen = try Frozen(version)
        let ana = try frozen.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: frozen.secretFile("advisor-ana.passphrase"))
        try frozen.store.file(as: ana, at: time("2026-11-30 10:00"), incident: .other, intervention: .followUp)
        let keyring = try frozen.coordinatorKeyring()
        let check = try frozen.store.verify(keyring: keyring)
        #expect(check.problems == [])
        #expect(check.formsVerified == frozen.expected.forms + 1)
        #expect(try frozen.store.coordinatorReport(keyring: keyring).total == frozen.expected.counted + 1)
    }
}
