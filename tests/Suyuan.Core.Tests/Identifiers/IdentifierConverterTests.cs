using System.Text.Json;
using System.Text.RegularExpressions;
using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

public sealed partial class IdentifierConverterTests
{
    // Left out: epcisDocWithAllGS1Keys's reference pre-hash is garbled by overlapping writes (its keys are checked one by one
    // in CanonicaliseGivesTheEventHashForm), and epcisDocWithCustomSchemaInContext's pre-hash omits one of its events.
    private static readonly string[] UnusablePreHashes = ["epcisDocWithAllGS1Keys.jsonld", "epcisDocWithCustomSchemaInContext.jsonld"];

    public static IEnumerable<object[]> EventHashDocuments() =>
        Corpus.Files("event-hash", "*.jsonld")
            .Where(f => File.Exists(Path.ChangeExtension(f, ".prehashes")) && !UnusablePreHashes.Contains(Path.GetFileName(f)))
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(EventHashDocuments))]
    public void CanonicalFormOfEveryGs1IdentifierAppearsInTheReferencePreHash(string document)
    {
        var path = Corpus.PathOf("event-hash", document);
        var prehash = File.ReadAllText(Path.ChangeExtension(path, ".prehashes"));
        var urns = GS1Identifier().Matches(File.ReadAllText(path)).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(urns);
        foreach (var urn in urns)
        {
            var canonical = IdentifierConverter.Canonicalise(urn);
            Assert.StartsWith("https://id.gs1.org/", canonical);
            Assert.True(prehash.Contains(canonical, StringComparison.Ordinal), $"{urn} → {canonical} is not in {document}'s pre-hash");
        }
    }

    [Fact]
    public void EpcListNormalisationMatchesReferenceExactly()
    {
        var path = Corpus.PathOf("event-hash", "epclist_normalisation.jsonld");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var epcs = doc.RootElement.GetProperty("epcisBody").GetProperty("eventList")[0].GetProperty("epcList")
            .EnumerateArray().Select(e => IdentifierConverter.Canonicalise(e.GetString()!)).Order(StringComparer.Ordinal).ToList();
        var prehash = File.ReadAllText(Path.ChangeExtension(path, ".prehashes"));
        var list = prehash[(prehash.IndexOf("epcList", StringComparison.Ordinal) + "epcList".Length)..prehash.IndexOf("action=", StringComparison.Ordinal)];
        var expected = list.Split("epc=", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(expected, epcs);
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.011111.987", "https://id.gs1.org/01/04012345111118/21/987")]
    [InlineData("urn:epc:class:lgtin:4012345.012345.Lot987", "https://id.gs1.org/01/04012345123456/10/Lot987")]
    [InlineData("urn:epc:idpat:sgtin:4054739.099914.*", "https://id.gs1.org/01/04054739999148")]
    [InlineData("urn:epc:id:sscc:4012345.0000000333", "https://id.gs1.org/00/040123450000003338")]
    [InlineData("urn:epc:id:sgln:4012345.00011.987", "https://id.gs1.org/414/4012345000115/254/987")]
    [InlineData("urn:epc:id:sgln:4012345.00005.0", "https://id.gs1.org/414/4012345000054")]
    [InlineData("urn:epc:id:pgln:4000001.00000", "https://id.gs1.org/417/4000001000005")]
    [InlineData("urn:epc:id:grai:4012345.66666.87", "https://id.gs1.org/8003/0401234566666387")]
    [InlineData("urn:epc:idpat:grai:4012345.66666.*", "https://id.gs1.org/8003/04012345666663")]
    [InlineData("urn:epc:id:giai:4012345.AAbb", "https://id.gs1.org/8004/4012345AAbb")]
    [InlineData("urn:epc:id:gsrn:4012345.9876540000", "https://id.gs1.org/8018/401234598765400000")]
    [InlineData("urn:epc:id:gsrnp:4012345.0000098765", "https://id.gs1.org/8017/401234500000987658")]
    [InlineData("urn:epc:id:gdti:4012345.55555.98", "https://id.gs1.org/253/401234555555498")]
    [InlineData("urn:epc:id:cpi:4012345.ABC.123", "https://id.gs1.org/8010/4012345ABC/8011/123")]
    [InlineData("urn:epc:idpat:cpi:4012345.ABC.*", "https://id.gs1.org/8010/4012345ABC")]
    [InlineData("urn:epc:id:sgcn:4012345.99999.44", "https://id.gs1.org/255/401234599999044")]
    [InlineData("urn:epc:id:ginc:4012345.333", "https://id.gs1.org/401/4012345333")]
    [InlineData("urn:epc:id:gsin:4012345.999987654", "https://id.gs1.org/402/40123459999876541")]
    [InlineData("urn:epc:id:itip:4012345.012345.01.02.999", "https://id.gs1.org/8006/040123451234560102/21/999")]
    [InlineData("urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102")]
    [InlineData("urn:epc:id:upui:4012345.012345.AB12", "https://id.gs1.org/01/04012345123456/235/AB12")]
    [InlineData("https://example.com/shop/01/4012345123456/22/V1/10/L1/21/S1?17=251231", "https://id.gs1.org/01/04012345123456/21/S1")]
    [InlineData("https://id.gs1.org/gtin/09780345418913", "https://id.gs1.org/01/09780345418913")]
    // Spellings of one identifier: the URN scheme, namespace and kind in any case; a slash after the link's last value.
    [InlineData("urn:EPC:id:sgln:0614141.00888.0", "https://id.gs1.org/414/0614141008889")]
    [InlineData("URN:EPC:ID:SGLN:0614141.00888.0", "https://id.gs1.org/414/0614141008889")]
    [InlineData("URN:EPC:ID:GIAI:4012345.AAbb", "https://id.gs1.org/8004/4012345AAbb")]
    [InlineData("urn:epc:ID:SGLN:0614141.00888.0", "https://id.gs1.org/414/0614141008889")]
    [InlineData("https://id.gs1.org/414/0614141008889/", "https://id.gs1.org/414/0614141008889")]
    [InlineData("urn:EPC:junk", "urn:EPC:junk")]
    public void CanonicaliseGivesTheEventHashForm(string id, string expected) =>
        Assert.Equal(expected, IdentifierConverter.Canonicalise(id));

    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.011111.987", true)]
    [InlineData("urn:epc:id:sgtin:40123451.01111.987", true)]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A%2FB", true)]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A%2fB", false)]
    [InlineData("urn:epc:class:lgtin:4012345.012345.Lot987", true)]
    [InlineData("urn:epc:idpat:sgtin:4054739.099914.*", true)]
    [InlineData("urn:epc:id:sscc:4012345.0000000333", true)]
    [InlineData("urn:epc:id:sgln:4012345.00005.0", true)]
    [InlineData("urn:epc:id:giai:4012345.AAbb", true)]
    [InlineData("https://id.gs1.org/01/04012345111118/21/987", false)]
    [InlineData("urn:epc:id:sgtin:4012345.11111.987", false)]
    [InlineData("urn:epcglobal:cbv:bt:4012345123456:RE1099", false)]
    public void AUrnIsReversibleWhenItsCanonicalFormGivesItBack(string id, bool reversible)
    {
        Assert.Equal(IdentifierConverter.Canonicalise(id), IdentifierConverter.Canonicalise(id, out var r));
        Assert.Equal(reversible, r);
    }

    [Theory]
    [InlineData("urn:epcglobal:cbv:bt:4012345123456:RE1099")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-shipping")]
    [InlineData("geo:47.506694,11.104301")]
    [InlineData("urn:epc:id:sgtin:4012345.11111.987")]
    public void CanonicaliseLeavesOtherIdentifiersUnchanged(string id) =>
        Assert.Equal(id, IdentifierConverter.Canonicalise(id));

    [Theory]
    [InlineData("https://id.gs1.org/01/04012345111118/21/987", "urn:epc:id:sgtin:4012345.011111.987")]
    [InlineData("https://example.com/01/04012345123456/10/Lot987?17=251231", "urn:epc:class:lgtin:4012345.012345.Lot987")]
    [InlineData("https://id.gs1.org/01/04054739999148", "urn:epc:idpat:sgtin:4054739.099914.*")]
    [InlineData("https://id.gs1.org/00/040123450000003338", "urn:epc:id:sscc:4012345.0000000333")]
    [InlineData("https://id.gs1.org/414/4012345000115/254/987", "urn:epc:id:sgln:4012345.00011.987")]
    [InlineData("https://id.gs1.org/414/4012345000054", "urn:epc:id:sgln:4012345.00005.0")]
    [InlineData("https://id.gs1.org/417/4000001000005", "urn:epc:id:pgln:4000001.00000")]
    [InlineData("https://id.gs1.org/8003/0401234566666387", "urn:epc:id:grai:4012345.66666.87")]
    [InlineData("https://id.gs1.org/8004/4012345AAbb", "urn:epc:id:giai:4012345.AAbb")]
    [InlineData("https://id.gs1.org/01/80614141123458/21/6789%2F%26", "urn:epc:id:sgtin:0614141.812345.6789%2F%26")]
    public void DigitalLinkConvertsToEpcUrn(string uri, string expected) =>
        Assert.Equal(expected, IdentifierConverter.DigitalLinkToEpcUri(uri));

    [Fact]
    public void DigitalLinkToEpcUrnUsesTheGivenCompanyPrefixLength() =>
        Assert.Equal("urn:epc:id:sgtin:415056789012.0.987654",
            IdentifierConverter.DigitalLinkToEpcUri("https://id.gs1.org/01/04150567890128/21/987654", _ => 12));

    [Theory]
    [InlineData("urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()")]
    [InlineData("urn:epc:id:sscc:4012345.3111111111")]
    [InlineData("urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234")]
    [InlineData("urn:epc:id:itip:4012345.011111.01.02.987")]
    [InlineData("urn:epc:id:gsin:4012345.222333444")]
    [InlineData("urn:epc:id:sgcn:4012345.99999.44")]
    public void EpcUrnRoundTripsThroughDigitalLink(string urn)
    {
        var dl = IdentifierConverter.EpcUriToDigitalLink(urn);
        Assert.NotNull(dl);
        Assert.Equal(urn, IdentifierConverter.DigitalLinkToEpcUri(dl));
    }

    /// <summary>
    /// An EPC pattern matches an identifier's Digital Link exactly when it matches the identifier's URN (its fields before
    /// the first '*' equal), for every pair of these patterns and identifiers. (A key of another company whose prefix starts
    /// with the same digits cannot exist: GS1 company prefixes are allocated prefix-free.)
    /// </summary>
    [Fact]
    public void AnEpcPatternMatchesTheDigitalLinksOfTheIdentifiersItsUrnFormMatches()
    {
        string[] ids =
        [
            "urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.007346.A1", "urn:epc:id:sgtin:0614141.107347.2017",
            "urn:epc:id:sgtin:4012345.011111.987", "urn:epc:id:sscc:0614141.1234567890",
            "urn:epc:id:sscc:0614141.0000000001", "urn:epc:id:sscc:4012345.3111111111", "urn:epc:id:sgln:0614141.00777.0",
            "urn:epc:id:sgln:0614141.00777.12", "urn:epc:id:sgln:0614141.00778.0", "urn:epc:id:pgln:0614141.00001",
            "urn:epc:id:grai:0614141.12345.400", "urn:epc:id:grai:0614141.12346.400", "urn:epc:id:giai:0614141.12345ABC",
            "urn:epc:id:gdti:0614141.12345.006847", "urn:epc:id:cpi:0614141.123ABC.123456789", "urn:epc:id:gsrn:0614141.1234567890",
            "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB",
        ];
        string[] patterns =
        [
            "urn:epc:idpat:sgtin:0614141.107346.*", "urn:epc:idpat:sgtin:0614141.*.*", "urn:epc:idpat:sgtin:*.*.*", "urn:epc:idpat:sgtin:4012345.011111.*",
            "urn:epc:idpat:sscc:0614141.*", "urn:epc:idpat:sscc:*.*", "urn:epc:idpat:sgln:0614141.00777.*", "urn:epc:idpat:sgln:0614141.*.*",
            "urn:epc:idpat:pgln:0614141.*", "urn:epc:idpat:grai:0614141.12345.*", "urn:epc:idpat:grai:0614141.*.*", "urn:epc:idpat:giai:0614141.*",
            "urn:epc:idpat:gdti:0614141.12345.*", "urn:epc:idpat:cpi:0614141.123ABC.*", "urn:epc:idpat:gsrn:0614141.*", "urn:epc:idpat:upui:1234567.089456.*",
        ];
        foreach (var pattern in patterns)
        {
            var links = IdentifierConverter.DigitalLinkPattern(pattern);
            Assert.True(links.Exact.Count + links.Prefixes.Count > 0, pattern);
            var fixedPart = "urn:epc:id:" + pattern["urn:epc:idpat:".Length..pattern.IndexOf('*')];
            foreach (var id in ids)
            {
                var link = IdentifierConverter.EpcUriToDigitalLink(id)!;
                var byUrn = id.StartsWith(fixedPart, StringComparison.Ordinal)
                    // SGTINs and UPUIs share AI 01: a GTIN pattern open beyond the item reference covers a UPUI of the company too.
                    || pattern.Contains(":sgtin:") && pattern.Count(c => c == '*') > 1 && id.StartsWith("urn:epc:id:upui:" + fixedPart["urn:epc:id:sgtin:".Length..], StringComparison.Ordinal);
                var byLink = links.Exact.Contains(link) || links.Prefixes.Any(p => link.StartsWith(p, StringComparison.Ordinal));
                Assert.True(byUrn == byLink, $"{pattern} and {id} ({link}): by URN {byUrn}, by Digital Link {byLink}");
            }
        }
        // A GTIN's class pattern covers its lots.
        var lots = IdentifierConverter.DigitalLinkPattern("urn:epc:idpat:sgtin:0614141.107346.*", classes: true);
        Assert.Contains("https://id.gs1.org/01/10614141073464", lots.Exact);
        Assert.Contains(lots.Prefixes, p => IdentifierConverter.EpcUriToDigitalLink("urn:epc:class:lgtin:0614141.107346.L1")!.StartsWith(p, StringComparison.Ordinal));
        Assert.DoesNotContain(lots.Prefixes, p => IdentifierConverter.EpcUriToDigitalLink("urn:epc:class:lgtin:0614141.107347.L1")!.StartsWith(p, StringComparison.Ordinal));
        Assert.Empty(IdentifierConverter.DigitalLinkPattern("urn:epc:idpat:sgtin:0614141.*.2017").Prefixes);
        Assert.Empty(IdentifierConverter.DigitalLinkPattern("urn:epc:idpat:gid:95100000.*.*").Prefixes);
    }

    [Theory]
    [InlineData("https://id.gs1.org/01/04012345111119/21/987")]
    [InlineData("https://id.gs1.org/99/ABC")]
    public void InvalidDigitalLinkHasNoEpcUrn(string uri) => Assert.Null(IdentifierConverter.DigitalLinkToEpcUri(uri));

    // EPC URNs and Digital Links (a GS1 primary key AI in the path) as they appear in the documents.
    [GeneratedRegex("urn:epc:(id|class|idpat):[^\"\\s]+|https?://[^\"\\s/]+/([^\"\\s]*/)?(00|01|253|255|401|402|414|417|8003|8004|8006|8010|8017|8018)/\\d[^\"\\s]*")]
    private static partial Regex GS1Identifier();
}
