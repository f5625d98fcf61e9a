/// The public facts about a program: its name, its coordinator, when it was set up.
public struct ProgramInfo: Sendable, Hashable {
    public let programID: Identifier
    public let name: String
    public let coordinatorName: String
    public let createdOn: CalendarDate
}

/// The program's unwrapped keypairs, by key id. Holding one proves the coordinator credential.
public struct ProgramKeyring: Sendable {
    public let keys: [Int64: ProgramKeyPair]
    public let activeKeyID: Int64
}

/// What `init` hands back once: the recovery code, to be printed and put somewhere safe.
public struct ProgramSetup: Sendable {
    public let info: ProgramInfo
    public let recoveryCode: String
}
