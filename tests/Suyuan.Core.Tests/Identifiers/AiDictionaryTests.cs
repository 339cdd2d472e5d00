using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed class AiDictionaryTests
{
    private static readonly AiDictionary Dictionary = AiDictionary.Default;

    [Fact]
    public void GtinEntryCarriesFormatFlagsAndQualifiers()
    {
        var gtin = Dictionary.Find("01")!;
        Assert.True(gtin.FixedLengthPredefined);
        Assert.True(gtin.DigitalLinkDataAttribute);
        var component = Assert.Single(gtin.Components);
        Assert.Equal(new[] { "csum", "gcppos2" }, component.Linters);
        Assert.Equal((AiCharacterSet.N, 14, 14), (component.CharacterSet, component.MinLength, component.MaxLength));
        Assert.Equal(new[] { "255", "37" }, gtin.Exclusions);
        Assert.Equal(["22,10,21", "235"], gtin.DigitalLinkQualifierSequences!.Select(s => string.Join(',', s)));
    }

    [Fact]
    public void RangesExpandAndOptionalComponentsAreKept()
    {
        Assert.NotNull(Dictionary.Find("3103"));
        Assert.NotNull(Dictionary.Find("95"));
        Assert.Null(Dictionary.Find("89"));
        var gdti = Dictionary.Find("253")!;
        Assert.Equal(2, gdti.Components.Count);
        Assert.True(gdti.Components[1].Optional);
        Assert.Equal(30, gdti.MaxLength);
    }

    [Fact]
    public void RequisitesAndPatternsAreParsed()
    {
        var secondarySerial = Dictionary.Find("250")!;
        var requisite = Assert.Single(secondarySerial.Requisites);
        Assert.Equal(["01+21", "03+21", "8006+21"], requisite.Alternatives.Select(a => string.Join('+', a)));
        Assert.Contains("310n", Dictionary.Find("3101")!.Exclusions);
    }

    [Fact]
    public void PathSequencesFollowDlpkeyOrder()
    {
        Assert.True(Dictionary.IsValidPathSequence(["01", "22", "10", "21"]));
        Assert.True(Dictionary.IsValidPathSequence(["01", "10", "21"]));
        Assert.True(Dictionary.IsValidPathSequence(["414", "254"]));
        Assert.False(Dictionary.IsValidPathSequence(["01", "21", "10"]));
        Assert.False(Dictionary.IsValidPathSequence(["01", "10", "235"]));
    }

    [Theory]
    [InlineData("17", "251231", null)]
    [InlineData("17", "250200", null)]
    [InlineData("17", "251301", "not a valid date")]
    [InlineData("7006", "250200", "not a valid date")]
    [InlineData("00", "006141411234567891", "expected 0")]
    [InlineData("8013", "1987654Ad4X4bL5ttr2310c2K", null)]
    [InlineData("8013", "1987654Ad4X4bL5ttr2310c2L", "expected 2K")]
    [InlineData("8008", "25123124", "hour must be 00-23")]
    [InlineData("10", "ABC 123", "contains ' '")]
    [InlineData("10", "123456789012345678901", "too long")]
    public void ValuesAreCheckedByFormatAndLinters(string ai, string value, string? problem)
    {
        var result = AiValidation.CheckValue(Dictionary.Find(ai)!, value);
        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.NotNull(result);
            Assert.Contains(problem, result);
            Assert.Contains($"({ai})", result);
        }
    }

    [Fact]
    public void EveryLinterNamedInTheDictionaryIsImplementedOrListedAsSkipped()
    {
        var named = Dictionary.Entries.SelectMany(e => e.Components).SelectMany(c => c.Linters).Distinct();
        Assert.All(named, l => Assert.True(AiLinters.IsImplemented(l) || AiLinters.Skipped.Contains(l), l));
    }
}
