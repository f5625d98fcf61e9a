import Foundation
import PeerLogFormat

/// The sealing target last checked for an advisor on the writer's connection, kept while nothing
/// could have changed what that check read. A process that files many forms (the web intake, the
/// benchmark) otherwise reloads and digests every signed row before each one.
///
/// The key is what any change to the signed rows would move:
/// - `PRAGMA data_version` of the writer's connection, which SQLite changes whenever another
///   connection (another process, a reader of this one, a file writer going through SQLite)
///   commits;
/// - the newest signed head, its sequence number and signature, read again from the file in each
///   filing's transaction (`freshWrite` drops the cached pages first, so a restored log index
///   cannot hide a coordinator action), and appended anew by every coordinator action;
/// - the advisor and the root the advisor's own key is bound to.
/// Only a target whose full check passed is kept, and only an identical key reuses it.
final class SealingTargetMemo: @unchecked Sendable {
    struct Key: Equatable {
        let dataVersion: Int64
        let headSeq: Int64
        let headSignature: [UInt8]
        let advisorID: Identifier
        let boundRoot: [UInt8]
    }

    private let lock = NSLock()
    private var remembered: (key: Key, recipient: FormRecipient)?

    func recipient(for key: Key) -> FormRecipient? {
        lock.lock()
        defer { lock.unlock() }
        guard let remembered, remembered.key == key else { return nil }
        return remembered.recipient
    }

    func remember(_ recipient: FormRecipient, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        remembered = (key, recipient)
    }
}
