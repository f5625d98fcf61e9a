import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Two key changes at the same moment (a passphrase change and a key rotation, from two
/// processes) must leave a program that the newest passphrase opens whole: exactly one commits,
/// the other changes nothing and is told to try again.
@Suite("Key changes at once: one wins whole, the other changes nothing")
struct KeyChangeRaceTests {
    @Test func aPassphraseChangeAndARotationRacingLeaveAnOpenableProgram() async throws {
        let program = try TestProgram()
        var passphrase = program.coordinatorPassphrase
        var keys = 1
        var outcomes: [String: Int] = [:]
        for round in 0..<8 {
            // Two processes' worth: their own connections, each unlocked before either writes.
            let first = try PeerLogStore(openingExisting: program.path), second = try PeerLogStore(openingExisting: program.path)
            let firstKeyring = try first.unlockProgram(passphrase: passphrase)
            let secondKeyring = try second.unlockProgram(passphrase: passphrase)
            let next = secret(strong("race passphrase number \(round) of eight"))
            let current = passphrase
            async let changed: Bool = Task.detached {
                do { try first.changeCoordinatorPassphrase(keyring: firstKeyring, to: next, kdf: .minimum); return true } catch StoreError.concurrentChange {
                    return false
                }
            }.value
            async let rotated: String? = Task.detached {
                do { return try second.rotateProgramKey(keyring: secondKeyring, passphrase: current, kdf: .minimum, today: TestProgram.today) }
                catch StoreError.concurrentChange { return nil }
            }.value
            let (didChange, code) = try await (changed, rotated)
            #expect(didChange != (code != nil), "round \(round): exactly one change may commit")
            if didChange { passphrase = next; outcomes["change", default: 0] += 1 }
            if code != nil { keys += 1; outcomes["rotate", default: 0] += 1 }
            // The winner's passphrase opens every key; nothing is half-changed.
            let keyring = try program.store.unlockProgram(passphrase: passphrase)
            #expect(keyring.keys.count == keys, "round \(round)")
            if let code { _ = try program.store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(code))) }
            #expect(try program.store.verify(keyring: keyring).isSound)
        }
        #expect(outcomes.values.reduce(0, +) == 8)
    }
}
