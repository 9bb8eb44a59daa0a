/// Jumping a ``SeededGenerator`` ahead by any number of draws without drawing them.
///
/// xoshiro256's state moves by a linear map T over GF(2)²⁵⁶ whose characteristic polynomial
/// P has degree 256, so Tⁿ = J(T) with J(x) = xⁿ mod P (Cayley–Hamilton): the state n draws on is
/// `Σ cᵢ · Tⁱ(state)` over J's coefficients cᵢ, 256 steps whatever n. P comes from
/// `Scripts/xoshiro_characteristic.py` (Berlekamp–Massey on the state's bits); the tests check
/// jumps against draws, and x^(2¹²⁸) mod P against the JUMP constant Blackman and Vigna publish.
extension SeededGenerator {
    /// xⁿ mod P for one n, to jump many generators by the same n.
    public struct Jump: Sendable, Equatable {
        /// J's coefficients, bit i of word i / 64 for xⁱ.
        let polynomial: (UInt64, UInt64, UInt64, UInt64)

        public init(draws: UInt64) {
            var result = Polynomial(words: (1, 0, 0, 0)), base = Polynomial(words: (2, 0, 0, 0))
            var exponent = draws
            while exponent > 0 {
                if exponent & 1 == 1 { result = result.times(base) }
                base = base.times(base)
                exponent >>= 1
            }
            polynomial = result.words
        }

        private init(polynomial: (UInt64, UInt64, UInt64, UInt64)) {
            self.polynomial = polynomial
        }

        /// The jump twice as far: J² mod P.
        func squared() -> Jump {
            let words = Polynomial(words: polynomial)
            return Jump(polynomial: words.times(words).words)
        }

        public static func == (a: Jump, b: Jump) -> Bool { a.polynomial == b.polynomial }
    }

    /// This generator `jump`'s number of draws on.
    public func advanced(by jump: Jump) -> SeededGenerator {
        var stepping = self
        var sum: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        func add(_ word: UInt64) {
            var bits = word
            for _ in 0..<64 {
                if bits & 1 == 1 {
                    sum.0 ^= stepping.state.0
                    sum.1 ^= stepping.state.1
                    sum.2 ^= stepping.state.2
                    sum.3 ^= stepping.state.3
                }
                bits >>= 1
                _ = stepping.next()
            }
        }
        add(jump.polynomial.0)
        add(jump.polynomial.1)
        add(jump.polynomial.2)
        add(jump.polynomial.3)
        var jumped = self
        jumped.state = sum
        return jumped
    }

    /// This generator `draws` draws on.
    public func advanced(by draws: UInt64) -> SeededGenerator {
        advanced(by: Jump(draws: draws))
    }
}

extension SeededGenerator {
    /// A ``Jump`` as the 256 × 256 bit matrix of Tⁿ, to jump thousands of generators by the
    /// same n: the state's set bits select the images of the unit states to add, about 128
    /// additions of four words instead of 256 draws.
    public struct JumpTable: Sendable {
        /// The image of unit state i (bit i % 64 of word i / 64) at `columns[i]`.
        private let columns: [(UInt64, UInt64, UInt64, UInt64)]

        public init(_ jump: Jump) {
            columns = (0..<256).map { bit in
                var unit = SeededGenerator(seed: 0)
                let word: UInt64 = 1 << UInt64(bit % 64)
                switch bit / 64 {
                case 0: unit.state = (word, 0, 0, 0)
                case 1: unit.state = (0, word, 0, 0)
                case 2: unit.state = (0, 0, word, 0)
                default: unit.state = (0, 0, 0, word)
                }
                return unit.advanced(by: jump).state
            }
        }

        /// `generator` the table's number of draws on.
        public func advance(_ generator: SeededGenerator) -> SeededGenerator {
            var sum: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let words = generator.state
            columns.withUnsafeBufferPointer { columns in
                func add(_ word: UInt64, from first: Int) {
                    var bits = word
                    while bits != 0 {
                        let column = columns[first + bits.trailingZeroBitCount]
                        sum.0 ^= column.0
                        sum.1 ^= column.1
                        sum.2 ^= column.2
                        sum.3 ^= column.3
                        bits &= bits - 1
                    }
                }
                add(words.0, from: 0)
                add(words.1, from: 64)
                add(words.2, from: 128)
                add(words.3, from: 192)
            }
            var jumped = generator
            jumped.state = sum
            return jumped
        }
    }
}

/// A polynomial over GF(2) of degree below 256, reduced modulo xoshiro256's characteristic
/// polynomial P.
private struct Polynomial {
    var words: (UInt64, UInt64, UInt64, UInt64)

    /// P without its x²⁵⁶ term.
    static let characteristic: (UInt64, UInt64, UInt64, UInt64) =
        (0x9D11_6F2B_B0F0_F001, 0x0280_002B_CEFD_1A5E, 0x04B4_EDCF_2625_9F85, 0x0003_C03C_3F3E_CB19)

    /// self · other mod P: Horner over other's bits from the highest, each step times x mod P.
    func times(_ other: Polynomial) -> Polynomial {
        var result: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let factors = [other.words.3, other.words.2, other.words.1, other.words.0]
        for word in factors {
            for bit in stride(from: 63, through: 0, by: -1) {
                let overflow = result.3 >> 63
                result = (result.0 << 1, (result.1 << 1) | (result.0 >> 63), (result.2 << 1) | (result.1 >> 63),
                          (result.3 << 1) | (result.2 >> 63))
                if overflow == 1 {
                    result.0 ^= Self.characteristic.0
                    result.1 ^= Self.characteristic.1
                    result.2 ^= Self.characteristic.2
                    result.3 ^= Self.characteristic.3
                }
                if (word >> UInt64(bit)) & 1 == 1 {
                    result.0 ^= words.0
                    result.1 ^= words.1
                    result.2 ^= words.2
                    result.3 ^= words.3
                }
            }
        }
        return Polynomial(words: result)
    }
}
