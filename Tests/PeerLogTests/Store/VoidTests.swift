import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Voids (issue 17 item 3): an appended, sealed, signed, audited record that takes a form out of
/// every count, and the references the coordinator voids by.
@Suite("Voids: a voided form leaves every count; nothing is edited or deleted")
struct VoidTests {
    static let deputyName = "Lt. Omar Haddad"
    static let deputyPassphrase = strong("the deputy's own passphrase")

    /// Three forms by Ana in January 2026 (other, deadly force, other) and one by Ben.
    func program() throws -> (TestProgram, [Identifier]) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz"), ben = try program.enrol("Ofc. Ben Carter")
        let ids = try program.store.file(batch: [
            FormEntry(time: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne),
            FormEntry(time: try time("2026-01-03 11:00"), incident: .deadlyForce, intervention: .groupSupport),
            FormEntry(time: try time("2026-01-04 12:00"), incident: .other, intervention: .referral),
        ], as: ana)
        let bens = try program.store.file(as: ben, at: try time("2026-01-04 15:00"), incident: .traumaticEvent, intervention: .oneOnOne)
        return (program, ids + [bens])
    }

    func ref(_ id: Identifier) -> String { String(id.hex.prefix(8)) }

    @Test func aVoidedFormLeavesEveryCount() throws {
        let (program, ids) = try program()
        let keyring = program.keyring
        let voided = try program.store.voidForm(reference: ref(ids[1]).uppercased(), reason: .wrongType, keyring: keyring)
        #expect(voided == VoidedForm(reference: ref(ids[1]), reason: .wrongType, publishedIn: []))

        // The coordinator's report, with each advisor's workload.
        let report = try program.store.coordinatorReport(keyring: keyring)
        #expect(report.total == 3)
        #expect(!report.byType.contains { $0.incident == .deadlyForce })
        #expect(report.byAdvisor.first { $0.advisor == "Sgt. Ana Ortiz" }?.count == 2)
        // Usage answers.
        let answer = try program.store.usageAnswer(keyring: keyring, advisor: "Sgt. Ana Ortiz", range: .all)
        #expect(answer.report.total == 2)
        // The truth the anonymised reports and their disclosure check are made from.
        let truth = try program.store.trueCounts(keyring: keyring)
        #expect(truth.counts.perDay(.incident, code: nil).reduce(0) { $0 + $1.count } == 3)
        #expect(truth.counts.perDay(.incident, code: IncidentType.deadlyForce.code).isEmpty)
        var counted = 0
        try program.store.forEachForm(keyring: keyring) { _ in counted += 1 }
        #expect(counted == 3)
        // The command-staff report (threshold 3): the deadly-force row holds nothing, "other" 2.
        let staff = try program.store.commandStaffReport(keyring: keyring, from: try CalendarDate(parsing: "2026-01-01"),
                                                         to: try CalendarDate(parsing: "2026-01-31"), by: .month,
                                                         control: try DisclosureControl(threshold: 3))
        #expect(staff.rows.first { $0.code == IncidentType.deadlyForce.code }?.total == 0, "\(staff.rows)")
        // verify counts it as stored and voided, and finds nothing wrong.
        let check = try program.store.verify(keyring: keyring)
        #expect(check.isSound, "\(check.problems)")
        #expect(check.formsVerified == 4 && check.formsVoided == 1 && check.audit.voids == 1)
        // Nothing was edited or deleted: the form is still stored, and the listing marks it.
        #expect(try program.store.formCount() == 4)
        let listing = try program.store.formListing(keyring: keyring)
        #expect(listing.entries.count == 4)
        #expect(listing.entries.filter { $0.voidReason == .wrongType }.map(\.reference) == [ref(ids[1])])
        // A purge removes records, voided ones too: its plan counts them.
        #expect(try program.store.purgePlan(before: try CalendarDate(parsing: "2026-02-01"), keyring: keyring).total == 4)
    }

    @Test func theVoidIsAuditedWithTheActingRoleAndNoContent() throws {
        let (program, ids) = try program()
        try program.store.addDeputy(name: Self.deputyName, passphrase: secret(Self.deputyPassphrase), authority: program.keyring,
                                    kdf: .minimum, today: TestProgram.today)
        let deputy = try program.store.unlockDeputy(named: Self.deputyName, passphrase: secret(Self.deputyPassphrase))
        try program.store.voidForm(reference: ref(ids[0]), reason: .duplicate, keyring: program.keyring)
        try program.store.voidForm(reference: ref(ids[2]), reason: .mistake, keyring: deputy)
        let voids = try program.store.auditEvents().filter { $0.action == "form-void" }
        #expect(voids.map(\.role) == [.coordinator, .deputy])
        #expect(voids.allSatisfy { $0.formHash == nil && $0.outcome == "allowed" && $0.at != nil })
        #expect(try program.store.coordinatorReport(keyring: deputy).total == 2)
        #expect(try program.store.verifyAudit().isIntact)
    }

    @Test func unknownMalformedAndAlreadyVoidedReferencesAreRefused() throws {
        let (program, ids) = try program()
        let keyring = program.keyring
        let unused = try #require(["00000000", "ffffffff", "12345678"].first { prefix in !ids.contains { $0.hex.hasPrefix(prefix) } })
        #expect(throws: VoidError.unknownReference(unused)) { try program.store.voidForm(reference: unused, reason: .mistake, keyring: keyring) }
        #expect(throws: VoidError.malformedReference("abc")) { try program.store.voidForm(reference: "abc", reason: .mistake, keyring: keyring) }
        #expect(throws: VoidError.malformedReference("not-a-ref")) {
            try program.store.voidForm(reference: "not-a-ref", reason: .mistake, keyring: keyring)
        }
        try program.store.voidForm(reference: ids[0].hex, reason: .wrongTime, keyring: keyring)
        #expect(throws: VoidError.alreadyVoided(ref(ids[0]))) {
            try program.store.voidForm(reference: ref(ids[0]), reason: .duplicate, keyring: keyring)
        }
        // Refusals append nothing.
        #expect(try program.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM form_void") } == 1)
        #expect(try program.store.auditEvents().filter { $0.action == "form-void" }.count == 1)
    }

    @Test func referencesAreShownLongerWhereTwoFormsShareEightDigitsAndAnAmbiguousPrefixIsRefused() throws {
        func id(_ hex: String) throws -> Identifier {
            let bytes = PeerLogFormat.bytes(fromHex: hex)
            return try Identifier(bytes: try #require(bytes))
        }
        let a = try id("abcdef01" + "23" + String(repeating: "0", count: 22))
        let b = try id("abcdef01" + "24" + String(repeating: "1", count: 22))
        let c = try id("12345678" + String(repeating: "2", count: 24))
        let refs = FormReference.references(for: [a, b, c])
        #expect(refs[a] == "abcdef0123" && refs[b] == "abcdef0124" && refs[c] == "12345678")
        #expect(throws: VoidError.ambiguousReference("abcdef01", count: 2)) { try FormReference.resolve("ABCDEF01", among: [a, b, c]) }
        #expect(try FormReference.resolve("AbCdEf0124", among: [a, b, c]) == b)
        #expect(try FormReference.resolve(" 12345678 ", among: [a, b, c]) == c)
    }

    @Test func aVoidInAPublishedPeriodChangesItsTruthLikeALateForm() throws {
        let program = try JointCheckTests.program(forms: 60, months: 1...3)
        let prepared = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                                   try JointCheckTests.spec("2025-01-01", "2025-03-31", by: .quarter),
                                                                   seed: JointCheckTests.seed(4))
        try program.store.publish(prepared, keyring: program.keyring)
        let listing = try program.store.formListing(keyring: program.keyring, range: try DateRange(from: CalendarDate(parsing: "2025-02-01"),
                                                                                                   to: CalendarDate(parsing: "2025-02-28")))
        let victim = try #require(listing.entries.first)
        let voided = try program.store.voidForm(reference: victim.reference, reason: .wrongTime, keyring: program.keyring)
        #expect(voided.publishedIn == [1])
        let refusal = #expect(throws: PublicationRefusal.self) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                            try JointCheckTests.spec("2025-01-01", "2025-06-30", by: .month),
                                                            seed: JointCheckTests.seed(5))
        }
        guard case let .formsChanged(publication, first, last)? = refusal else {
            Issue.record("expected the void to be noticed as a change, got \(String(describing: refusal))")
            return
        }
        #expect(publication == 1 && first == "2025-01-01" && last == "2025-03-31")
        #expect(refusal?.description.contains("voided") == true)
    }

    @Test func theFileSaysOnlyThatAVoidExists() throws {
        let (program, ids) = try program()
        try program.store.checkpoint()
        let before = rawBytes(program.path) + rawBytes(program.path + "-wal")
        try program.store.voidForm(reference: ref(ids[1]), reason: .wrongType, keyring: program.keyring)
        try program.store.checkpoint()
        let file = rawBytes(program.path) + rawBytes(program.path + "-wal")
        // Codes that appear in the file anyway (the schema's own text names "duplicate") must not appear more often.
        #expect(occurrences(of: Array("wrong-type".utf8), in: file) == 0)
        for reason in VoidReason.allCases {
            #expect(occurrences(of: Array(reason.code.utf8), in: file) == occurrences(of: Array(reason.code.utf8), in: before), "\(reason.code)")
        }
        let row = try FileWriter(path: program.path).read { db in try Row.fetchOne(db, sql: "SELECT * FROM form_void") }
        let sealed = [UInt8](try #require(row?["sealed"] as Data?))
        #expect(sealed.count == FormVoid.sealedLength)
        #expect(occurrences(of: ids[1].bytes, in: sealed) == 0)
        // Every void has the same length, whatever its reason.
        try program.store.voidForm(reference: ref(ids[0]), reason: .duplicate, keyring: program.keyring)
        let lengths = try FileWriter(path: program.path).read { db in try Int.fetchAll(db, sql: "SELECT length(sealed) FROM form_void") }
        #expect(Set(lengths) == [FormVoid.sealedLength])
    }

    @Test func voidsSealedBeforeARotationStillOpen() throws {
        let (program, ids) = try program()
        try program.store.voidForm(reference: ref(ids[0]), reason: .duplicate, keyring: program.keyring)
        _ = try program.store.rotateProgramKey(keyring: program.keyring, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                               today: TestProgram.today)
        let keyring = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        try program.store.voidForm(reference: ref(ids[3]), reason: .mistake, keyring: keyring)
        let keys = try FileWriter(path: program.path).read { db in try Int64.fetchAll(db, sql: "SELECT key_id FROM form_void ORDER BY key_id") }
        #expect(keys == [1, 2])
        #expect(try program.store.coordinatorReport(keyring: keyring).total == 2)
    }
}
