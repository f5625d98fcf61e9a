/// A report ready to publish: the layout chosen, every option tried, and what publishing needs to
/// record (the random seed, sealed with the publication; the ledger it was checked against).
public struct PreparedReport: Sendable {
    public let report: CommandStaffReport
    public let options: [ReportOption]
    /// Earlier publications whose withheld numbers made this report withhold more.
    public let conflicts: [Int64]
    /// The seed of every random choice but the noise.
    let seed: [UInt8]
    /// The highest publication number the check saw: publishing refuses if it changed since.
    let ledgerSize: Int64
}
