/// The public facts about a program: its name, its coordinator, when it was set up.
public struct ProgramInfo: Sendable, Hashable {
    public let programID: Identifier
    public let name: String
    public let coordinatorName: String
    public let createdOn: CalendarDate
}

/// The program's unwrapped keypairs, by key id, and the program root derived from key 1. Only
/// `unlockProgram` (and setting up a program) makes one, so holding one proves the coordinator
/// credential (the passphrase or the recovery code).
public struct ProgramKeyring: Sendable {
    public let programID: Identifier
    public let keys: [Int64: ProgramKeyPair]
    public let activeKeyID: Int64
    /// Signs what the coordinator vouches for (docs/FORMAT.md §9).
    let root: SigningKey
    /// `wrapFingerprint` of the keys and wraps this keyring was unwrapped from: a key change
    /// commits only if they are still the same.
    var wrapsSeen: [UInt8] = []
    /// Who unlocked it: the coordinator (passphrase or recovery code) or a deputy (their own key).
    /// Every action taken with it is recorded under that role.
    public internal(set) var holder: KeyHolder = .coordinator
    /// A deputy's own keypair, kept for changing their passphrase; nil for the coordinator.
    var deputyKeys: ProgramKeyPair?

    /// The role the audit trail and the gate see for this keyring's holder.
    public var role: Role {
        switch holder {
        case .coordinator: return .coordinator
        case .deputy: return .deputy
        }
    }

    init(programID: Identifier, keys: [Int64: ProgramKeyPair], activeKeyID: Int64) throws {
        guard let first = keys.keys.min(), let firstKey = keys[first] else { throw StoreError.inconsistent("no program key") }
        self.programID = programID
        self.keys = keys
        self.activeKeyID = activeKeyID
        root = try ProgramRoot.derive(fromFirstProgramKey: firstKey.secretKey)
    }

    /// The root's fingerprint, for comparing out of band (advisors, command staff).
    public var rootFingerprint: String { ProgramRoot.fingerprint(root.publicKey) }
}

/// Who unlocked a `ProgramKeyring`.
public enum KeyHolder: Sendable, Equatable {
    case coordinator
    case deputy(id: Identifier, name: String)
}

/// What `init` hands back once: the recovery code, to be printed and put somewhere safe.
public struct ProgramSetup: Sendable {
    public let info: ProgramInfo
    public let recoveryCode: String
    /// The program root's fingerprint, for advisors and command staff to compare.
    public let rootFingerprint: String
}
