import Foundation
import GRDB
import Testing

@Suite("Referrals, command-staff credentials and the audit trail, from the command line")
struct ReferralAndAuditCLITests {
    static let referral = """
        Requests for information about peer support usage go to the Program Coordinator, Capt. Dana Reyes.
        PeerLog does not release usage information to anyone else, regardless of rank (SOG 2-13 IV.C.1).
        Please contact the Program Coordinator directly.

        """

    @Test func aSupervisorAskingAboutAMemberIsReferredAndTheSubjectIsNotRecorded() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let asked = try cli.run(["query", "usage", "--member", "Ofc. Quentin Zebulon", "--about-advisor", "Sgt. Ana Ortiz"])
        #expect(asked.status == 3)
        #expect(asked.stdout == Self.referral)
        #expect(asked.stderr.isEmpty)
        let bytes = [UInt8](FileManager.default.contents(atPath: cli.db) ?? Data())
            + [UInt8](FileManager.default.contents(atPath: cli.db + "-wal") ?? Data())
        #expect(!String(decoding: bytes, as: UTF8.self).contains("Quentin"), "the member asked about was recorded")
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0)
    }

    @Test func referralIsAuditedByRoleOnly() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        _ = try cli.run(["query", "usage", "--about-advisor", "Sgt. Ana Ortiz"])
        let shown = try cli.run(["audit", "show", "--passphrase-file", coordinator])
        #expect(shown.status == 0)
        // Asked without any secret, so counted for the day rather than written as an entry of its own.
        let line = try #require(shown.stdout.split(separator: "\n").first { $0.contains("query-usage") })
        #expect(line.contains("referred") && line.hasSuffix(" 1"), "\(line)")
        #expect(shown.stdout.contains("without a secret"))
        #expect(!shown.stdout.contains("Ana"))
    }

    @Test func theCoordinatorGetsAnAnswer() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        _ = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                         "--at", "2026-01-05 10:00", "--passphrase-file", advisor])
        let answer = try cli.run(["query", "usage", "--about-advisor", "Sgt. Ana Ortiz", "--format", "csv", "--passphrase-file", coordinator])
        #expect(answer.status == 0, "\(answer.stderr)")
        #expect(answer.stdout.contains("type,2026-01,other,one-on-one,,1"))
        let member = try cli.run(["query", "usage", "--member", "Ofc. Smith", "--passphrase-file", coordinator])
        #expect(member.status == 0)
        #expect(member.stdout.hasPrefix("PeerLog does not record who receives peer support"))
    }

    @Test func commandStaffCredentialOpensNothingButIsReferredOrDenied() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let credential = cli.home + "/chief.cred"
        let grant = try cli.run(["access", "grant", "Chief Lee", "--role", "command-staff", "--output", credential,
                                 "--passphrase-file", coordinator])
        #expect(grant.status == 0, "\(grant.stderr)")
        let report = try cli.run(["report", "--credential-file", credential])
        #expect(report.status == 3)
        #expect(report.stdout == Self.referral)
        let query = try cli.run(["query", "usage", "--credential-file", credential])
        #expect(query.status == 3)
        let manage = try cli.run(["access", "grant", "Deputy Chief Ray", "--credential-file", credential])
        #expect(manage.status == 77)
        #expect(manage.stderr.contains("only the Program Coordinator issues or revokes access"))
        let roster = try cli.run(["advisor", "retire", "Sgt. Ana Ortiz", "--credential-file", credential])
        #expect(roster.status == 77)
        let audit = try cli.run(["audit", "show", "--credential-file", credential])
        #expect(audit.status == 77)

        #expect(try cli.run(["access", "revoke", "Chief Lee", "--passphrase-file", coordinator]).status == 0)
        let revoked = try cli.run(["report", "--credential-file", credential])
        #expect(revoked.status == 77)
        #expect(revoked.stderr.contains("revoked"))
        let list = try cli.run(["access", "list", "--passphrase-file", coordinator])
        #expect(list.stdout.contains("Chief Lee"))
    }

    @Test func auditVerifyNamesTheBrokenEntry() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let head = try cli.run(["audit", "head"])
        #expect(head.status == 0)
        let hash = try #require(head.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(try cli.run(["audit", "verify", "--head", hash]).status == 0)

        // Someone with the file edits the first entry, as they could with the sqlite3 shell.
        try DatabaseQueue(path: cli.db).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET action = 'unlock' WHERE seq = 1;")
        }
        let broken = try cli.run(["audit", "verify"])
        #expect(broken.status == 65)
        #expect(broken.stderr.hasPrefix("peerlog: error: audit entry 1 was altered after it was written"))
    }
}
