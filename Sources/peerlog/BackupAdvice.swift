import Foundation
import PeerLog

/// What a coordinator is told about backups after a change of secret: older backups keep the
/// secrets of their day, so say which, where the last backup went, and the command for a new one.
enum BackupAdvice {
    enum Change {
        case passphrase, recovery, rotation, deputyAdded, deputyRemoved
    }

    static func afterKeyChange(_ change: Change, store: PeerLogStore) {
        switch change {
        case .passphrase:
            print("Backups made before now open only with the old passphrase (restore takes it with --backup-passphrase-file).")
        case .recovery:
            print("Backups made before now open only with the old coordinator's passphrase (restore takes it with --backup-passphrase-file); if nobody has it, they cannot be restored.")
        case .rotation:
            print("Backups made before now still open with your passphrase, but their recovery code is the old one, not the new one.")
        case .deputyAdded:
            print("Backups made before now do not know this deputy: restoring one leaves the program without them until you add them again.")
        case .deputyRemoved:
            print("Backups made before now still hold the removed deputy's copy of the keys and the old recovery code: they open with the removed deputy's passphrase. Keep them as safe as before, and replace them with a fresh one.")
        }
        let last = (try? store.backupsTaken())?.last
        if let last {
            let when = last.at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
            print("The last backup recorded here was taken \(when) to \(last.path).")
        } else {
            print("No backup is recorded in this database.")
        }
        let folder = last.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path } ?? "backups"
        print("Take a backup now: peerlog backup \(folder)/peerlog-\(today()).db")
    }
}
