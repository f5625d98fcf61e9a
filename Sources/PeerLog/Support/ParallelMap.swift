import Dispatch
import Foundation

/// Maps `items` on every core, keeping their order. Opening a sealed form is an X25519 box open
/// and an Ed25519 verification, about a tenth of a millisecond each; a report over a year of
/// forms is bound by that, so it runs on all cores while one thread reads the database.
///
/// Each item's failure is kept as its own result, so the caller can report the first failure in
/// storage order exactly as a one-thread loop would.
func parallelMap<Item: Sendable, Output: Sendable>(
    _ items: [Item], _ transform: @Sendable (Item) throws -> Output
) -> [Result<Output, any Error>] {
    let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
    guard workers > 1 else { return items.map { item in Result { try transform(item) } } }
    let results = UnsafeMutableBufferPointer<Result<Output, any Error>?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    // Each worker writes only its own stripe of slots, so no two threads touch the same slot.
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for index in stride(from: worker, to: items.count, by: workers) {
            slots[index] = Result { try transform(items[index]) }
        }
    }
    return results.map { $0! }
}

/// `parallelMap` started in the background, so the caller can read the next chunk of forms, or
/// tally the previous one, while this one is opened. `wait()` returns what `parallelMap` would.
final class BackgroundParallelMap<Item: Sendable, Output: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written once by the background work, read only after `group.wait()`.
    private var results: [Result<Output, any Error>] = []

    init(_ items: [Item], _ transform: @escaping @Sendable (Item) throws -> Output) {
        group.enter()
        DispatchQueue.global().async { [self] in
            results = parallelMap(items, transform)
            group.leave()
        }
    }

    func wait() -> [Result<Output, any Error>] {
        group.wait()
        return results
    }
}
