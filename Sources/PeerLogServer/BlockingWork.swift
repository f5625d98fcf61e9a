import NIOPosix

/// Runs work that blocks a thread (an Argon2id derivation of 64 MiB, a synced SQLite commit) on
/// NIO's thread pool, never on the few threads that serve every other client's request: one slow
/// unlock must not stall a page load. The pool has one thread per core, which also bounds how many
/// 64 MiB derivations run at once.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
