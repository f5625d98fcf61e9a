import Foundation
import Testing

@Suite("Succession, rotation, backup, verify and purge from the command line")
struct KeysAndRecordsCLITests {
    @Test func successionWithTheRecoveryCode() throws {
        let cli = try PeerLogRunner()
        let coordinator = try cli.secretFile("c.pass", strong("first coordinator passphrase"))
        let setUp = try cli.run(["init", "--program", "P", "--coordinator", "Capt. Old", "--new-passphrase-file", coordinator, "--kdf", "interactive"])
        let code = try #require(setUp.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 39 && $0.split(separator: "-").count == 8 })
        let codeFile = try cli.secretFile("code.txt", code)
        let successor = try cli.secretFile("new.pass", strong("successor passphrase here"))
        let recovered = try cli.run(["recover", "--recovery-code-file", codeFile, "--new-passphrase-file", successor, "--kdf", "interactive"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("NEW RECOVERY CODE"))
        #expect(!recovered.stdout.contains(code))
        let again = try cli.run(["recover", "--recovery-code-file", codeFile, "--new-passphrase-file", successor])
        #expect(again.status == 77)
        #expect(try cli.run(["report", "--passphrase-file", coordinator]).status == 77)
        #expect(try cli.run(["report", "--passphrase-file", successor]).status == 0)
        let typo = try cli.secretFile("typo.txt", String(code.dropLast()) + (code.last == "0" ? "1" : "0"))
        let mistyped = try cli.run(["recover", "--recovery-code-file", typo, "--new-passphrase-file", successor])
        #expect(mistyped.status == 65)
        #expect(mistyped.stderr.contains("probably mistyped"))
    }

    @Test func passphraseChangeAndKeyRotation() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        _ = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one", "--passphrase-file", advisor])
        let rotated = try cli.run(["key", "rotate", "--passphrase-file", coordinator])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        _ = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "referral", "--passphrase-file", advisor])
        let newPass = try cli.secretFile("new.pass", strong("the next coordinator passphrase"))
        let changed = try cli.run(["passphrase", "change", "--passphrase-file", coordinator, "--new-passphrase-file", newPass, "--kdf", "interactive"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try cli.run(["verify", "--passphrase-file", coordinator]).status == 77)
        let verified = try cli.run(["verify", "--passphrase-file", newPass])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("2 opened and signature-checked"))
    }

    @Test func backupVerifyAndPurgeDryRun() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        for day in ["2023-03-01", "2023-03-02", "2026-01-02"] {
            _ = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                             "--at", "\(day) 10:00", "--passphrase-file", advisor])
        }
        let backup = try cli.run(["backup", cli.home + "/copy.db"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("verified: 3 forms"))
        let partial = try cli.run(["verify"])
        #expect(partial.status == 0)
        #expect(partial.stderr.contains("not checked: the forms' seals and signatures"))
        #expect(try cli.run(["settings", "retention", "2y", "--passphrase-file", coordinator]).status == 0)
        let dry = try cli.run(["purge", "--dry-run", "--passphrase-file", coordinator])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("2023-Q1  2"))
        let purged = try cli.run(["purge", "--before", "2024-01-01", "--passphrase-file", coordinator])
        #expect(purged.stdout.hasPrefix("Purged 2 forms"))
        #expect(try cli.run(["audit", "verify"]).status == 0)
        let noDate = try PeerLogRunner()
        let (c2, _) = try noDate.setUpProgram()
        #expect(try noDate.run(["purge", "--passphrase-file", c2]).status == 64)
    }
}
