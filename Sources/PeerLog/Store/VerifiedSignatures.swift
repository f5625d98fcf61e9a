import Foundation
import PeerLogFormat

/// Signatures this store has seen verify, kept by their exact bytes (public key, signature and
/// message). The newest signed head is checked before every filing, and it changes only when the
/// coordinator acts, so its Ed25519 check is done once per head rather than once per form. Only
/// successes are kept, and only an identical triple is taken as checked: a changed head, key or
/// signature is verified afresh. The state digest the head covers is still recomputed from the
/// rows every time (that is what catches a changed row).
final class VerifiedSignatures: @unchecked Sendable {
    private let lock = NSLock()
    private var recent: [[UInt8]] = []
    private let capacity = 4

    func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        // Fixed lengths make the concatenation unambiguous.
        guard signature.count == SigningKey.signatureLength, publicKey.count == SigningKey.publicKeyLength else { return false }
        let triple = publicKey + signature + message
        lock.lock()
        let known = recent.contains(triple)
        lock.unlock()
        if known { return true }
        guard SigningKey.verify(signature, of: message, publicKey: publicKey) else { return false }
        lock.lock()
        defer { lock.unlock() }
        recent.append(triple)
        if recent.count > capacity { recent.removeFirst() }
        return true
    }
}
