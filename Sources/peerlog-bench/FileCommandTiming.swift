import Foundation

/// `peerlog file` end to end, as an advisor runs it: a new process that parses its arguments,
/// opens the database, reads the passphrase from a file, unlocks the advisor's key, files and
/// commits (synced). The advisor was enrolled with the `minimum` KDF, so the figure excludes the
/// key derivation (add the `interactive` figure for a real advisor).
struct FileCommandTiming {
    let executable: String
    let database: String
    let passphraseFile: String
    let advisor: String
    let runs: Int

    struct Result {
        let median: Double
        let p90: Double
        let slowest: Double
    }

    /// The `peerlog` built next to this bench, or nil when there is none.
    static func siblingExecutable() -> String? {
        let bench = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = bench.deletingLastPathComponent().appendingPathComponent("peerlog").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Timed with posix_spawn and waitpid: Foundation's `Process` adds tens of milliseconds of its
    /// own on Linux, more than the command takes.
    func run() throws -> Result {
        var seconds: [Double] = []
        for i in 0..<runs {
            let arguments = ["--db", database, "--passphrase-file", passphraseFile, "file", "--advisor", advisor,
                             "--incident", "critical-incident", "--intervention", "one-on-one",
                             "--at", "2026-01-0\(1 + i % 5) 10:\(10 + i % 40)"]
            seconds.append(try Self.spawnAndWait(executable, arguments))
        }
        return Self.summary(seconds)
    }

    /// The same executable doing nothing but print its version: the cost of starting it.
    func startOnly() throws -> Result {
        Self.summary(try (0..<runs).map { _ in try Self.spawnAndWait(executable, ["--version"]) })
    }

    private static func summary(_ unsorted: [Double]) -> Result {
        let seconds = unsorted.sorted()
        return Result(median: seconds[seconds.count / 2], p90: seconds[min(seconds.count - 1, seconds.count * 9 / 10)],
                      slowest: seconds[seconds.count - 1])
    }

    /// Runs `executable` with its output discarded; the wall time from spawn to exit.
    private static func spawnAndWait(_ executable: String, _ arguments: [String]) throws -> Double {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        var status: Int32 = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError.mismatch("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let elapsed = ContinuousClock.now - started
        guard status == 0 else { throw BenchError.mismatch("\(executable) \(arguments.dropFirst(4).first ?? "") exited with wait status \(status)") }
        let (whole, attoseconds) = elapsed.components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
