internal import CSodium

/// Binds a command-staff credential to the program root: a MAC of the root's public key under a
/// key derived from the credential itself. The holder recomputes it from their own secret, so a
/// root (and with it a false report) swapped into the file fails their check; the database holds
/// only the MAC, from which neither the credential nor the key can be recovered.
package enum CredentialBinding {
    /// - Parameter credential: the credential's canonical form (32 characters).
    package static func mac(credential: SecretBytes, programID: Identifier, root: [UInt8]) throws -> [UInt8] {
        var key = try Digest.blake2b(prefix: Domain.credentialRootKey, secret: credential)
        defer { sodium_memzero(&key, key.count) }
        let message = Domain.credentialRootBinding + programID.bytes + root
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_generichash(&out, out.count, message, UInt64(message.count), key, key.count) == 0 else {
            throw CryptoError.operationFailed("credential binding")
        }
        return out
    }
}
