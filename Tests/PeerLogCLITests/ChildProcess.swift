import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program started without waiting for it, so that a test can kill it part-way through or run
/// several at once.
///
/// It is started with `posix_spawn` and reaped only by `wait()`, rather than with `Process`:
/// Foundation reaps its children on a thread of its own, so a SIGKILL sent just after a child
/// exited could reach an unrelated process that was given the same pid. Until `wait()` reaps it,
/// the pid stays this child's (a zombie at worst), so `kill()` can only ever hit it.
/// Output goes to files, not pipes, so a child never blocks on a full pipe nobody reads.
/// glibc's `posix_spawn_file_actions_addchdir_np` (glibc 2.29), which Swift does not import.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnFileActionsAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

final class ChildProcess {
    struct Outcome {
        /// The exit status, or nil when a signal ended the process.
        let exitStatus: Int32?
        /// The signal that ended the process, if one did.
        let signal: Int32?
        let stdout: String
        let stderr: String
    }

    let pid: pid_t
    /// glibc's POSIX_SPAWN_SETSID (spawn.h), which Swift does not import (it is behind _GNU_SOURCE).
    static let spawnSetsid: Int16 = 0x80
    private let stdoutPath: String
    private let stderrPath: String
    private var outcome: Outcome?

    /// - Parameters:
    ///   - outputPrefix: stdout and stderr go to `PREFIX.out` and `PREFIX.err`.
    ///   - standardInput: what the child reads as standard input (a file, or a terminal's device).
    ///   - controllingTerminal: start the child in a session of its own whose controlling terminal
    ///     is `standardInput` (a pseudo-terminal), so that it can prompt on `/dev/tty` as at a desk.
    ///   - currentDirectory: where the child starts (a relative path it is given, such as a
    ///     boundary value taken as a directory, lands there and not in the repository).
    init(executable: String, arguments: [String], environment: [String: String], outputPrefix: String,
         standardInput: String = "/dev/null", controllingTerminal: Bool = false, currentDirectory: String? = nil) throws {
        stdoutPath = outputPrefix + ".out"
        stderrPath = outputPrefix + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // A session leader's first terminal opened without O_NOCTTY becomes its controlling one.
        posix_spawn_file_actions_addopen(&actions, 0, standardInput, controllingTerminal ? O_RDWR : O_RDONLY | O_NOCTTY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if controllingTerminal { posix_spawnattr_setflags(&attributes, Self.spawnSetsid) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let currentDirectory {
            let added = spawnFileActionsAddChdir(&actions, currentDirectory)
            guard added == 0 else { throw POSIXError(POSIXErrorCode(rawValue: added) ?? .EINVAL) }
        }
        // Other tests run in parallel: keep their pipes out of this child, or their readers
        // would wait for it too. (As Foundation's `Process` does; one opened meanwhile by another
        // thread can only delay that reader until this child ends.)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        pid = child
    }

    /// Sends SIGKILL unless the child was already reaped. A child that has exited but not been
    /// reaped is unaffected and keeps its exit status.
    func kill() {
        guard outcome == nil else { return }
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Waits for the child to end (once) and returns how it ended and what it printed.
    @discardableResult
    func wait() -> Outcome {
        if let outcome { return outcome }
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped < 0 && errno == EINTR
        precondition(reaped == pid, "waitpid failed for a child of this test: errno \(errno)")
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7F
        let ended = Outcome(exitStatus: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                            stdout: Self.contents(of: stdoutPath), stderr: Self.contents(of: stderrPath))
        outcome = ended
        return ended
    }

    /// Waits at most `seconds`; a child still running then is killed, and nil returned.
    func wait(timeout seconds: Double) -> Outcome? {
        let deadline = Date().addingTimeInterval(seconds)
        while outcome == nil, Date() < deadline {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7F
                outcome = Outcome(exitStatus: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                                  stdout: Self.contents(of: stdoutPath), stderr: Self.contents(of: stderrPath))
                return outcome
            }
            usleep(10_000)
        }
        if let outcome { return outcome }
        kill()
        wait()
        return nil
    }

    private static func contents(of path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    deinit {
        // Never leave a child running or unreaped if a test stops early.
        if outcome == nil {
            kill()
            wait()
        }
    }
}

extension PeerLogRunner {
    /// Starts `peerlog` in this runner's environment without waiting for it.
    /// - Parameter tag: names the files its output goes to; unique within this runner.
    func start(_ arguments: [String], tag: String, standardInput: String = "/dev/null",
               controllingTerminal: Bool = false) throws -> ChildProcess {
        try ChildProcess(executable: Self.binary.path, arguments: arguments, environment: environment(),
                         outputPrefix: home + "/" + tag, standardInput: standardInput, controllingTerminal: controllingTerminal,
                         currentDirectory: home)
    }
}
