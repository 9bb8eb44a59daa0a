/// The viridis colour map (perceptually uniform, colour-blind safe, and its lightness
/// rises monotonically so it also reads in grey print), interpolated between nine stops.
enum SequentialColorScale {
    private static let stops: [(Double, Double, Double)] = [
        (0x44, 0x01, 0x54), (0x47, 0x2d, 0x7b), (0x3b, 0x52, 0x8b), (0x2c, 0x72, 0x8e), (0x21, 0x91, 0x8c),
        (0x28, 0xae, 0x80), (0x5e, 0xc9, 0x62), (0xad, 0xdc, 0x30), (0xfd, 0xe7, 0x25),
    ]

    /// The colour at `t` in 0…1 (clamped; non-finite is 0) as `#rrggbb`.
    static func color(_ t: Double) -> String {
        let (r, g, b) = rgb(t)
        return "#" + hex(r) + hex(g) + hex(b)
    }

    /// Whether text on the colour at `t` should be white (dark cell) rather than black.
    static func needsLightText(_ t: Double) -> Bool {
        let (r, g, b) = rgb(t)
        // Rec. 709 luma on 0…255, without gamma: good enough to pick black or white.
        return 0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b) < 128
    }

    private static func rgb(_ t: Double) -> (Int, Int, Int) {
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
