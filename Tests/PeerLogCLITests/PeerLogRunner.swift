import Foundation

/// `label` made into a passphrase that PeerLog accepts for a new one, by four random words after
/// it: distinct labels stay distinct passphrases, and a test still reads as what it means.
func strong(_ label: String) -> String { label + " tundra quiver basil mosaic" }

/// Runs the built `peerlog` binary as a person would, in a private temporary home, with no
/// terminal and a fixed time zone.
final class PeerLogRunner: @unchecked Sendable {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let home: String
    var db: String { home + "/peerlog.db" }

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/peerlog-cli-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        home = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: home) }

    static var binary: URL {
        // Tests run from the products directory's test bundle; the binary sits beside it.
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("peerlog")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/peerlog")
    }

    /// Writes a private secret file and returns its path.
    func secretFile(_ name: String, _ content: String) throws -> String {
        let path = home + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data((content + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return path
    }

    /// The environment every `peerlog` run gets: the private home, a fixed time zone, no terminal.
    func environment(useDefaultDB: Bool = true) -> [String: String] {
        ["HOME": home, "TZ": "America/Chicago", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
            .merging(useDefaultDB ? ["PEERLOG_DB": db] : [:]) { a, _ in a }
    }

    @discardableResult
    func run(_ arguments: [String], useDefaultDB: Bool = true) throws -> Result {
        try run(executable: Self.binary, arguments, useDefaultDB: useDefaultDB)
    }

    /// Runs `executable` (`peerlog`, or a wrapper that runs it) in this runner's environment.
    func run(executable: URL, _ arguments: [String], useDefaultDB: Bool = true) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment(useDefaultDB: useDefaultDB)
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A program with a coordinator and one advisor, "Sgt. Ana Ortiz".
    func setUpProgram() throws -> (coordinator: String, advisor: String) {
        let coordinator = try secretFile("coordinator.pass", strong("coordinator passphrase"))
        let advisor = try secretFile("ana.pass", strong("ana's own passphrase"))
        let initResult = try run(["init", "--program", "Joplin PD Peer Support", "--coordinator", "Capt. Dana Reyes",
                                  "--new-passphrase-file", coordinator, "--kdf", "interactive"])
        guard initResult.status == 0 else { throw SetUpFailed(step: "init", stderr: initResult.stderr) }
        let add = try run(["advisor", "add", "Sgt. Ana Ortiz", "--passphrase-file", coordinator, "--advisor-passphrase-file", advisor])
        guard add.status == 0 else { throw SetUpFailed(step: "advisor add", stderr: add.stderr) }
        return (coordinator, advisor)
    }
}

/// The set-up of a test's program failed: that test fails with this, the others go on.
struct SetUpFailed: Error, CustomStringConvertible {
    let step: String
    let stderr: String
    var description: String { "setting up the test program failed at '\(step)': \(stderr)" }
}
