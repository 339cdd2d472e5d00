using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed class Gs1IdentifiersTests
{
    [Theory]
    [InlineData("https://id.gs1.org/01/09506000134352/21/1")]
    [InlineData("https://id.gs1.org/00/106141411234567897")]
    [InlineData("https://example.com/01/09506000134352/10/LOT-1?17=251231")]
    [InlineData("https://id.gs1.org/414/4012345000009")]
    [InlineData("https://example.com/01/2024/report")]
    [InlineData("http://ns.example.com/epc/2")]
    [InlineData("https://example.com/products/shoe")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.2017")]
    [InlineData("urn:epc:id:sscc:0614141.1234567890")]
    [InlineData("urn:epc:class:lgtin:4012345.012345.998877")]
    [InlineData("urn:epc:idpat:sgtin:0614141.*.*")]
    [InlineData("urn:epc:id:gid:95100000.12345.400")]
    [InlineData("urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB")]
    [InlineData("urn:epc:id:sgln:0614141.00777.0")]
    [InlineData("urn:example:epc:1")]
    public void AnIdentifierThatExistsOrIsNoGs1KeyIsTaken(string value) => Assert.Null(Gs1Identifiers.Problem(value));

    [Theory]
    [InlineData("https://id.gs1.org/01/09506000134353/21/1")]
    [InlineData("https://id.gs1.org/00/106141411234567896")]
    [InlineData("https://example.com/01/00614141073461/21/Q1")]
    [InlineData("https://id.gs1.org/414/4012345000008")]
    [InlineData("urn:epc:id:sgtin:0614141.107346")]
    [InlineData("urn:epc:id:sscc:0614141.12345")]
    [InlineData("urn:epc:id:sgln:0614141.00777")]
    public void AGs1KeyThatCannotExistIsNamedWithWhy(string value)
    {
        var problem = Gs1Identifiers.Problem(value);
        Assert.NotNull(problem);
        Assert.Contains(value, problem);
    }
}
