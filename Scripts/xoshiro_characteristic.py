#!/usr/bin/env python3
"""Prints the characteristic polynomial P of xoshiro256's state transition, the constant behind
SeededGenerator's jumps (Sources/MarketData/SeededGenerator+Jump.swift):

    python3 Scripts/xoshiro_characteristic.py

The transition is linear over GF(2)^256. Berlekamp-Massey on 600 steps of one state bit gives
the minimal polynomial of that bit sequence; it has degree 256, so it is P. The script checks
that x^n mod P jumps n steps for a few n, and that x^(2^128) mod P is the JUMP constant Blackman
and Vigna publish for xoshiro256. It prints P without its x^256 term as four 64-bit words, low
word first, as the Swift code holds it.
"""
MASK = (1 << 64) - 1


def rotate_left(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def step(s):
    s0, s1, s2, s3 = s
    t = (s1 << 17) & MASK
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotate_left(s3, 45)
    return [s0, s1, s2, s3]


def berlekamp_massey(bits):
    """The connection polynomial C (bit i: coefficient of x^i) and its degree L."""
    c, b, length, shift = 1, 1, 0, 1
    for n in range(len(bits)):
        d = bits[n]
        for i in range(1, length + 1):
            d ^= ((c >> i) & 1) & bits[n - i]
        if d == 0:
            shift += 1
        elif 2 * length <= n:
            c, b, length, shift = c ^ (b << shift), c, n + 1 - length, 1
        else:
            c ^= b << shift
            shift += 1
    return c, length


def main():
    start = [0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x0F1E2D3C4B5A6978, 0x8796A5B4C3D2E1F0]
    bits, state = [], start
    for _ in range(600):
        bits.append(state[0] & 1)
        state = step(state)
    c, length = berlekamp_massey(bits)
    assert length == 256, length
    p = sum(1 << (length - i) for i in range(length + 1) if (c >> i) & 1)

    def times(a, b):
        r = 0
        for i in range(255, -1, -1):
            r <<= 1
            if r >> 256:
                r ^= p
            if (b >> i) & 1:
                r ^= a
        return r

    def power_of_x(e):
        r, base = 1, 2
        while e:
            if e & 1:
                r = times(r, base)
            base = times(base, base)
            e >>= 1
        return r

    def jump(s, j):
        acc, x = [0, 0, 0, 0], s
        for i in range(256):
            if (j >> i) & 1:
                acc = [a ^ b for a, b in zip(acc, x)]
            x = step(x)
        return acc

    for n in [1, 5, 255, 256, 1000, 12345]:
        x = start
        for _ in range(n):
            x = step(x)
        assert jump(start, power_of_x(n)) == x, n
    published = [0x180EC6D33CFD0ABA, 0xD5A61266F0C9392C, 0xA9582618E03FC9AA, 0x39ABDC4529B1661C]
    j = power_of_x(1 << 128)
    assert [(j >> (64 * k)) & MASK for k in range(4)] == published
    low = p & ((1 << 256) - 1)
    print(", ".join(f"0x{(low >> (64 * k)) & MASK:016X}" for k in range(4)))


if __name__ == "__main__":
    main()
