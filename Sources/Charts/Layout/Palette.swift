/// Colours of the charts: the Okabe–Ito palette, safe for the common colour-vision
/// deficiencies and distinct in print, plus the greys of axes and grids.
public enum Palette {
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let green = "#009E73"
    public static let reddishPurple = "#CC79A7"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let black = "#000000"
    /// Two colours of Paul Tol's palette beyond Okabe–Ito's seven, for the trade chart's
    /// portfolio exits (rotation, delisted): apart from the seven, and from each other, by hue
    /// and lightness.
    public static let wine = "#882255"
    public static let olive = "#999933"

    /// Series colours in the order they are handed out (yellow is left out: too light on white).
    public static let series = [blue, vermillion, green, reddishPurple, orange, skyBlue, black]

    /// The colour of the series at `index`, cycling through ``series``.
    public static func series(_ index: Int) -> String {
        series[((index % series.count) + series.count) % series.count]
    }

    static let text = "#222222"
    static let mutedText = "#555555"
    static let tickText = "#444444"
    static let grid = "#e3e3e3"
    static let axis = "#888888"
    static let zeroLine = "#333333"
    static let reference = "#666666"
    static let missing = "#eeeeee"
    static let failedSlot = "#f2f2f2"
}
