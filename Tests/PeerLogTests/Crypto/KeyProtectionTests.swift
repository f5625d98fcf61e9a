import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Wrapped keys, KDF limits, recovery codes, secret memory")
struct KeyProtectionTests {
    @Test func wrongPassphraseDoesNotUnwrap() throws {
        let key = try SecretBytes.random(count: 32)
        let wrapped = try WrappedSecret.wrap(key, passphrase: secret("right passphrase"), kdf: .minimum, associatedData: [1, 2, 3])
        #expect(try wrapped.unwrap(passphrase: secret("right passphrase"), associatedData: [1, 2, 3]).constantTimeEquals(key))
        #expect(throws: CryptoError.unwrapFailed) { try wrapped.unwrap(passphrase: secret("wrong passphrase"), associatedData: [1, 2, 3]) }
    }

    @Test func wrappedKeyMovedToAnotherContextDoesNotUnwrap() throws {
        let wrapped = try WrappedSecret.wrap(try SecretBytes.random(count: 32), passphrase: secret("right passphrase"),
                                             kdf: .minimum, associatedData: Array("key 1".utf8))
        #expect(throws: CryptoError.unwrapFailed) { try wrapped.unwrap(passphrase: secret("right passphrase"), associatedData: Array("key 2".utf8)) }
    }

    @Test("absurd KDF parameters from storage are refused before hashing",
          arguments: [KDFParameters(opsLimit: 1, memLimit: 4 << 30), KDFParameters(opsLimit: 10_000, memLimit: 8192),
                      KDFParameters(algorithm: 1, opsLimit: 2, memLimit: 1 << 16), KDFParameters(opsLimit: 0, memLimit: 8192)])
    func kdfCaps(parameters: KDFParameters) throws {
        let good = try WrappedSecret.wrap(try SecretBytes.random(count: 32), passphrase: secret("right passphrase"), kdf: .minimum, associatedData: [])
        let doctored = WrappedSecret(kdf: parameters, salt: good.salt, nonce: good.nonce, ciphertext: good.ciphertext)
        // Refused for its parameters, before any hashing: not a wrong passphrase, not a failed derivation.
        let error = #expect(throws: CryptoError.self) { try doctored.unwrap(passphrase: secret("right passphrase"), associatedData: []) }
        guard case .unacceptableKDFParameters? = error else {
            Issue.record("refused as \(String(describing: error)), not for its parameters")
            return
        }
    }

    @Test func defaultStrengthIsAccepted() throws {
        #expect(try KDFParameters.moderate.validated() == .moderate)
        let key = try SecretBytes.random(count: 32)
        let wrapped = try WrappedSecret.wrap(key, passphrase: secret("right passphrase"), kdf: .interactive, associatedData: [])
        #expect(try wrapped.unwrap(passphrase: secret("right passphrase"), associatedData: []).constantTimeEquals(key))
    }

    @Test func recoveryCodeRoundTripsAsTypedByAPerson() throws {
        let (code, printable) = try RecoveryCode.generate()
        #expect(printable.count == 39)
        #expect(printable.split(separator: "-").count == 8)
        let typed = try RecoveryCode(typed: secret(" " + printable.lowercased().replacingOccurrences(of: "-", with: " ") + "\n"))
        #expect(typed.secret.constantTimeEquals(code.secret))
    }

    @Test func mistypedRecoveryCodeIsToldApartFromAWrongOne() throws {
        let (_, printable) = try RecoveryCode.generate()
        var chars = Array(printable)
        chars[0] = chars[0] == "A" ? "B" : "A"
        #expect(throws: InputError.self) { try RecoveryCode(typed: secret(String(chars))) }
        #expect(throws: InputError.self) { try RecoveryCode(typed: secret(String(printable.dropLast(2)))) }
        #expect(throws: InputError.self) { try RecoveryCode(typed: secret(printable.replacingOccurrences(of: "-", with: "!"))) }
    }

    @Test func secretsNeverPrint() throws {
        let s = secret("a very secret passphrase")
        #expect(String(describing: s) == "<redacted>")
        #expect("\(s)" == "<redacted>")
        #expect(String(reflecting: s) == "<redacted>")
    }

    @Test func passphrasePolicy() throws {
        #expect(throws: InputError.self) { try PassphrasePolicy.check(secret("short")) }
        #expect(throws: InputError.self) { try PassphrasePolicy.check(secret("has a\ttab inside")) }
        try PassphrasePolicy.check(secret(strong("long enough passphrase")))
    }
}
