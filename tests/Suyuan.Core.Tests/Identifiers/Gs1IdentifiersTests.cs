using System.Text.RegularExpressions;
using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed partial class Gs1IdentifiersTests
{
    /// <summary>
    /// The check decides the usual identifiers in place; the full parsers are its oracle. Every EPC URN and Digital Link of
    /// the corpus, and each with its last digit changed, gets the same verdict from both: a URN of a scheme the platform
    /// reads is a problem exactly when <see cref="EpcUri.ToElements"/> cannot read it, a link exactly when
    /// <see cref="DigitalLink.Parse"/> refuses it for a check digit.
    /// </summary>
    [Fact]
    public void TheInPlaceCheckAgreesWithTheFullParsersOnTheCorpusAndItsMutants()
    {
        var lenient = new DigitalLinkOptions { PermitConvenienceAlphas = true, PermitZeroSuppressedGtin = true };
        var values = Corpus.Files("epcis", "*.json*").SelectMany(f => Identifier().Matches(File.ReadAllText(f)).Select(m => m.Value)).Distinct().ToList();
        Assert.True(values.Count > 100, $"{values.Count} identifiers");
        var mutants = values.Select(v => Regex.Replace(v, "(\\d)(?=\\D*$)", m => ((m.Value[0] - '0' + 3) % 10).ToString())).ToList();
        var truncated = values.Where(v => v.StartsWith("urn:", StringComparison.Ordinal) && v.Contains('.')).Select(v => v[..v.LastIndexOf('.')]).ToList();
        // Links on GS1's own resolver with a digit dropped from, or added to, their key.
        var reshaped = values.Where(v => v.StartsWith("http", StringComparison.Ordinal))
            .Select(v => OnGs1Resolver().Replace(v, "https://id.gs1.org/", 1))
            .SelectMany(v => new[] { KeyDigit().Replace(v, "$1", 1), KeyDigit().Replace(v, "$1$2$2", 1) }).ToList();
        foreach (var value in values.Concat(mutants).Concat(truncated).Concat(reshaped).Distinct())
        {
            bool expected;
            if (value.StartsWith("urn:epc:", StringComparison.Ordinal))
            {
                var parts = value["urn:epc:".Length..].Split(':');
                expected = parts.Length > 2 && EpcUri.Reads(parts[0] + ":" + parts[1]) && EpcUri.ToElements(value) is null;
            }
            else
            {
                // On GS1's own resolver a key value of the wrong shape is named too; elsewhere only a wrong check digit.
                var keyAi = value.Split('?')[0].Split('/').Skip(3).FirstOrDefault(s => s is "00" or "01" or "253" or "255" or "402" or "414" or "417" or "8003" or "8006" or "8017" or "8018");
                expected = DigitalLink.Parse(value, lenient) is { Success: false, Error: { } e }
                    && (e.Contains("check digit", StringComparison.Ordinal)
                        || (new Uri(value).Host == "id.gs1.org" && e.StartsWith($"AI ({keyAi}) value", StringComparison.Ordinal)));
            }
            Assert.True(expected == (Gs1Identifiers.Problem(value) is not null), $"{value}: expected {(expected ? "a problem" : "none")}, got {Gs1Identifiers.Problem(value) ?? "none"}");
        }
    }

    [GeneratedRegex("(/(?:00|01|253|255|402|414|417|8003|8006|8017|8018)/\\d)(\\d)")]
    private static partial Regex KeyDigit();

    [GeneratedRegex("^https?://[^/]+/(?:[^/]+/)*?(?=(?:00|01|253|255|402|414|417|8003|8006|8017|8018)/)")]
    private static partial Regex OnGs1Resolver();

    [GeneratedRegex("urn:epc:(id|class):[^\"\\s,\\]]+|https?://[^\"\\s/]+/([^\"\\s]*/)?(00|01|253|255|402|414|417|8003|8006|8017|8018)/\\d[^\"\\s]*")]
    private static partial Regex Identifier();

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
    [InlineData("urn:epc:idpat:sgtin:*.*.*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.107346.*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.107346.2017")]
    [InlineData("urn:epc:idpat:sscc:0614141.*")]
    [InlineData("urn:epc:idpat:sgln:0614141.00777.*")]
    [InlineData("urn:epc:idpat:grai:4012345.66666.*")]
    [InlineData("urn:epc:idpat:itip:4012345.012345.01.02.*")]
    [InlineData("urn:epc:idpat:cpi:4012345.ABC.*")]
    [InlineData("urn:epc:idpat:giai:4012345.*")]
    [InlineData("urn:epc:idpat:itip:4012345.*.*.*.*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.107346.A*B")]
    [InlineData("urn:epc:idpat:example:anything")]
    [InlineData("urn:epc:id:gid:95100000.12345.400")]
    [InlineData("urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB")]
    [InlineData("urn:epc:id:sgln:0614141.00777.0")]
    [InlineData("urn:example:epc:1")]
    [InlineData("https://id.example.com/8003/030013450007768765")]
    [InlineData("https://example.com/products/01/9506000134352?linkType=all")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.2017%2F1")]
    [InlineData("urn:epc:id:giai:0614141.12345ABC")]
    [InlineData("https://example.com/414/061414100888")]
    [InlineData("https://id.gs1.org/8003/01234567890128ABC")]
    [InlineData("https://id.gs1.org/253/4012345000009X1")]
    [InlineData("https://id.gs1.org/01/9506000134352")]
    public void AnIdentifierThatExistsOrIsNoGs1KeyIsTaken(string value) => Assert.Null(Gs1Identifiers.Problem(value));

    [Theory]
    [InlineData("https://id.gs1.org/01/09506000134353/21/1")]
    [InlineData("https://id.gs1.org/00/106141411234567896")]
    [InlineData("https://example.com/01/00614141073461/21/Q1")]
    [InlineData("https://id.gs1.org/414/4012345000008")]
    [InlineData("urn:epc:id:sgtin:0614141.107346")]
    [InlineData("urn:epc:id:sscc:0614141.12345")]
    [InlineData("urn:epc:id:sgln:0614141.00777")]
    [InlineData("https://id.example.com/8003/030013450007718765")]
    [InlineData("https://example.com/products/01/9506000134353")]
    [InlineData("urn:epc:idpat:sgtin:*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.*.2017")]
    [InlineData("urn:epc:idpat:sgtin:*.107346.*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.1073460.*")]
    [InlineData("urn:epc:idpat:sgtin:0614141.107346.*.*")]
    [InlineData("urn:epc:idpat:sscc:061.*")]
    [InlineData("urn:epc:idpat:sgln:0614141.0077A.*")]
    [InlineData("urn:epc:idpat:sgtin:")]
    [InlineData("urn:epc:idpat:itip:4012345.012345.*.*.*")]
    [InlineData("urn:epc:idpat:itip:4012345.012345.01.*.*")]
    [InlineData("urn:epc:idpat:sgln:0614141.0.*")]
    [InlineData("urn:epc:idpat:sgln:0614141.0077777777.*")]
    [InlineData("https://id.gs1.org/414/061414100888")]
    [InlineData("https://id.gs1.org/414/0614141008889%2F254%2F0")]
    [InlineData("https://ID.GS1.ORG/01/123")]
    [InlineData("https://id.gs1.org/8003/1234567890128ABC")]
    public void AGs1KeyThatCannotExistIsNamedWithWhy(string value)
    {
        var problem = Gs1Identifiers.Problem(value);
        Assert.NotNull(problem);
        Assert.Contains(value, problem);
    }
}
