import Foundation
import PeerLog

/// Single-use form tokens: one per rendering of the form, so that a form is filed at most once
/// however often it is sent (a double tap, a reload, a replayed request), and each open tab holds
/// its own token (opening a second one does not expire the first).
///
/// A token is bound to the browser that fetched the form (the `peerlog_csrf` cookie, which a
/// cross-site request does not carry: `SameSite=Strict`). The first submission claims it; a
/// submission of the same token while the first is still being handled waits for it and gets
/// the same outcome; one that comes later gets the stored outcome. Nothing is filed twice.
///
/// Kept in memory, with an expiry and a cap, rather than in the database: a token is worth
/// nothing after a restart (the form is simply sent again), writing one per page view would cost
/// a synced commit each, and the database would then hold when forms were opened and filed,
/// which it deliberately does not. The receipt (the fields as filed) is dropped a few minutes
/// after filing; the bare fact that the token was used is kept until the token expires.
actor FormTokens {
    /// How a claimed token ended.
    enum Outcome: Sendable, Equatable {
        /// Filed; the receipt, or nil once it has been dropped.
        case filed(FilingReceipt?)
        /// Not filed, and why.
        case refused(FormProblem)
    }

    /// What a submission may do with its token.
    enum Claim: Sendable, Equatable {
        /// This submission is the first: handle it, then call `finish`.
        case proceed
        /// Unknown, expired, or issued to another browser: nothing may be echoed.
        case unknown
        /// Already handled: show this instead of handling it again.
        case finished(Outcome)
    }

    private enum State {
        case fresh
        case claimed(waiters: [CheckedContinuation<Outcome, Never>])
        case finished(Outcome, at: Date)
    }

    private struct Entry {
        let browser: String
        let issued: Date
        var state: State

        var isClaimed: Bool {
            if case .claimed = state { return true }
            return false
        }
    }

    /// How long a form may stay open in a tab before its token expires.
    let lifetime: TimeInterval
    /// How many tokens are kept at most; past this the oldest unused ones are dropped.
    let capacity: Int
    /// How long after filing the receipt can still be shown again.
    let receiptLifetime: TimeInterval
    private var entries: [String: Entry] = [:]

    init(lifetime: TimeInterval = 4 * 3600, capacity: Int = 10_000, receiptLifetime: TimeInterval = 10 * 60) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
        self.receiptLifetime = receiptLifetime
    }

    /// A new token for one rendering of the form, bound to `browser` (the browser cookie).
    func issue(browser: String, now: Date = Date()) -> String {
        if entries.count >= capacity { evict(now: now) }
        let token = Identifier.random().hex
        entries[token] = Entry(browser: browser, issued: now, state: .fresh)
        return token
    }

    /// Claims `token` for a submission from `browser`. The first claim proceeds; a concurrent one
    /// waits for the first to finish and gets its outcome.
    func claim(_ token: String, browser: String, now: Date = Date()) async -> Claim {
        guard var entry = entries[token], now.timeIntervalSince(entry.issued) < lifetime,
              ConstantTime.equal(Array(entry.browser.utf8), Array(browser.utf8)) else { return .unknown }
        switch entry.state {
        case .fresh:
            entry.state = .claimed(waiters: [])
            entries[token] = entry
            return .proceed
        case var .claimed(waiters):
            let outcome = await withCheckedContinuation { continuation in
                waiters.append(continuation)
                entry.state = .claimed(waiters: waiters)
                entries[token] = entry
            }
            return .finished(outcome)
        case let .finished(outcome, at):
            return .finished(Self.aged(outcome, filedAt: at, now: now, receiptLifetime: receiptLifetime))
        }
    }

    /// Records how the claimed `token` ended and wakes the submissions waiting for it.
    func finish(_ token: String, _ outcome: Outcome, now: Date = Date()) {
        guard let entry = entries[token] else { return }
        if case let .claimed(waiters) = entry.state {
            for waiter in waiters { waiter.resume(returning: outcome) }
        }
        entries[token] = Entry(browser: entry.browser, issued: entry.issued, state: .finished(outcome, at: now))
    }

    /// How many tokens are held (for tests of the cap).
    var count: Int { entries.count }

    /// A receipt older than `receiptLifetime` is no longer shown.
    private static func aged(_ outcome: Outcome, filedAt: Date, now: Date, receiptLifetime: TimeInterval) -> Outcome {
        if case .filed(.some) = outcome, now.timeIntervalSince(filedAt) >= receiptLifetime { return .filed(nil) }
        return outcome
    }

    /// Makes room: drops expired tokens and receipts past their time, then, if still full, the
    /// oldest tokens not being handled right now. A claimed token is never dropped (someone waits).
    private func evict(now: Date) {
        for (token, entry) in entries {
            if now.timeIntervalSince(entry.issued) >= lifetime, !entry.isClaimed {
                entries[token] = nil
            } else if case let .finished(outcome, at) = entry.state {
                var kept = entry
                kept.state = .finished(Self.aged(outcome, filedAt: at, now: now, receiptLifetime: receiptLifetime), at: at)
                entries[token] = kept
            }
        }
        guard entries.count >= capacity else { return }
        let oldest = entries.filter { !$0.value.isClaimed }.sorted { $0.value.issued < $1.value.issued }
        for (token, _) in oldest.prefix(entries.count - capacity + 1 + capacity / 10) { entries[token] = nil }
    }
}
