import PeerLog

/// Empties the database's write-ahead log after each request that wrote to it, so that a copy of
/// the file taken while the service runs does not hold its filings in the order they came
/// (`PeerLogStore.emptyLog(waitingAtMost:)`). When another process is reading (a coordinator's
/// report, Litestream's standing read), one retry loop tries again, after 1 s, then waiting twice
/// as long each time up to a minute: Litestream never lets go for long, and a checkpoint that
/// slips into its short gap makes it take a new snapshot.
actor LogEmptier {
    private let store: PeerLogStore
    private var retrying = false
    /// Bumped by every `empty()`: the retry loop stops only after a successful attempt during
    /// which no request arrived (that request's write may have come after the log was emptied).
    private var requests = 0
    static let firstRetry: UInt64 = 1_000_000_000
    static let longestRetry: UInt64 = 60_000_000_000

    init(store: PeerLogStore) {
        self.store = store
    }

    /// Tries once now; when that fails, makes sure the retry loop runs (never more than one).
    /// Costs a `stat` when the request wrote nothing, so page loads never wait for the thread pool.
    func empty() async {
        requests += 1
        guard store.logHoldsPages else { return }
        if await attempt() { return }
        guard !retrying else { return }
        retrying = true
        // Unstructured: the request's task may be cancelled (its client gone); the loop must not be.
        Task { await self.retryUntilEmpty() }
    }

    private func retryUntilEmpty() async {
        var wait = Self.firstRetry
        while true {
            try? await Task.sleep(nanoseconds: wait)
            let seen = requests
            if await attempt(), requests == seen { break }
            wait = min(wait * 2, Self.longestRetry)
        }
        retrying = false
    }

    /// True when the log is empty; false when it is still in use elsewhere, or the blocking work
    /// could not run.
    private func attempt() async -> Bool {
        let store = self.store
        return (try? await BlockingWork.run { store.emptyLog(waitingAtMost: 0) }) ?? false
    }
}
