import Foundation

/// The disk's own bound on synced commits: `fdatasync` alone, on a file in the bench's directory
/// (so on the same disk as its databases). Each round rewrites one 4 KiB block in place in a
/// preallocated 4 MiB file, then syncs it, the way SQLite reuses its write-ahead log after a
/// checkpoint: no size change, so no file metadata to sync beyond the data.
enum SyncBound {
    static let block = 4096
    static let fileBytes = 4 << 20

    static func measure(directory: String, rounds: Int) throws -> Timing {
        let path = directory + "/fdatasync.bin"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError.mismatch("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer {
            close(fd)
            unlink(path)
        }
        var page = try RandomBytes.draw(block)
        // Preallocate with real data and sync it, so the timed rounds only overwrite.
        for offset in stride(from: 0, to: fileBytes, by: block) {
            guard pwrite(fd, &page, block, off_t(offset)) == block else { throw BenchError.mismatch("cannot write \(path)") }
        }
        guard fsync(fd) == 0 else { throw BenchError.mismatch("fsync failed on \(path)") }
        return try Timing.measure(items: rounds) {
            for round in 0..<rounds {
                page[round % block] &+= 1
                let offset = off_t((round * block) % fileBytes)
                guard pwrite(fd, &page, block, offset) == block else { throw BenchError.mismatch("cannot write \(path)") }
                guard fdatasync(fd) == 0 else { throw BenchError.mismatch("fdatasync failed on \(path)") }
            }
        }
    }
}
