import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Command-staff credentials: issued once, stored as a hash, revocable")
struct AccessCredentialTests {
    @Test func grantedCredentialAuthenticatesUntilRevoked() throws {
        let program = try TestProgram()
        let issued = try program.store.grantAccess(to: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        #expect(try program.store.authenticateCommandStaff(credential: secret(issued.printable)).name == "Chief Lee")
        try program.store.checkpoint()
        let canonical = issued.printable.replacingOccurrences(of: "-", with: "")
        #expect(occurrences(of: Array(canonical.utf8), in: rawBytes(program.path)) == 0, "the credential is stored in clear")
        try program.store.revokeAccess(from: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        #expect(throws: AccessError.badCredential) { try program.store.authenticateCommandStaff(credential: secret(issued.printable)) }
        #expect(try program.store.accessGrants().first?.isActive == false)
    }

    @Test func aRecoveryCodeIsNotACredential() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, setup) = try PeerLogStore.createProgram(at: dir + "/p.db", name: "P", coordinator: "C",
                                                            passphrase: secret(strong("coordinator passphrase")), kdf: .minimum, today: TestProgram.today)
        #expect(throws: InputError.self) { try store.authenticateCommandStaff(credential: secret(setup.recoveryCode)) }
    }

    @Test func duplicateGrantIsRefused() throws {
        let program = try TestProgram()
        _ = try program.store.grantAccess(to: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        #expect(throws: InputError.duplicateAccess("chief lee")) {
            try program.store.grantAccess(to: "chief lee", authority: program.keyring, today: TestProgram.today)
        }
    }
}
