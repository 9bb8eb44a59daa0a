@testable import MarketData
import Testing

/// Jumping ahead equals drawing: the Monte Carlo's workers and paths start where the one stream
/// would have them, without drawing the draws between.
struct SeededGeneratorJumpTests {
    @Test(arguments: [0, 1, 2, 63, 64, 65, 255, 256, 257, 1_069, 100_003] as [UInt64])
    func aJumpEqualsThatManyDraws(draws: UInt64) {
        var drawn = SeededGenerator(seed: 11)
        for _ in 0..<draws { _ = drawn.next() }
        var jumped = SeededGenerator(seed: 11).advanced(by: draws)
        #expect(jumped.state == drawn.state)
        #expect((0..<5).map { _ in jumped.next() } == (0..<5).map { _ in drawn.next() })
    }

    @Test func aJumpTableEqualsItsJumpFromAnyState() {
        let jump = SeededGenerator.Jump(draws: 1_069)
        let table = SeededGenerator.JumpTable(jump)
        for seed in [0, 1, 2, 99, UInt64.max] as [UInt64] {
            var start = SeededGenerator(seed: seed)
            for _ in 0..<3 {
                let byTable = table.advance(start), byJump = start.advanced(by: jump)
                var drawn = start
                for _ in 0..<1_069 { _ = drawn.next() }
                #expect(byTable.state == drawn.state && byJump.state == drawn.state, "seed \(seed)")
                start = byTable
            }
        }
    }

    /// The characteristic polynomial is right: x^(2¹²⁸) mod P is Blackman & Vigna's published
    /// JUMP for xoshiro256 (which no number of draws could check).
    @Test func theJumpOfTwoToThe128IsThePublishedOne() {
        var jump = SeededGenerator.Jump(draws: 1)
        for _ in 0..<128 { jump = jump.squared() }
        #expect(jump.polynomial == (0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C))
    }

    @Test func jumpsCompose() {
        let generator = SeededGenerator(seed: 5)
        #expect(generator.advanced(by: 1_000).advanced(by: 234).state == generator.advanced(by: 1_234).state)
        #expect(SeededGenerator.Jump(draws: 1_234) == SeededGenerator.Jump(draws: 1_234))
        #expect(SeededGenerator.Jump(draws: 1_234) != SeededGenerator.Jump(draws: 1_235))
    }
}
