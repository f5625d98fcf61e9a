/// A self-contained HTML page: inline CSS, no scripts, no external resources, so it can be mailed,
/// printed or opened offline, and a strict Content-Security-Policy can serve it.
public enum HTMLPage {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let style = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { font: 100%/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1b1f24;
           margin: 0 auto; padding: 16px; max-width: 75rem; background: #fff; }
    h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 4px; }
    .sub { color: #4a5561; margin: 0 0 16px; }
    .badge { display: inline-block; border: 1px solid #8a5a00; color: #8a5a00; border-radius: 4px; padding: 0 6px;
             font-size: .8rem; font-weight: 600; letter-spacing: .02em; }
    figure { margin: 0 0 20px; }
    figcaption { font-weight: 600; margin-bottom: 6px; }
    svg { width: 100%; max-width: 36rem; height: auto; display: block; }
    /* 11 units at the default text size, and larger with the reader's (the attribute is the fallback). */
    svg text { font-size: .6875rem; }
    /* A table wider than the screen scrolls sideways under a fixed first column, with a shadow at
       the edge that still has columns beyond it (the gradients scroll with the content and cover
       the shadow once that edge is reached). */
    .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid #d5dbe1; border-radius: 6px;
              background: linear-gradient(to left, #fff 40%, rgba(255, 255, 255, 0)) right / 2.5rem 100% no-repeat local,
                          radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .3), rgba(0, 0, 0, 0)) right / 1rem 100% no-repeat scroll; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 8px; border-bottom: 1px solid #e3e7eb; text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; white-space: normal; min-width: 9rem;
                                     position: sticky; left: 0; background: #fff; }
    thead th:first-child { background: #f3f5f7; }
    thead th { background: #f3f5f7; font-weight: 600; font-size: .875rem; }
    tr.total td, tr.total th { font-weight: 700; border-top: 2px solid #9aa5b1; }
    .withheld { color: #6b7683; font-style: italic; }
    .note { background: #f6f8fa; border-left: 4px solid #5b7083; padding: 10px 14px; margin: 20px 0; }
    .legend { font-size: .9rem; color: #4a5561; margin: 0 0 8px; }
    .withdrawn { border: 2px solid #9b1c1c; color: #9b1c1c; border-radius: 6px; padding: 8px 12px; }
    ul.archive { padding-left: 1.2rem; }
    ul.archive li { margin: 6px 0; }
    abbr { text-decoration: none; }
    footer { color: #4a5561; font-size: .85rem; margin-top: 24px; }
    @media (max-width: 40em) {
      body { padding: 12px; }
      /* Phones: each row of the table becomes a card listing every column by name, so none is hidden. */
      .scroll { overflow: visible; border: none; background: none; }
      table.stack, table.stack tbody, table.stack tr, table.stack th, table.stack td { display: block; }
      table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      table.stack tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(7.5em, 1fr)); margin: 0 0 .75em;
                       border: 1px solid #d5dbe1; border-radius: 6px; overflow: hidden; }
      table.stack tbody th { grid-column: 1 / -1; min-width: 0; position: static; background: #f3f5f7; text-align: left; }
      table.stack td { display: flex; justify-content: space-between; gap: .5em; padding: 6px 8px; min-width: 0; }
      table.stack td::before { content: attr(data-label); color: #4a5561; font-weight: 400; font-style: normal; }
      table.stack tr.total td, table.stack tr.total th { border-top: none; }
    }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      .scroll { overflow: visible; border: none; background: none; }
      .note { background: none; }
      a { color: inherit; }
    }
    """

    public static func page(title: String, body: String) -> String {
        page(title: title, body: body, extraStyle: nil)
    }

    /// A page whose own rules (`extraStyle`) follow the shared ones, for a page that needs more (the
    /// annual report's print layout) without changing every other page.
    static func page(title: String, body: String, extraStyle: String?) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(escape(title))</title>
        <style>
        \(style)\(extraStyle.map { "\n" + $0 } ?? "")
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
