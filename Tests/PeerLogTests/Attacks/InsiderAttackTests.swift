import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The insider of the threat model: anyone who can write the database file (every advisor filing
/// from a shared host can) but holds no passphrase of anyone else. Each test plays one attack with
/// only what that attacker holds: the file, the public keys in it, their own fresh keys, and
/// sqlite3 (`FileWriter`). Each fails if the attack succeeds.
@Suite("Insiders with write access to the file: no form read, nothing forged unseen")
struct InsiderAttackTests {
    /// A program with one advisor who has filed one form, and the coordinator's keyring.
    func program() throws -> (TestProgram, AdvisorCredential) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        return (program, ana)
    }

    func problems(_ program: TestProgram) throws -> [String] {
        try program.store.verify(keyring: program.store.unlockKeyring(secret: program.coordinatorPassphrase, unlocker: .passphrase)).problems
    }

    // MARK: Reading forms through a swapped key

    /// The attack of issue 13: put one's own public key in place of the program key, wait for a
    /// colleague to file. The filer checks the key against the root its own secret is bound to and
    /// refuses; nothing is sealed to the attacker's key.
    @Test func aSwappedProgramKeyIsRefusedByTheFiler() throws {
        let (program, ana) = try program()
        _ = try program.store.rotateProgramKey(keyring: program.keyring, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                               today: TestProgram.today)
        let attacker = try ProgramKeyPair.generate()
        try FileWriter(path: program.path).execute("UPDATE program_key SET public_key = ? WHERE active = 1", [Data(attacker.publicKey)])
        let before = try program.store.formCount()
        #expect(throws: TamperingError.keyNotCertified(keyID: 2)) {
            try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .deadlyForce, intervention: .oneOnOne)
        }
        #expect(try program.store.formCount() == before)
        // No stored form opens with the attacker's key.
        let sealed = try program.store.read { db in try Data.fetchAll(db, sql: "SELECT sealed FROM usage_form") }
        for blob in sealed { #expect((try? SealedBox.open([UInt8](blob), with: attacker)) == nil) }
        // The coordinator's passphrase opens key 1 but not the row that claims to be key 2.
        #expect(throws: TamperingError.keyReplaced(keyID: 2)) { try program.store.unlockProgram(passphrase: program.coordinatorPassphrase) }
    }

    /// The same attack on a filer that stays open (the web intake files every form through one
    /// store): its last check passed and is remembered, the key is swapped between two of its
    /// filings with no coordinator action in between, and it still refuses.
    @Test func aLongRunningFilerNoticesAKeySwappedBetweenTwoFilings() throws {
        let (program, ana) = try program()
        try program.store.file(as: ana, at: try time("2026-01-03 09:00"), incident: .other, intervention: .oneOnOne)
        let attacker = try ProgramKeyPair.generate()
        try FileWriter(path: program.path).execute("UPDATE program_key SET public_key = ? WHERE key_id = 1", [Data(attacker.publicKey)])
        let before = try program.store.formCount()
        #expect(throws: TamperingError.self) {
            try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .deadlyForce, intervention: .oneOnOne)
        }
        #expect(try program.store.formCount() == before)
        // And a retirement made by another process between two filings stops the next one.
        try FileWriter(path: program.path).execute("UPDATE program_key SET public_key = ? WHERE key_id = 1",
                                                   [Data(try #require(program.keyring.keys[1]).publicKey)])
        try program.store.file(as: ana, at: try time("2026-01-03 11:00"), incident: .other, intervention: .oneOnOne)
        let coordinator = try PeerLogStore(openingExisting: program.path)
        _ = try coordinator.retireAdvisor(named: "Sgt. Ana Ortiz", authority: program.keyring, today: TestProgram.today)
        #expect(throws: AccessError.retiredAdvisor("Sgt. Ana Ortiz")) {
            try program.store.file(as: ana, at: try time("2026-01-03 12:00"), incident: .other, intervention: .oneOnOne)
        }
    }

    /// A subtler way to keep a long-running filer on an old state: copy the write-ahead log's index
    /// (`-shm`) while the intake is idle and write it back after the coordinator's next action.
    /// SQLite then sees no change and would keep serving the filer its cached pages. The filer
    /// drops them before each filing's checks, reads the state from the file, and refuses.
    func hideTheCoordinatorsNextAction(_ program: TestProgram, from intake: PeerLogStore, _ ana: AdvisorCredential,
                                       _ action: () throws -> Void) throws {
        try intake.file(as: ana, at: try time("2026-01-03 09:00"), incident: .other, intervention: .oneOnOne)
        try intake.checkpoint()
        try intake.file(as: ana, at: try time("2026-01-03 09:30"), incident: .other, intervention: .oneOnOne)
        let index = program.path + "-shm"
        let copy = try #require(FileManager.default.contents(atPath: index))
        try action()
        try program.store.checkpoint()
        let handle = try #require(FileHandle(forWritingAtPath: index))
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: copy)
        try handle.close()
    }

    @Test func aRestoredLogIndexDoesNotHideARetirementFromTheIntake() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let intake = try PeerLogStore(openingExisting: program.path, concurrentReaders: true)
        try hideTheCoordinatorsNextAction(program, from: intake, ana) {
            _ = try program.store.retireAdvisor(named: "Sgt. Ana Ortiz", authority: program.keyring, today: TestProgram.today)
        }
        #expect(throws: AccessError.retiredAdvisor("Sgt. Ana Ortiz")) {
            try intake.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        }
    }

    @Test func aRestoredLogIndexDoesNotKeepTheIntakeOnARetiredKey() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let intake = try PeerLogStore(openingExisting: program.path, concurrentReaders: true)
        try hideTheCoordinatorsNextAction(program, from: intake, ana) {
            _ = try program.store.rotateProgramKey(keyring: program.keyring, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                                   today: TestProgram.today)
        }
        // Refused (without the pages dropped first, it filed, sealed to key 1): what it reads again
        // from the file does not match the restored index, an I/O error; the attacker has damaged
        // the index, and nothing is sealed to the key the rotation retired.
        #expect(throws: StoreError.self) {
            try intake.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        }
    }

    /// The same, with a certificate made by the attacker's own root, and the attacker's root pinned
    /// in place of the program's, every row re-signed with it, and a head signed with it: the
    /// advisor's own unlock binds the root it was enrolled under, so it fails, and nothing is filed.
    @Test func aWholeForgedRootDoesNotFoolTheAdvisorsOwnKey() throws {
        let (program, _) = try program()
        let fakeRoot = try SigningKey.generate()
        try FileWriter(path: program.path).execute("UPDATE publishing_key SET public_key = ?", [Data(fakeRoot.publicKey)])
        try resignEverything(program, with: fakeRoot)
        #expect(throws: AccessError.wrongAdvisorPassphrase(advisor: "Sgt. Ana Ortiz")) {
            try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz")))
        }
        // The coordinator derives the real root from the program key: the swap is named, and
        // nothing is signed over it.
        let keyring = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        #expect(program.store.takeWarnings().contains { $0.contains("not the one derived from the program key") })
        #expect(throws: TamperingError.rootSwapped) { try program.store.setRetention(months: 12, keyring: keyring) }
        #expect(try problems(program).contains(TamperingError.rootSwapped.description))
    }

    /// If a form was ever sealed to a swapped key (by an outdated writer), opened, and sealed again
    /// to the real key, the version-2 body still names the key it was first sealed to.
    @Test func aFormOpenedAndSealedAgainIsRejectedOnOpening() throws {
        let (program, ana) = try program()
        let attacker = try ProgramKeyPair.generate()
        let form = UsageForm(advisorID: ana.advisorID, serviceTime: try time("2026-01-04 10:00"), incident: .deadlyForce, intervention: .oneOnOne)
        let toAttacker = try SealedForm.seal(form, signer: ana.signingKey,
                                             recipient: FormRecipient(programID: program.keyring.programID, keyID: 1, publicKey: attacker.publicKey))
        let read = try SealedBox.open(toAttacker, with: attacker)
        let resealed = try SealedBox.seal(read, to: try #require(program.keyring.keys[1]).publicKey)
        try FileWriter(path: program.path).execute("INSERT INTO usage_form VALUES (?, 1, ?)", [Data(form.id.bytes), Data(resealed)])
        try FileWriter(path: program.path).execute("INSERT INTO pending_form VALUES (?)", [Data(try AuditEvent.formHash(of: resealed))])
        #expect(throws: SealedForm.Rejection.wrongRecipient) { try program.store.forEachForm(keyring: program.keyring) { _ in } }
        #expect(try problems(program).contains { $0.contains("sealed again") })
    }

    // MARK: Forging what is counted

    /// A roster row with the attacker's own signing key and a form signed with it: neither counts.
    @Test func aForgedAdvisorAndTheirFormAreNamedAndNotCounted() throws {
        let (program, _) = try program()
        let forger = try SigningKey.generate()
        let forgedID = Identifier.random()
        let writer = FileWriter(path: program.path)
        try writer.execute("""
            INSERT INTO advisor (advisor_id, name, name_key, status, enrolled_on, retired_on, sign_public_key, kdf_alg, kdf_ops,
                                 kdf_mem, salt, nonce, wrapped_seed, signature)
            SELECT ?, 'Ofc. Mallory Grey', 'ofc. mallory grey', 'active', '2026-01-05', NULL, ?, kdf_alg, kdf_ops, kdf_mem, salt,
                   nonce, wrapped_seed, randomblob(64) FROM advisor LIMIT 1
            """, [Data(forgedID.bytes), Data(forger.publicKey)])
        let form = UsageForm(advisorID: forgedID, serviceTime: try time("2026-01-04 10:00"), incident: .deadlyForce, intervention: .groupSupport)
        let sealed = try SealedForm.seal(form, signer: forger, recipient: FormRecipient(
            programID: program.keyring.programID, keyID: 1, publicKey: try #require(program.keyring.keys[1]).publicKey))
        try writer.execute("INSERT INTO usage_form VALUES (?, 1, ?)", [Data(form.id.bytes), Data(sealed)])
        try writer.execute("INSERT INTO pending_form VALUES (?)", [Data(try AuditEvent.formHash(of: sealed))])
        #expect(throws: SealedForm.Rejection.unsignedRosterEntry) { try program.store.coordinatorReport(keyring: program.keyring) }
        let found = try problems(program)
        #expect(found.contains { $0.contains("roster entry for 'Ofc. Mallory Grey'") }, "\(found)")
        // And the coordinator's next change will not sign over it.
        #expect(throws: TamperingError.rosterEntryNotSigned(name: "Ofc. Mallory Grey")) {
            try program.store.setRetention(months: 12, keyring: program.keyring)
        }
    }

    /// A retired advisor put back to active with the row as it was signed before the retirement:
    /// each signature verifies, but the program's state is not the one last signed.
    @Test func aRolledBackRosterRowIsCaughtByTheSignedState() throws {
        let program = try TestProgram()
        let ben = try program.enrol("Ofc. Ben Carter")
        let before = try program.store.read { db in try Row.fetchOne(db, sql: "SELECT status, retired_on, signature FROM advisor")! }
        _ = try program.store.retireAdvisor(named: "Ofc. Ben Carter", authority: program.keyring, today: TestProgram.today)
        try FileWriter(path: program.path).execute("UPDATE advisor SET status = ?, retired_on = NULL, signature = ?",
                                                   [before["status"] as String, before["signature"] as Data])
        #expect(throws: TamperingError.stateDiffers(seq: try program.store.read { db in try program.store.newestSignedHead(db)!.seq })) {
            try program.store.file(as: ben, at: try time("2026-01-04 10:00"), incident: .other, intervention: .oneOnOne)
        }
        #expect(try problems(program).contains { $0.contains("put back in an older version") })
    }

    /// The same for a revoked credential: the row is put back, the state is not the one signed.
    @Test func anUnrevokedCredentialIsCaught() throws {
        let program = try TestProgram()
        let issued = try program.store.grantAccess(to: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        let before = try program.store.read { db in try Data.fetchOne(db, sql: "SELECT signature FROM access_credential")! }
        try program.store.revokeAccess(from: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        try FileWriter(path: program.path).execute("UPDATE access_credential SET revoked_on = NULL, signature = ?", [before])
        #expect(try problems(program).contains { $0.contains("put back in an older version") })
        _ = issued
    }

    /// Deleting the newest program key makes filers fall back to an older one: the signed state
    /// says otherwise.
    @Test func aDeletedNewestKeyIsCaught() throws {
        let (program, ana) = try program()
        _ = try program.store.rotateProgramKey(keyring: program.keyring, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                               today: TestProgram.today)
        let writer = FileWriter(path: program.path)
        try writer.execute("DELETE FROM program_key_wrap WHERE key_id = 2")
        try writer.execute("DELETE FROM program_key WHERE key_id = 2")
        try writer.execute("UPDATE program_key SET active = 1 WHERE key_id = 1")
        #expect(throws: TamperingError.self) {
            try program.store.file(as: ana, at: try time("2026-01-04 10:00"), incident: .other, intervention: .oneOnOne)
        }
    }

    // MARK: Rewriting the record

    /// An audit entry changed and every hash after it recomputed: the chain is consistent again,
    /// but not the one the root signed.
    @Test func aRecomputedChainIsCaughtAgainstTheSignedHead() throws {
        let (program, _) = try program()
        let entries = try program.store.auditEvents()
        let writer = FileWriter(path: program.path)
        var prev = AuditEvent.genesis
        for event in entries {
            let outcome = event.seq == 2 ? "denied" : event.outcome
            let hash = try AuditEvent.chainHash(prev: prev, seq: event.seq, at: event.at, role: event.role, action: event.action,
                                                outcome: outcome, formHash: event.formHash)
            try writer.execute("UPDATE audit_event SET outcome = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                               [outcome, Data(prev), Data(hash), event.seq])
            prev = hash
        }
        let audit = try program.store.verifyAudit()
        #expect(!audit.isIntact)
        #expect(audit.findings.contains(.tampered(.headNotSigned(seq: 2))), "\(audit.findings)")
    }

    /// Entries appended with a valid chain hash, as anyone can compute: a coordinator action and a
    /// filing that never happened. Neither is signed, and both are named.
    @Test func appendedCoordinatorAndFilingEntriesAreCaught() throws {
        let (program, _) = try program()
        let head = try program.store.auditHead()
        let writer = FileWriter(path: program.path)
        var prev = head.hash
        for (offset, (role, action, at, formHash)) in [(Role.coordinator, "purge", "2026-01-06T10:00Z" as String?, nil as [UInt8]?),
                                                       (.advisor, "form-filed", nil, [UInt8](repeating: 7, count: 32))].enumerated() {
            let seq = head.seq + Int64(offset) + 1
            let hash = try AuditEvent.chainHash(prev: prev, seq: seq, at: at, role: role, action: action, outcome: "allowed", formHash: formHash)
            try writer.execute("INSERT INTO audit_event VALUES (?, ?, ?, ?, 'allowed', ?, ?, ?)",
                               [seq, at, role.rawValue, action, formHash.map { Data($0) }, Data(prev), Data(hash)])
            prev = hash
        }
        let findings = try program.store.verifyAudit().findings
        #expect(findings.contains(.unsignedCoordinatorEntries(count: 1, after: head.seq)), "\(findings)")
        #expect(findings.contains(.formEntriesAfterSignedHead(count: 1)), "\(findings)")
        // The coordinator's next change would sign a head over them: it refuses instead.
        #expect(throws: TamperingError.entryAfterHeadForged(seq: head.seq + 1)) {
            try program.store.setRetention(months: 12, keyring: program.keyring)
        }
    }

    /// A store that has seen the newest head verify (an advisor filing at the web intake files
    /// many forms through one open store) still checks it when its bytes change: a head signature
    /// altered in the file after a filing stops the next filing.
    @Test func aHeadAlteredAfterAFilingStopsTheNextOneOnTheSameStore() throws {
        let (program, ana) = try program()
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        let seq = try program.store.read { db in try #require(try Int64.fetchOne(db, sql: "SELECT max(seq) FROM signed_head")) }
        try FileWriter(path: program.path).execute("UPDATE signed_head SET signature = zeroblob(64) WHERE seq = ?", [seq])
        #expect(throws: TamperingError.headNotSigned(seq: seq)) {
            try program.store.file(as: ana, at: try time("2026-01-04 10:00"), incident: .other, intervention: .oneOnOne)
        }
    }

    /// A trigger planted in the file would run inside the coordinator's own transaction, after
    /// every check: here it deletes a key wrap whenever an audit entry is added. The coordinator's
    /// change refuses to run and nothing is signed; `verify` names the trigger. Litestream's own
    /// bookkeeping tables (plain tables) are let be.
    @Test func aTriggerPlantedInTheFileStopsTheCoordinatorAndReplicationTablesDoNot() throws {
        let (program, _) = try program()
        try FileWriter(path: program.path).execute("CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)")
        try program.store.setRetention(months: 24, keyring: program.keyring)
        try FileWriter(path: program.path).execute("""
            CREATE TRIGGER quiet AFTER INSERT ON audit_event BEGIN DELETE FROM program_key_wrap WHERE unlocker = 'recovery-code'; END
            """)
        #expect(throws: TamperingError.schemaAltered(objects: ["quiet"])) {
            try program.store.setRetention(months: 12, keyring: program.keyring)
        }
        #expect(try program.store.retentionMonths() == 24)
        #expect(try program.store.verifyAudit().findings.contains(.tampered(.schemaAltered(objects: ["quiet"]))))
    }

    /// An advisor's entry after the newest head, altered without its hash: the coordinator's next
    /// change refuses to sign over it, though anyone may write such entries.
    @Test func anAlteredEntryAfterTheHeadIsNotSignedOver() throws {
        let (program, ana) = try program()
        let head = try program.store.auditHead()
        try program.store.record(.advisor(ana), action: "query-usage", outcome: "referred")
        try program.store.record(.advisor(ana), action: "query-usage", outcome: "referred")
        try FileWriter(path: program.path).execute("UPDATE audit_event SET outcome = 'allowed' WHERE seq = ?", [head.seq + 1])
        #expect(throws: TamperingError.entryAfterHeadForged(seq: head.seq + 1)) {
            try program.store.setRetention(months: 12, keyring: program.keyring)
        }
    }

    /// Forms removed by a retention purge, put back from an old backup (with or without a
    /// pending row claiming they were just filed).
    @Test(arguments: [false, true]) func purgedFormsPutBackAreCaught(withPendingRow: Bool) throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2024-02-02 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let old = try program.store.read { db in try Row.fetchAll(db, sql: "SELECT form_id, key_id, sealed FROM usage_form") }
        #expect(try program.store.purge(before: CalendarDate(parsing: "2025-01-01"), keyring: program.keyring) == 1)
        let writer = FileWriter(path: program.path)
        for row in old {
            try writer.execute("INSERT OR IGNORE INTO usage_form VALUES (?, ?, ?)", [row["form_id"] as Data, row["key_id"] as Int64, row["sealed"] as Data])
            if withPendingRow {
                try writer.execute("INSERT OR IGNORE INTO pending_form VALUES (?)", [Data(try AuditEvent.formHash(of: [UInt8](row["sealed"] as Data)))])
            }
        }
        let findings = try program.store.verifyAudit().findings
        #expect(findings.contains(.purgedFormPutBack(count: 1)), "\(findings)")
    }

    /// A false report with the attacker's own root pinned: command staff check the root with their
    /// own credential and refuse it.
    @Test func aFalsePublicationUnderASwappedRootFailsTheCredentialsCheck() throws {
        let (program, _) = try program()
        let report = try program.store.commandStaffReport(keyring: program.keyring, from: nil, to: nil, control: DisclosureControl())
        try program.store.publish(report, keyring: program.keyring)
        let issued = try program.store.grantAccess(to: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        let fakeRoot = try SigningKey.generate()
        let writer = FileWriter(path: program.path)
        let body = Data(#"{"format":"forged"}"#.utf8)
        let at = "2026-01-06T10:00Z"
        let signature = try fakeRoot.sign(RootSigned.publishedReportV2(programID: program.keyring.programID, publishedAt: at, body: [UInt8](body)))
        try writer.execute("UPDATE publishing_key SET public_key = ?", [Data(fakeRoot.publicKey)])
        try writer.execute("INSERT INTO published_report (published_at, body, signature, scheme) VALUES (?, ?, ?, 2)", [at, body, Data(signature)])
        #expect(throws: TamperingError.rootNotBound(who: "this credential")) {
            try program.store.authenticateCommandStaff(credential: secret(issued.printable))
        }
    }

    /// Signs every signed row and a head with `root`, as an attacker who swapped the root would.
    func resignEverything(_ program: TestProgram, with root: SigningKey) throws {
        let writer = FileWriter(path: program.path)
        let info = try program.store.programInfo()
        let rows = try writer.read { db in try SignedRows.load(db, program: info) }
        for key in rows.keys {
            try writer.execute("UPDATE program_key SET certificate = ? WHERE key_id = ?", [Data(try root.sign(rows.certificateBytes(key))), key.id])
        }
        for advisor in rows.advisors {
            try writer.execute("UPDATE advisor SET signature = ? WHERE advisor_id = ?", [Data(try root.sign(rows.entryBytes(advisor))), Data(advisor.id.bytes)])
        }
        let resigned = try writer.read { db in try SignedRows.load(db, program: info) }
        let head = try program.store.auditHead()
        let state = try resigned.state.digest()
        let signature = try root.sign(RootSigned.signedHead(programID: info.programID, seq: head.seq, hash: head.hash, state: state))
        try writer.execute("DELETE FROM signed_head WHERE seq = ?", [head.seq])
        try writer.execute("INSERT INTO signed_head VALUES (?, ?, ?)", [head.seq, Data(state), Data(signature)])
    }
}
