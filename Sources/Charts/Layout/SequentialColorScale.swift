/// Sequential colour maps whose lightness changes monotonically, so they also read in grey
/// print, interpolated between nine stops.
///
/// - ``Ramp/viridis`` (the default): perceptually uniform and colour-blind safe, dark purple to
///   yellow; for values whose low end means something (an objective).
/// - ``Ramp/blues``: ColorBrewer's Blues, near-white to dark blue; for shares whose zero means
///   "nothing" (a symbol not held), so an empty cell looks empty.
public enum SequentialColorScale {
    public enum Ramp: Sendable {
        case viridis, blues

        fileprivate var stops: [(Double, Double, Double)] {
            switch self {
            case .viridis:
                [(0x44, 0x01, 0x54), (0x47, 0x2d, 0x7b), (0x3b, 0x52, 0x8b), (0x2c, 0x72, 0x8e), (0x21, 0x91, 0x8c),
                 (0x28, 0xae, 0x80), (0x5e, 0xc9, 0x62), (0xad, 0xdc, 0x30), (0xfd, 0xe7, 0x25)]
            case .blues:
                [(0xf7, 0xfb, 0xff), (0xde, 0xeb, 0xf7), (0xc6, 0xdb, 0xef), (0x9e, 0xca, 0xe1), (0x6b, 0xae, 0xd6),
                 (0x42, 0x92, 0xc6), (0x21, 0x71, 0xb5), (0x08, 0x51, 0x9c), (0x08, 0x30, 0x6b)]
            }
        }
    }

    /// The colour at `t` in 0…1 (clamped; non-finite is 0) as `#rrggbb`.
    static func color(_ t: Double, ramp: Ramp = .viridis) -> String {
        let (r, g, b) = rgb(t, ramp: ramp)
        return "#" + hex(r) + hex(g) + hex(b)
    }

    /// Whether text on the colour at `t` should be white (dark cell) rather than black.
    static func needsLightText(_ t: Double, ramp: Ramp = .viridis) -> Bool {
        let (r, g, b) = rgb(t, ramp: ramp)
        // Rec. 709 luma on 0…255, without gamma: good enough to pick black or white.
        return 0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b) < 128
    }

    private static func rgb(_ t: Double, ramp: Ramp) -> (Int, Int, Int) {
        let stops = ramp.stops
        let t = t.isFinite ? Swift.min(Swift.max(t, 0), 1) : 0
        let position = t * Double(stops.count - 1)
        let index = Swift.min(Int(position), stops.count - 2)
        let f = position - Double(index)
        let a = stops[index], b = stops[index + 1]
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded(.toNearestOrAwayFromZero)) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    private static func hex(_ value: Int) -> String {
        let digits = Array("0123456789abcdef")
        let v = Swift.min(Swift.max(value, 0), 255)
        return String(digits[v / 16]) + String(digits[v % 16])
    }
}
