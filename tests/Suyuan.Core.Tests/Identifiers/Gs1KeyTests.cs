using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed class Gs1KeyTests
{
    [Theory]
    [InlineData("09520123456788", Gs1KeyType.Gtin14)]
    [InlineData("9520123456788", Gs1KeyType.Gtin13)]
    [InlineData("416000336108", Gs1KeyType.Gtin12)]
    [InlineData("02345673", Gs1KeyType.Gtin8)]
    [InlineData("02345673", Gs1KeyType.Gtin)]
    [InlineData("4012345000054", Gs1KeyType.Gln)]
    [InlineData("006141411234567890", Gs1KeyType.Sscc)]
    public void ValidKeysPass(string key, Gs1KeyType type) => Assert.True(Gs1Key.Validate(key, type).IsValid);

    [Fact]
    public void BadCheckDigitNamesTheExpectedDigit()
    {
        var check = Gs1Key.ValidateGtin("09520123456787");
        Assert.False(check.IsValid);
        Assert.Equal("GTIN check digit is 7 but should be 8.", check.Reason);
    }

    [Fact]
    public void WrongLengthIsReported() =>
        Assert.Contains("must have 13 digits, not 12", Gs1Key.ValidateGln("401234500005").Reason);

    [Fact]
    public void NonDigitIsReportedWithItsPosition() =>
        Assert.Contains("'A' at position 3", Gs1Key.ValidateSscc("00A141411234567890").Reason);

    [Fact]
    public void EverySingleDigitChangeOfAKeyIsCaught()
    {
        const string gtin = "09520123456788";
        for (var i = 0; i < gtin.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != gtin[i])
                {
                    var typo = gtin[..i] + d + gtin[(i + 1)..];
                    Assert.False(Gs1Key.ValidateGtin(typo).IsValid, typo);
                }
            }
        }
    }

    [Fact]
    public void ShortGtinsPadToGtin14() => Assert.Equal("00000002345673", Gs1Key.ToGtin14("02345673"));
}
