import Foundation

/// Counts wrong passphrases per advisor and per client, so guessing is slow even though each
/// guess is already an Argon2id derivation. Memory is bounded: old entries are dropped.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before `keys` may try again, or nil when they may try now.
    func retryAfter(_ keys: [String], now: Date = Date()) -> Int? {
        var wait: TimeInterval = 0
        for key in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait, window - now.timeIntervalSince(oldest))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    func recordFailure(_ keys: [String], now: Date = Date()) {
        if failures.count > 10_000 { failures.removeAll() }
        for key in keys { failures[key, default: []].append(now) }
    }

    func recordSuccess(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}
