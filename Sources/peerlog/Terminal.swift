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

    /// Writes a secret the person must see (a recovery code, a credential) to standard output and
    /// flushes it, throwing if it cannot be written: the change that issued it then does not
    /// commit, and the old secret keeps working.
    static func deliver(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw OutputFailure.cannotShowSecret(String(cString: strerror(errno))) }
            offset += written
        }
    }

    /// Writes command output to stdout, or with `--output` to a new private file (`FileCreation`).
    static func emit(_ text: String, output: String?) throws {
        if let output {
            try FileCreation.writePrivateFile(Data(text.utf8), to: output)
            note("wrote \(output)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// Output that had to reach the person did not.
enum OutputFailure: PeerLogError {
    case cannotShowSecret(String)
    var description: String {
        switch self {
        case let .cannotShowSecret(reason): return "the new secret could not be shown (\(reason)), so nothing was changed"
        }
    }
    var exitStatus: ExitStatus { .ioError }
}

/// After a change whose secret was already shown failed to commit: say that it is not valid.
func warnShownSecretIsVoid(_ what: String) {
    Terminal.warning("the change did not take effect: the \(what) printed above is NOT valid; the old one still works")
}
