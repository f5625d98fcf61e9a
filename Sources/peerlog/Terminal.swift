import Foundation
import PeerLog

/// How `peerlog` talks to people: results on stdout, `peerlog: error:` / `peerlog: hint:` /
/// `peerlog: note:` on stderr.
enum Terminal {
    static func error(_ message: String) { standardError("peerlog: error: \(message)") }
    static func hint(_ message: String) { standardError("peerlog: hint: \(message)") }
    static func note(_ message: String) { standardError("peerlog: note: \(message)") }
    static func warning(_ message: String) { standardError("peerlog: warning: \(message)") }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints a PeerLog error and exits with its status.
    static func fail(_ failure: PeerLogError) -> Never {
        error(failure.description)
        if let hint = failure.hint { self.hint(hint) }
        exit(failure.exitStatus.rawValue)
    }

    /// Writes command output to stdout, or to a new 0600 file with `--output`.
    static func emit(_ text: String, output: String?) throws {
        if let output {
            try FileCreation.writePrivateFile(Data(text.utf8), to: output)
            note("wrote \(output)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
