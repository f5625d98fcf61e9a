import PeerLog

/// Empties the database's write-ahead log after each request that touched the database, so that a
/// copy of the file taken while the service runs does not hold its filings in the order they came
/// (`PeerLogStore.emptyLogWithoutWaiting`). When another process is reading (a coordinator's
/// report, Litestream's standing read), it tries again every second until the log is empty.
actor LogEmptier {
    private let store: PeerLogStore
    private var retrying = false
    static let retryInterval: UInt64 = 1_000_000_000

    init(store: PeerLogStore) {
        self.store = store
    }

    /// Tries once now; on failure leaves one retry loop running (never more than one).
    func empty() async {
        if await attempt() != false || retrying { return }
        retrying = true
        Task { await self.retryUntilEmpty() }
    }

    private func retryUntilEmpty() async {
        // Stops once the log is empty, or when the thread pool has stopped (the service is gone).
        repeat {
            try? await Task.sleep(nanoseconds: Self.retryInterval)
        } while await attempt() == false
        retrying = false
    }

    /// True when the log is empty, false when it is still in use elsewhere, nil when the blocking
    /// work could not run.
    private func attempt() async -> Bool? {
        let store = self.store
        return try? await BlockingWork.run { store.emptyLogWithoutWaiting() }
    }
}
