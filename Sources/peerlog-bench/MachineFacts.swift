import Foundation

/// What the figures depend on: the processor, the number of cores, the process's peak memory.
enum MachineFacts {
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    static var processor: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// Peak resident set size (`VmHWM` in /proc/self/status), in KiB.
    static var peakMemoryKiB: Int? { statusKiB("VmHWM:") }

    /// Resident set size now (`VmRSS`), in KiB: what a phase starts from, including memory freed
    /// before it that the allocator kept.
    static var residentMemoryKiB: Int? { statusKiB("VmRSS:") }

    private static func statusKiB(_ field: String) -> Int? {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    /// Resets the peak (Linux: writing 5 to /proc/self/clear_refs), so a phase's peak is its own
    /// and not that of the filing before it. False when the kernel refuses.
    static func resetPeakMemory() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }
}
