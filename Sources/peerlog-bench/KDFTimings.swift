import Foundation
import PeerLog

/// How long one Argon2id derivation takes at each named strength, so the documented defaults
/// (advisors `interactive`, coordinator `moderate`) can be checked against this machine.
/// Measured through `WrappedSecret.wrap`, which is one derivation plus a 32-byte AEAD encryption.
enum KDFTimings {
    struct Figure {
        let name: String
        let parameters: KDFParameters
        let median: Double
        let runs: Int
    }

    static func measure() throws -> [Figure] {
        var passphraseBytes = Array("a bench passphrase, never stored".utf8)
        let passphrase = try SecretBytes(consuming: &passphraseBytes)
        let secret = try SecretBytes(count: 32)
        let strengths: [(String, KDFParameters, Int)] = [("minimum (tests only)", .minimum, 20)]
            + KDFStrength.allCases.map { ($0.rawValue, $0.parameters, $0 == .sensitive ? 3 : 7) }
        return try strengths.map { name, parameters, runs in
            let seconds = try (0..<runs).map { _ in
                try Timing.measure(items: 1) {
                    _ = try WrappedSecret.wrap(secret, passphrase: passphrase, kdf: parameters, associatedData: [])
                }.seconds
            }.sorted()
            return Figure(name: name, parameters: parameters, median: seconds[seconds.count / 2], runs: runs)
        }
    }
}
