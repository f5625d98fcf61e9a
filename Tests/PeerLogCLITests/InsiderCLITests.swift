import Foundation
import GRDB
import Testing

/// What people see when someone changed the database file behind PeerLog's back: `verify` exits
/// 65 and names the row, and an advisor's filing is refused with the reason.
@Suite("Tampering by someone with the file, as the command line reports it")
struct InsiderCLITests {
    func edit(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        try DatabaseQueue(path: path, configuration: config).writeWithoutTransaction { db in try db.execute(sql: sql, arguments: arguments) }
    }

    @Test func aForgedRosterRowIsNamedByVerify() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        try edit(cli.db, """
            INSERT INTO advisor (advisor_id, name, name_key, status, enrolled_on, retired_on, sign_public_key, kdf_alg, kdf_ops,
                                 kdf_mem, salt, nonce, wrapped_seed, signature)
            SELECT randomblob(16), 'Ofc. Mallory Grey', 'ofc. mallory grey', 'active', enrolled_on, NULL, randomblob(32), kdf_alg,
                   kdf_ops, kdf_mem, salt, nonce, wrapped_seed, randomblob(64) FROM advisor LIMIT 1
            """)
        let verify = try cli.run(["verify", "--passphrase-file", coordinator])
        #expect(verify.status == 65, "\(verify.stderr)")
        #expect(verify.stderr.contains("the roster entry for 'Ofc. Mallory Grey'"), "\(verify.stderr)")
        let anyone = try cli.run(["audit", "verify"])
        #expect(anyone.status == 65)
        #expect(anyone.stderr.contains("Ofc. Mallory Grey"))
    }

    @Test func aSwappedProgramKeyStopsTheFilerWithTheReason() throws {
        let cli = try PeerLogRunner()
        let (_, advisor) = try cli.setUpProgram()
        try edit(cli.db, "UPDATE program_key SET public_key = randomblob(32) WHERE active = 1")
        let filing = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                  "--passphrase-file", advisor])
        #expect(filing.status == 65, "\(filing.stderr)")
        #expect(filing.stderr.contains("program key 1 has no valid certificate"), "\(filing.stderr)")
        #expect(!filing.stdout.contains("Filed."))
        #expect(try DatabaseFacts(path: cli.db).forms == 0)
    }
}
