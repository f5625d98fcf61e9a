extension ReportSpecification {
    /// The command staff's annual report: one ordinary publication from January 1 of the year before
    /// to December 31 of the year, by month (or a coarser layout if that shows more). One publication
    /// holds both years so that the joint check sees, together, every number the year-against-year
    /// view is made of (`CommandStaffAnnual`). A year that has not ended is refused by the
    /// publication rules (whole months that have ended), as any other report would be.
    /// - Throws: `AnnualReportError.yearOutOfRange`.
    public static func annual(year: Int, dimension: CommandStaffReport.Dimension, control: DisclosureControl, asAsked: Bool = false,
                              noise: Epsilon? = nil) throws -> ReportSpecification {
        guard (AnnualSpan.firstYear...AnnualSpan.lastYear).contains(year) else {
            throw AnnualReportError.yearOutOfRange(year: year, first: AnnualSpan.firstYear, last: AnnualSpan.lastYear)
        }
        return ReportSpecification(from: CalendarDate(validYear: year - 1, month: 1, day: 1), to: CalendarDate(validYear: year, month: 12, day: 31),
                                   by: .month, dimension: dimension, control: control, asAsked: asAsked, noise: noise)
    }
}
