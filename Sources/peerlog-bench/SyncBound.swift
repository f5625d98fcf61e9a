import Foundation

/// The disk's own bound on synced commits: `fdatasync` alone, on a file in the bench's directory
/// (so on the same disk as its databases). Each round rewrites one 4 KiB block in place in a
/// preallocated 4 MiB file, then syncs it, the way SQLite reuses its write-ahead log after a
/// checkpoint: no size change, so no file metadata to sync beyond the data. Measured in slices,
/// between the filings it is compared with, so both see the same load on a shared machine.
final class SyncBound {
    static let block = 4096
    static let fileBytes = 4 << 20

    private let path: String
    private let fd: Int32
    private var page: [UInt8]
    private var round = 0
    private(set) var total = Timing(seconds: 0, items: 0)

    init(directory: String) throws {
        path = directory + "/fdatasync.bin"
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError.mismatch("cannot create \(path): \(String(cString: strerror(errno)))") }
        page = try RandomBytes.draw(Self.block)
        // Preallocate with real data and sync it, so the timed rounds only overwrite.
        for offset in stride(from: 0, to: Self.fileBytes, by: Self.block) {
            guard pwrite(fd, &page, Self.block, off_t(offset)) == Self.block else { throw BenchError.mismatch("cannot write \(path)") }
        }
        guard fsync(fd) == 0 else { throw BenchError.mismatch("fsync failed on \(path)") }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// `rounds` more write-and-sync rounds, added to `total`.
    func measure(rounds: Int) throws {
        let timing = try Timing.measure(items: rounds) {
            for _ in 0..<rounds {
                page[round % Self.block] &+= 1
                let offset = off_t((round * Self.block) % Self.fileBytes)
                guard pwrite(fd, &page, Self.block, offset) == Self.block else { throw BenchError.mismatch("cannot write \(path)") }
                guard fdatasync(fd) == 0 else { throw BenchError.mismatch("fdatasync failed on \(path)") }
                round += 1
            }
        }
        total = total + timing
    }
}
