/// How a line is drawn: solid, or one of three dash patterns that stay apart at a glance.
///
/// Overlaid lines past the palette's seven colours repeat a colour with the next stroke
/// (``Palette/distinctLine(_:)``), so 28 lines are told apart by colour and stroke together.
public enum LineStroke: Sendable, Equatable, CaseIterable {
    case solid
    /// Long dashes (benchmarks such as buy-and-hold).
    case dashed
    case dotted
    case dashDotted

    /// The SVG `stroke-dasharray`, for a line drawn with round caps (which lengthen each dash
    /// by the line's width: a dot is a dash of almost nothing); nil for solid.
    var pattern: String? {
        switch self {
        case .solid: nil
        case .dashed: "7 4"
        case .dotted: "0.1 4.5"
        case .dashDotted: "9 4.5 0.1 4.5"
        }
    }
}

extension Palette {
    /// The colour and stroke of overlaid line `index`: the ``series`` colours solid, then the
    /// same colours dashed, dotted and dash-dotted; distinct for the first 28 lines.
    public static func distinctLine(_ index: Int) -> (color: String, stroke: LineStroke) {
        let index = max(0, index)
        let strokes = LineStroke.allCases
        return (series(index), strokes[(index / series.count) % strokes.count])
    }
}
