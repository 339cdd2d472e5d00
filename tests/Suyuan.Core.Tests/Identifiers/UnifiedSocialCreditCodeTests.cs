using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed class UnifiedSocialCreditCodeTests
{
    public static TheoryData<string> ValidCodes => new() { "91350200MA2YJ1XR9G", "91350200776049653A", "91440101MA5CJQ4N59" };

    [Theory]
    [MemberData(nameof(ValidCodes))]
    public void PublishedExamplesAreValid(string code) => Assert.True(UnifiedSocialCreditCode.Validate(code).IsValid);

    [Theory]
    [MemberData(nameof(ValidCodes))]
    public void EverySingleCharacterTypoIsCaught(string code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            foreach (var c in UnifiedSocialCreditCode.Alphabet.Where(c => c != code[i]))
            {
                var typo = code[..i] + c + code[(i + 1)..];
                Assert.False(UnifiedSocialCreditCode.Validate(typo).IsValid, typo);
            }
        }
    }

    [Fact]
    public void BadCheckCharacterNamesTheExpectedOne() =>
        Assert.Equal("The check character is H but should be G.", UnifiedSocialCreditCode.Validate("91350200MA2YJ1XR9H").Reason);

    [Fact]
    public void WrongLengthIsReported() =>
        Assert.Equal("A unified social credit code has 18 characters, not 17.", UnifiedSocialCreditCode.Validate("91350200MA2YJ1XR9").Reason);

    [Theory]
    [InlineData("91350200MA2YJ1OR9G", 'O', 15)]
    [InlineData("91350200MA2YI1XR9G", 'I', 13)]
    public void LettersOutsideTheAlphabetAreReported(string code, char bad, int position) =>
        Assert.StartsWith($"'{bad}' at position {position} is not allowed", UnifiedSocialCreditCode.Validate(code).Reason);

    [Fact]
    public void LowerCaseIsReadAsUpperCase() => Assert.True(UnifiedSocialCreditCode.Validate("91350200ma2yj1xr9g").IsValid);
}
