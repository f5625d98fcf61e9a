import Foundation

/// Whether the file system holding a database has run out of room. SQLite reports a full disk as
/// "database or disk is full" only when the write itself says so; when growing its shared-memory
/// file fails it reports a bare "disk I/O error", which tells a person nothing. Asking the file
/// system lets PeerLog say what is wrong.
enum DiskSpace {
    /// Less free space than this is "full" for a database: a filing needs a few pages of WAL and
    /// a new WAL index needs 32 KiB.
    static let minimumFree: UInt64 = 64 * 1024

    /// True when the file system holding `path` (or its directory) has less than `minimumFree`
    /// bytes available to this user; false when it has more or cannot be asked.
    static func isFull(at path: String) -> Bool {
        var info = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < minimumFree
    }
}
