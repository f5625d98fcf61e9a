import Dispatch
import Foundation
import PeerLog

/// The raw cryptography of the report, without SQLite: every sealed form opened and verified,
/// the forms split across all cores exactly as the report splits them.
enum CryptoBound {
    static func openOnEveryCore(sealed: [[UInt8]], ids: [Identifier], recipient: FormRecipient, keys: ProgramKeyPair, advisorID: Identifier,
                                signer: [UInt8]) throws -> Timing {
        let workers = MachineFacts.cores
        let counts = Counts()
        let timing = Timing.measure(items: sealed.count) {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var opened = 0
                for i in stride(from: worker, to: sealed.count, by: workers) {
                    let lookup: (Identifier) -> [UInt8]? = { $0 == advisorID ? signer : nil }
                    if (try? SealedForm.open(sealed[i], rowID: ids[i], recipient: recipient, keys: keys, signerKey: lookup)) != nil { opened += 1 }
                }
                counts.add(opened)
            }
        }
        guard counts.total == sealed.count else {
            throw BenchError.mismatch("opened \(counts.total) of \(sealed.count) sealed forms")
        }
        return timing
    }

    /// The workers' tallies, each added once under a lock.
    private final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var sum = 0
        func add(_ value: Int) { lock.withLock { sum += value } }
        var total: Int { lock.withLock { sum } }
    }
}
