import Foundation

/// Counts wrong passphrases per advisor and per client, so guessing is slow even though each
/// guess is already an Argon2id derivation.
///
/// An attempt is *reserved* before the passphrase is tried and settled after, in one step each,
/// so parallel guesses cannot slip past the limit while earlier ones are still being checked:
/// with a limit of 5, at most five attempts are in flight or failed within the window. A sixth
/// waits until one of those in flight settles: if that one was wrong and makes five failures, the
/// sixth is refused; if it was right, the sixth goes ahead. So advisors filing at the same moment
/// are never refused for guesses nobody made.
///
/// Memory is bounded: expired failures are dropped, and past 10,000 client keys all client
/// counters are dropped. Advisor counters are never dropped that way (there are only as many as
/// the roster has names), so flooding the limiter from many addresses cannot reset an advisor's
/// count.
actor RateLimiter {
    /// An attempt that may go ahead; settle it with `fail`, `succeed` or `cancel`.
    struct Reservation: Sendable {
        fileprivate let keys: [String]
    }

    enum Admission: Sendable {
        case admitted(Reservation)
        /// Refused: seconds to wait before trying again.
        case wait(seconds: Int)
    }

    let limit: Int
    let window: TimeInterval
    /// How many client keys are tracked at most before they are all dropped.
    let clientKeyCapacity: Int
    private var failures: [String: [Date]] = [:]
    private var inFlight: [String: Int] = [:]
    /// Attempts waiting for one in flight to settle.
    private var settled: [CheckedContinuation<Void, Never>] = []

    init(limit: Int = 5, window: TimeInterval = 15 * 60, clientKeyCapacity: Int = 10_000) {
        self.limit = max(1, limit)
        self.window = window
        self.clientKeyCapacity = clientKeyCapacity
    }

    /// Admits an attempt for `keys` and counts it at once, or says how long to wait. While the
    /// limit is reached only because attempts are in flight, it waits for them to settle.
    func reserve(_ keys: [String]) async -> Admission {
        while true {
            switch check(keys, now: Date()) {
            case .admit:
                for key in keys { inFlight[key, default: 0] += 1 }
                return .admitted(Reservation(keys: keys))
            case let .refuse(seconds):
                return .wait(seconds: seconds)
            case .busy:
                await withCheckedContinuation { settled.append($0) }
            }
        }
    }

    private enum Check { case admit, refuse(Int), busy }

    private func check(_ keys: [String], now: Date) -> Check {
        var wait: TimeInterval = 0
        var busy = false
        for key in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait, window - now.timeIntervalSince(oldest))
            } else if recent.count + (inFlight[key] ?? 0) >= limit {
                busy = true
            }
        }
        if wait > 0 { return .refuse(max(1, Int(wait.rounded(.up)))) }
        return busy ? .busy : .admit
    }

    /// The passphrase was wrong: the reserved attempt becomes a failure.
    func fail(_ reservation: Reservation, now: Date = Date()) {
        release(reservation)
        if failures.count >= clientKeyCapacity { dropClientKeys(now: now) }
        for key in reservation.keys { failures[key, default: []].append(now) }
        wakeWaiting()
    }

    /// The passphrase was right: the attempt is released and both counters are cleared.
    func succeed(_ reservation: Reservation) {
        release(reservation)
        for key in reservation.keys { failures[key] = nil }
        wakeWaiting()
    }

    /// The attempt never tested the passphrase (the database failed, say): released, not counted.
    func cancel(_ reservation: Reservation) {
        release(reservation)
        wakeWaiting()
    }

    private func release(_ reservation: Reservation) {
        for key in reservation.keys {
            let left = (inFlight[key] ?? 1) - 1
            inFlight[key] = left > 0 ? left : nil
        }
    }

    /// Lets the waiting attempts look again, once the settling call has recorded its outcome.
    private func wakeWaiting() {
        let waiting = settled
        settled = []
        for waiter in waiting { waiter.resume() }
    }

    private func dropClientKeys(now: Date) {
        failures = failures.filter { key, dates in
            !key.hasPrefix(RateLimiter.clientPrefix) && dates.contains { now.timeIntervalSince($0) < window }
        }
    }

    static let advisorPrefix = "advisor:"
    static let clientPrefix = "client:"

    /// The two keys an attempt counts against.
    static func keys(advisor: String, client: String) -> [String] {
        [advisorPrefix + advisor.lowercased(), clientPrefix + client]
    }
}
