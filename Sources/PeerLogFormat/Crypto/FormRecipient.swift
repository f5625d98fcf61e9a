/// The program key a usage form is sealed to, as a version-2 form names it inside its signed
/// body: the program, the key's number and its public key.
public struct FormRecipient: Sendable, Hashable {
    public let programID: Identifier
    public let keyID: Int64
    public let publicKey: [UInt8]

    public init(programID: Identifier, keyID: Int64, publicKey: [UInt8]) {
        self.programID = programID
        self.keyID = keyID
        self.publicKey = publicKey
    }
}
