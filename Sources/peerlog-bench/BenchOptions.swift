import Foundation

/// `peerlog-bench [--forms N] [--web-filings M]`, parsed by hand.
struct BenchOptions {
    static let defaultForms = 100_000
    /// Forms per transaction in the batched filing figure.
    static let batchSize = 1000
    /// At most this many forms are sealed and opened for the crypto-alone figures: a rate, which
    /// does not depend on N, and memory that does not grow with it.
    static let cryptoForms = 100_000
    /// At most this many fdatasync rounds for the disk's bound.
    static let syncRounds = 5000
    /// Filings timed per layout by --batch-layouts.
    static let layoutForms = 100_000
    static let usage = """
        usage: peerlog-bench [--forms N] [--single-forms K] [--file-runs R] [--peerlog PATH]
                             [--web-filings M] [--batch-layouts]

        Measures PeerLog on this machine, on throw-away databases in a new temporary directory
        (under $TMPDIR, else /tmp), with N synthetic usage forms (default \(defaultForms)):

          filing   K forms (default N) filed one per transaction through PeerLogStore.file,
                   and N forms (into a second database) \(batchSize) per transaction through
                   PeerLogStore.file(batch:as:); each against its combined bound
                   1 / (1/sealing + 1/bare SQLite): sealing is SealedForm.seal in a loop on one
                   thread, no SQLite, over min(N, \(cryptoForms)) forms; bare SQLite is the same K
                   and N filings' rows (a 304-byte random blob under a random 16-byte key, an
                   audit row with a unique 32-byte hash) with PeerLog's settings, through GRDB,
                   no cryptography; beside them fdatasync alone, min(K, \(syncRounds)) rounds
          layouts  with --batch-layouts: batched filing in bare SQLite under other layouts
                   (sorted batches, page sizes, a larger cache, no UNIQUE audit hash), each
                   timed over min(N, \(layoutForms)) filings at N rows
          fold     the coordinator's unlock after the N batched filings, which folds them
                   into the audit trail (as the unlock before a report does in the CLI)
          report   the coordinator's report over the N forms, on every core, against the
                   crypto alone (SealedForm.open on every core, no SQLite)
          memory   peak resident memory (VmHWM) during the report
          kdf      one Argon2id key derivation at each strength (minimum, interactive,
                   moderate, sensitive); sensitive needs 1 GiB of memory
          file     R runs (default 30; 0 skips) of the peerlog command filing one form, end
                   to end, without key derivation: the peerlog built next to this bench, or
                   PATH (e.g. one built with --static-swift-stdlib)
          web      M filings (default 1000; 0 skips) through the intake web service on
                   loopback from \(webClients) concurrent clients: throughput, p50 and p99
                   latency, and a check that every acknowledged filing is stored once

        Build both optimised, then run:
          swift build -c release && swift run -c release peerlog-bench --forms 10000
        The documented targets (one per transaction at K = 100,000, batches at N = 1,000,000):
          swift run -c release peerlog-bench --forms 1000000 --single-forms 100000
        """

    var forms = defaultForms
    /// Forms filed one per transaction; nil means N.
    var singleForms: Int?
    /// Runs of `peerlog file` end to end; 0 skips that phase.
    var fileRuns = 30
    /// The `peerlog` to time; nil means the one next to this bench.
    var peerlog: String?
    /// Filings sent to the web intake service; 0 skips that phase.
    var webFilings = 1000
    static let webClients = 32
    /// Batched filing in bare SQLite under other layouts.
    var batchLayouts = false

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
            case "--single-forms":
                guard let value = rest.popFirst() else { throw BenchError.usage("--single-forms needs a number") }
                singleForms = try Self.count(value)
            case "--file-runs":
                guard let value = rest.popFirst(), let n = Int(value), n >= 0 else { throw BenchError.usage("--file-runs needs a number (0 skips)") }
                fileRuns = n
            case "--peerlog":
                guard let value = rest.popFirst(), FileManager.default.isExecutableFile(atPath: value) else {
                    throw BenchError.usage("--peerlog needs the path of a peerlog executable")
                }
                peerlog = value
            case "--web-filings":
                guard let value = rest.popFirst(), let n = Int(value), n >= 0 else { throw BenchError.usage("--web-filings needs a number (0 skips)") }
                webFilings = n
            case "--batch-layouts":
                batchLayouts = true
            case let other where other.hasPrefix("--forms="):
                forms = try Self.count(String(other.dropFirst("--forms=".count)))
            default:
                throw BenchError.usage("unknown argument '\(argument)'")
            }
        }
    }

    private static func count(_ text: String) throws -> Int {
        guard let n = Int(text), n >= 1 else { throw BenchError.usage("a count of forms is a whole number of at least 1, not '\(text)'") }
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
