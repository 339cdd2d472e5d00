using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed class DigitalLinkTests
{
    [Fact]
    public void DigitalLinkParsesPathAndQuery()
    {
        var result = DigitalLink.Parse("https://example.com/shop/01/09520123456788/10/ABC1/21/12345?17=180426&3103=000195");
        Assert.True(result.Success, result.Error);
        var link = result.Value!;
        Assert.Equal("https://example.com/shop", link.Stem);
        Assert.Equal(new AiElement("01", "09520123456788"), link.PrimaryKey);
        Assert.Equal(["10", "21"], link.Path.Skip(1).Select(e => e.Ai));
        Assert.Equal([new AiElement("17", "180426"), new AiElement("3103", "000195")], link.Attributes);
    }

    [Fact]
    public void DigitalLinkRejectsBadCheckDigit()
    {
        var result = DigitalLink.Parse("https://id.gs1.org/01/09520123456787");
        Assert.False(result.Success);
        Assert.Contains("(01)", result.Error);
        Assert.Contains("expected 8", result.Error);
    }

    [Fact]
    public void DigitalLinkRejectsLotWithoutItsKey()
    {
        var result = DigitalLink.Parse("https://id.gs1.org/00/006141411234567890?10=ABC");
        Assert.False(result.Success);
        Assert.Equal("AI (10) requires (01) or (02) or (03) or (8006) or (8026).", result.Error);
    }

    [Fact]
    public void DigitalLinkRejectsKeyQualifierInQuery() =>
        Assert.Contains("(10) is a key qualifier", DigitalLink.Parse("https://example.com/01/09520123456788?10=ABC123").Error);

    [Fact]
    public void DigitalLinkRejectsQualifiersOutOfOrder() =>
        Assert.Contains("not a valid key-qualifier sequence", DigitalLink.Parse("https://example.com/01/09520123456788/21/1/10/2").Error);

    [Fact]
    public void GeneratedLinkParsesBackToTheSameData()
    {
        AiElement[] data = [new("17", "251231"), new("21", "A/B"), new("01", "09520123456788"), new("10", "L+1")];
        var uri = DigitalLink.Generate(data);
        Assert.True(uri.Success, uri.Error);
        Assert.Equal("https://id.gs1.org/01/09520123456788/10/L%2B1/21/A%2FB?17=251231", uri.Value);
        var parsed = DigitalLink.Parse(uri.Value!);
        Assert.Equal(data.OrderBy(e => e.Ai), parsed.Value!.Elements.OrderBy(e => e.Ai));
    }

    [Fact]
    public void ShortNamesComeFromTheGrammarWhenPermitted()
    {
        var options = new DigitalLinkOptions { PermitConvenienceAlphas = true };
        Assert.Equal("^01095201234567882112", DigitalLink.Parse("https://id.gs1.org/gtin/09520123456788/ser/12", options).Value!.ElementString);
        Assert.False(DigitalLink.Parse("https://id.gs1.org/gtin/09520123456788").Success);
    }
}
