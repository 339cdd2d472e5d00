using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed class PlatformTraceCodeTests
{
    private static IEnumerable<string> SampleCodes() =>
        Enumerable.Range(0, 200).Select(_ => PlatformTraceCode.Generate("320612").Digits).Append("32064821093755127765");

    [Fact]
    public void WorkedExampleFromTheSpecificationIsValid()
    {
        Assert.Equal('5', PlatformTraceCode.CheckDigit("3206482109375512776"));
        Assert.True(PlatformTraceCode.Validate("32064821093755127765").IsValid);
    }

    [Fact]
    public void GeneratedCodesAreValidAndCarryTheRegion()
    {
        var code = PlatformTraceCode.Generate("320612");
        Assert.Equal(20, code.Digits.Length);
        Assert.Equal("3206", code.Region);
        Assert.True(PlatformTraceCode.Validate(code.Digits).IsValid);
        Assert.Matches("^3206( [0-9]{4}){4}$", code.Display);
    }

    [Fact]
    public void GeneratedCodesDiffer() =>
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => PlatformTraceCode.Generate("3206").Digits).Distinct().Count());

    [Fact]
    public void EverySingleDigitSubstitutionIsDetected()
    {
        foreach (var code in SampleCodes())
        {
            for (var i = 0; i < code.Length; i++)
            {
                for (var d = '0'; d <= '9'; d++)
                {
                    if (d != code[i])
                    {
                        var typo = code[..i] + d + code[(i + 1)..];
                        Assert.False(PlatformTraceCode.Validate(typo).IsValid, typo);
                    }
                }
            }
        }
    }

    [Fact]
    public void EveryAdjacentTranspositionIsDetected()
    {
        foreach (var code in SampleCodes())
        {
            for (var i = 0; i + 1 < code.Length; i++)
            {
                if (code[i] != code[i + 1])
                {
                    var swapped = code[..i] + code[i + 1] + code[i] + code[(i + 2)..];
                    Assert.False(PlatformTraceCode.Validate(swapped).IsValid, swapped);
                }
            }
        }
    }

    [Theory]
    [InlineData("3206 4821 0937 5512 7765")]
    [InlineData("3206-4821-0937-5512-7765")]
    [InlineData(" ３２０６ ４８２１ ０９３７ ５５１２ ７７６５ ")]
    public void ValidationToleratesGroupingAndFullWidthDigits(string input)
    {
        var result = PlatformTraceCode.Validate(input);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("32064821093755127765", result.Code!.Digits);
    }

    [Theory]
    [InlineData("3206 4821 0937 5512 776", "20 digits, not 19")]
    [InlineData("3206 4821 0937 5512 776A", "'A' is not allowed")]
    [InlineData("3206 4821 0937 5512 7764", "check digit does not match")]
    public void InvalidCodesSayWhy(string input, string reason) =>
        Assert.Contains(reason, PlatformTraceCode.Validate(input).Reason);

    [Fact]
    public void RegionMustBeAGbT2260Code() => Assert.Throws<ArgumentException>(() => PlatformTraceCode.Generate("32A6"));
}
