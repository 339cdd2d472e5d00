using Suyuan.Core.Epcis;

namespace Suyuan.Core.Tests.Epcis;

public sealed class UnitsOfMeasureTests
{
    [Theory]
    [InlineData(100, "CEL", "FAH", 212)]
    [InlineData(-40, "FAH", "CEL", -40)]
    [InlineData(0, "KEL", "CEL", -273.15)]
    [InlineData(1, "KGM", "LBR", 2.2046226218487757)]
    [InlineData(1, "TNE", "GRM", 1_000_000)]
    [InlineData(1, "GLL", "LTR", 3.785411784)]
    [InlineData(1, "ATM", "KPA", 101.325)]
    [InlineData(1, "HUR", "SEC", 3_600)]
    [InlineData(36, "KMH", "MTS", 10)]
    [InlineData(50, "P1", "C62", 0.5)]
    public void ValuesConvertBetweenUnitsOfOneMeasure(double value, string from, string to, double expected) =>
        Assert.Equal(expected, UnitsOfMeasure.Convert(value, from, to), 9);

    /// <summary>A spread converts by the factor alone: a standard deviation of 1 CEL is 1.8 FAH.</summary>
    [Fact]
    public void ADifferenceIgnoresTheScalesZero()
    {
        Assert.Equal(1.8, UnitsOfMeasure.Convert(1, "CEL", "FAH", difference: true), 12);
        Assert.Equal(1, UnitsOfMeasure.Convert(1, "CEL", "KEL", difference: true), 12);
    }

    [Fact]
    public void OnlyUnitsOfOneMeasureCompare()
    {
        Assert.True(UnitsOfMeasure.AreComparable("CEL", "FAH"));
        Assert.True(UnitsOfMeasure.AreComparable("XYZ", "XYZ"));
        Assert.False(UnitsOfMeasure.AreComparable("CEL", "KGM"));
        Assert.False(UnitsOfMeasure.AreComparable("CEL", "XYZ"));
        Assert.Equal(["KEL", "CEL", "FAH"], UnitsOfMeasure.Comparable("FAH"));
        Assert.Equal(["XYZ"], UnitsOfMeasure.Comparable("XYZ"));
        Assert.Throws<ArgumentException>(() => UnitsOfMeasure.Convert(1, "CEL", "KGM"));
    }

    /// <summary>Every unit converts to every other of its measure and back to where it started.</summary>
    [Fact]
    public void ConversionsRoundTrip()
    {
        foreach (var a in new[] { "CEL", "KGM", "MTR", "MTQ", "PAL", "SEC", "MTS", "HTZ", "JOU", "VLT", "AMP", "WTT", "C62" })
        {
            foreach (var from in UnitsOfMeasure.Comparable(a))
            {
                foreach (var to in UnitsOfMeasure.Comparable(a))
                {
                    Assert.Equal(12.5, UnitsOfMeasure.Convert(UnitsOfMeasure.Convert(12.5, from, to), to, from), 9);
                }
            }
        }
    }
}
