import Foundation

/// `peerlog-bench [--forms N] [--web-filings M]`, parsed by hand.
struct BenchOptions {
    static let defaultForms = 100_000
    /// Forms per transaction in the batched filing figure.
    static let batchSize = 1000
    static let usage = """
        usage: peerlog-bench [--forms N] [--web-filings M]

        Measures PeerLog on this machine, on throw-away databases in a new temporary directory
        (under $TMPDIR, else /tmp), with N synthetic usage forms (default \(defaultForms)):

          filing   N forms filed one per transaction through PeerLogStore.file, and N more
                   (into a second database) \(batchSize) per transaction through
                   PeerLogStore.file(batch:as:); each against the crypto alone
                   (SealedForm.seal in a loop, no SQLite)
          report   the coordinator's report over the N forms, against the crypto alone
                   (SealedForm.open in a loop)
          memory   peak resident memory (VmHWM) after the report
          web      M filings (default 1000; 0 skips) through the intake web service on
                   loopback from \(webClients) concurrent clients: throughput, p50 and p99
                   latency, and a check that every acknowledged filing is stored once

        Build it optimised: swift run -c release peerlog-bench --forms 10000
        """

    var forms = defaultForms
    /// Filings sent to the web intake service; 0 skips that phase.
    var webFilings = 1000
    static let webClients = 32

    /// - Returns: nil after `--help`.
    init?(arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h":
                print(Self.usage)
                return nil
            case "--forms":
                guard let value = rest.popFirst() else { throw BenchError.usage("--forms needs a number") }
                forms = try Self.count(value)
            case "--web-filings":
                guard let value = rest.popFirst(), let n = Int(value), n >= 0 else { throw BenchError.usage("--web-filings needs a number (0 skips)") }
                webFilings = n
            case let other where other.hasPrefix("--forms="):
                forms = try Self.count(String(other.dropFirst("--forms=".count)))
            default:
                throw BenchError.usage("unknown argument '\(argument)'")
            }
        }
    }

    private static func count(_ text: String) throws -> Int {
        guard let n = Int(text), n >= 1 else { throw BenchError.usage("--forms takes a whole number of at least 1, not '\(text)'") }
        return n
    }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case mismatch(String)

    var description: String {
        switch self {
        case let .usage(message): return message + "\n\n" + BenchOptions.usage
        case let .mismatch(message): return message
        }
    }
}
