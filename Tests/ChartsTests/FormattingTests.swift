import Testing
@testable import Charts

struct FormattingTests {
    @Test(arguments: [
        (ValueFormat.money, 10_500.0, 0, "10,500"),
        (.money, -1_250.5, 2, "−1,250.5"),
        (.money, 999.999, 2, "1,000"),
        (.money, 1_234_567.891, 2, "1,234,567.89"),
        (.percent, -33.4, 0, "−33 %"),
        (.percent, 12.5, 1, "12.5 %"),
        (.plain, 0.25, 3, "0.25"),
        (.plain, -0.0001, 2, "0"),
        (.plain, 1e20, 2, "1e20"),
        (.plain, -2.5e-12, 12, "−2.5e-12"),
        (.plain, .nan, 2, "—"),
        (.money, .infinity, 2, "—"),
    ])
    func formatsDeterministically(format: ValueFormat, value: Double, decimals: Int, expected: String) {
        #expect(format.format(value, decimals: decimals) == expected)
    }

    @Test func moneyTooltipsKeepTwoDecimals() {
        #expect(ValueFormat.money.format(10_523.4) == "10,523.40")
        #expect(ValueFormat.plain.format(61.234) == "61.2")
        #expect(ValueFormat.plain.format(0.125) == "0.125")
    }

    @Test(arguments: [(12.5, "12.5"), (300.0, "300"), (-4.25, "-4.25"), (0.004, "0"), (-0.004, "0"),
                      (1.05, "1.05"), (2.1, "2.1"), (Double.nan, "0"), (Double.infinity, "0"), (1e9, "1000000")])
    func coordinatesHaveAtMostTwoDecimals(value: Double, expected: String) {
        #expect(DecimalText.coordinate(value) == expected)
    }

    @Test func escapesEveryXMLSpecialAndDropsForbiddenControls() {
        #expect(XMLEscaping.escape("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f")
        #expect(XMLEscaping.escape("bell\u{07}\u{0}tab\t") == "belltab\t")
        #expect(XMLEscaping.escape("plain — ünïcode") == "plain — ünïcode")
    }

    @Test(arguments: [(-33.0, "−33 %"), (12.4, "+12 %"), (0.2, "0 %")])
    func percentAnnotationsAreSigned(value: Double, expected: String) {
        #expect(BarGroup.percentAnnotation(value) == expected)
    }

    @Test func undefinedAnnotationIsADash() {
        #expect(BarGroup.percentAnnotation(nil) == "—")
        #expect(BarGroup.percentAnnotation(.nan) == "—")
    }
}
