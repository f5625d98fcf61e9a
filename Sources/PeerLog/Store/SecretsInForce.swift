/// Which coordinator passphrase and recovery code open a database (a backup, say), read from its
/// audit trail without any key: the newest entry that set each one. A backup keeps the wraps of
/// the day it was made, so it opens with the secrets in force then, whatever changed since.
public struct SecretsInForce: Sendable, Hashable {
    /// The entry that set a secret: its action (`program-init`, `passphrase-change`, `recover`,
    /// `key-rotate`), the day it was written, and its hash (to tell whether another file has it).
    public struct Setting: Sendable, Hashable {
        public let action: String
        public let day: String?
        let hash: [UInt8]

        /// "set by 'peerlog passphrase change' on 2026-03-02".
        public var description: String {
            let command: String
            switch action {
            case "program-init": command = "'peerlog init'"
            case "passphrase-change": command = "'peerlog passphrase change'"
            case "recover": command = "'peerlog recover'"
            case "key-rotate": command = "'peerlog key rotate'"
            default: command = "'\(action)'"
            }
            return "set by \(command)" + (day.map { " on \($0)" } ?? "")
        }
    }

    /// The day of the newest dated entry: when the file was last written to.
    public let lastDay: String?
    /// Nil for a program older than its audit trail's record of it (set up by an early PeerLog).
    public let passphrase: Setting?
    public let recoveryCode: Setting?

    static let passphraseActions: Set<String> = ["program-init", "passphrase-change", "recover"]
    static let recoveryCodeActions: Set<String> = ["program-init", "recover", "key-rotate"]

    /// "the coordinator passphrase set by 'peerlog passphrase change' on 2026-03-02".
    public var passphraseDescription: String {
        "the coordinator passphrase " + (passphrase?.description ?? "set when the program was set up")
    }

    /// "the recovery code set by 'peerlog key rotate' on 2026-04-01".
    public var recoveryCodeDescription: String {
        "the recovery code " + (recoveryCode?.description ?? "given when the program was set up")
    }
}
