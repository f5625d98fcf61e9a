/// The associated data a wrapped secret is bound to (docs/FORMAT.md §3): a wrap opens only for
/// the key, program and unlocker it was made for, so moving it to another row fails.
package enum WrapContext {
    /// A program secret key, wrapped for one unlocker (`passphrase` or `recovery-code`).
    package static func programKey(programID: Identifier, keyID: Int64, publicKey: [UInt8], unlocker: String) -> [UInt8] {
        Domain.programKeyWrap + programID.bytes + bigEndian64(keyID) + publicKey + Array(unlocker.utf8)
    }

    /// An advisor's signing seed. With `root`, version 2: the program root's public key is bound
    /// in, so a root swapped into the file makes the advisor's own unlock fail. Without, version 1,
    /// as wrapped before the root existed.
    package static func advisorKey(programID: Identifier, advisorID: Identifier, publicKey: [UInt8], root: [UInt8]?) -> [UInt8] {
        guard let root else { return Domain.advisorKeyWrapV1 + programID.bytes + advisorID.bytes + publicKey }
        return Domain.advisorKeyWrapV2 + programID.bytes + advisorID.bytes + publicKey + root
    }

    /// A deputy coordinator's X25519 secret key: always bound to the program root (deputies exist
    /// only in programs that have one), so a root swapped into the file makes the deputy's own
    /// unlock fail.
    package static func deputyKey(programID: Identifier, deputyID: Identifier, publicKey: [UInt8], root: [UInt8]) -> [UInt8] {
        Domain.deputyKeyWrap + programID.bytes + deputyID.bytes + publicKey + root
    }
}
