using Suyuan.Storage.Query;

namespace Suyuan.Storage.Tests.Query;

public sealed class EpcisQueryTests
{
    private static IReadOnlyList<QueryProblem> Problems(params (string Name, string Value)[] parameters) =>
        EpcisQuery.Parse(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), new Dictionary<string, string> { ["example"] = "http://ns.example.com/epcis/" }).Problems;

    [Theory]
    [InlineData("EQ_colour", "red")]
    [InlineData("GE_eventTime", "yesterday")]
    [InlineData("GE_eventTime", "2024-05-01T08:00:00")]
    [InlineData("GT_quantity", "lots")]
    [InlineData("EQ_quantity", "NaN")]
    [InlineData("EQ_quantity", "-nan")]
    [InlineData("GT_quantity", "Infinity")]
    [InlineData("GE_quantity", "-Infinity")]
    [InlineData("LT_quantity", "1e400")]
    [InlineData("LE_quantity", "NaN")]
    [InlineData("GT_example:temperature", "NaN")]
    [InlineData("LE_ILMD_example:count", "1e400")]
    [InlineData("orderBy", "bizStep")]
    [InlineData("orderBy", "nope:rank")]
    [InlineData("orderDirection", "UP")]
    [InlineData("EQ_action", "MOVE")]
    [InlineData("perPage", "-3")]
    [InlineData("maxEventCount", "x")]
    [InlineData("nextPageToken", "not-a-token")]
    [InlineData("MATCH_epc", "urn:epc:idpat:sgtin:*.107346.2018")]
    [InlineData("MATCH_epc", "urn:epc:idpat:sgtin:*")]
    [InlineData("MATCH_anyEPC", "urn:epc:idpat:sgtin:0614141.*")]
    [InlineData("MATCH_epcClass", "urn:epc:idpat:sgtin:0614141.1073460.*")]
    [InlineData("EQ_nope:field", "1")]
    [InlineData("GE_value_CEL", "warm")]
    [InlineData("GE_value_CEL", "1|2")]
    [InlineData("GT_time", "2024-05-01T08:00:00Z")]
    [InlineData("GE_time", "2024-05-01T08:00:00")]
    [InlineData("EQ_booleanValue", "1")]
    [InlineData("GT_quantity_KGM", "much")]
    [InlineData("EQ_SENSORREPORT_example:x", "1")]
    [InlineData("HASATTR_example:x", "y")]
    [InlineData("EXISTS_errorDeclaration", "maybe")]
    [InlineData("EQ_bizTransaction_urn:epcglobal:cbv:btt:po", "")]
    [InlineData("EQ_source_urn:epcglobal:cbv:sdt:owning_party", " ")]
    [InlineData("EQ_bizStep", " ")]
    [InlineData("GT_example:temperature", "")]
    public void BadParameterIsNamedInTheProblem(string name, string value)
    {
        var problem = Assert.Single(Problems((name, value)));
        Assert.Equal(name, problem.Parameter);
    }

    [Fact]
    public void SensorConditionsInUnitsOfTwoMeasuresAreAProblem()
    {
        Assert.Equal("LT_value_KGM", Assert.Single(Problems(("GT_value_CEL", "4"), ("LT_value_KGM", "100"))).Parameter);
        Assert.Equal("LT_value_XYZ", Assert.Single(Problems(("GT_value_CEL", "4"), ("LT_value_XYZ", "100"))).Parameter);
        Assert.Empty(Problems(("GT_value_CEL", "4"), ("LT_value_FAH", "100")));
        Assert.Empty(Problems(("GT_value_CEL", "4"), ("LT_maxValue_CEL", "8")));
    }

    /// <summary>The platform's own prefix is known without GS1-Extensions, as the header advertises it.</summary>
    [Fact]
    public void ThePlatformsPrefixNeedsNoDeclaration()
    {
        var parsed = EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_sy:category", "meat")]);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems.Select(p => p.Message)));
        Assert.True(EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_sy:category", "meat")], new Dictionary<string, string> { ["ex"] = "https://example.com/ex/" }).IsValid);
    }

    [Fact]
    public void EventCountLimitNeedsOrderByAndExcludesMaxEventCount()
    {
        Assert.Contains(Problems(("eventCountLimit", "3")), p => p.Parameter == "eventCountLimit");
        Assert.Contains(Problems(("orderBy", "eventTime"), ("eventCountLimit", "3"), ("maxEventCount", "3")), p => p.Parameter == "eventCountLimit");
    }

    [Fact]
    public void TokenOfOneQueryIsRefusedByAnother()
    {
        var token = new PageToken(1, 2, 3, EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_bizStep", "shipping")]).Query!.Fingerprint).Encode();
        Assert.True(EpcisQuery.Parse([new("EQ_bizStep", "shipping"), new("nextPageToken", token)]).IsValid);
        Assert.Equal("nextPageToken", Assert.Single(Problems(("EQ_bizStep", "receiving"), ("nextPageToken", token))).Parameter);
    }

    [Fact]
    public void OffsetPlusTurnedIntoSpaceByUrlDecodingIsStillATime() =>
        Assert.Empty(Problems(("GE_eventTime", "2024-05-01T08:00:00.000 08:00")));

    [Fact]
    public void RepeatedParametersAndPipesBothGiveSeveralValues()
    {
        var query = EpcisQuery.Parse(new Dictionary<string, string[]> { ["EQ_bizStep"] = ["shipping|receiving", "packing"] }).Query!;
        var filter = Assert.IsType<ColumnInFilter>(Assert.Single(query.Filters));
        Assert.Equal(["https://ref.gs1.org/cbv/BizStep-shipping", "https://ref.gs1.org/cbv/BizStep-receiving", "https://ref.gs1.org/cbv/BizStep-packing"], filter.Values);
    }

    [Fact]
    public void ExtensionPrefixesComeFromTheClientsDeclaration()
    {
        var declared = EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_acme:grade", "A")], new Dictionary<string, string> { ["acme"] = "https://acme.example/ns/" });
        var filter = Assert.IsType<FieldFilter>(Assert.Single(declared.Query!.Filters));
        Assert.Equal("https://acme.example/ns/grade", filter.Name);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    public void NonFiniteValueOfAnEqualityOnAFieldComparesAsTextOnly(string value)
    {
        var filter = Assert.IsType<FieldFilter>(Assert.Single(EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_{http://ns.example.com/epcis/}code", value)]).Query!.Filters));
        Assert.Equal([value], filter.Texts);
        Assert.Empty(filter.Numbers);
    }

    [Fact]
    public void RepeatedListParameterMeansAnyOfItsValues()
    {
        var query = EpcisQuery.Parse([new KeyValuePair<string, string>("eventType", "ObjectEvent"), new("eventType", "TransformationEvent")]).Query!;
        var filter = Assert.IsType<ColumnInFilter>(Assert.Single(query.Filters));
        Assert.Equal(["ObjectEvent", "TransformationEvent"], filter.Values);
    }

    [Theory]
    [InlineData("GE_eventTime", "2024-05-01T08:00:00Z")]
    [InlineData("LT_recordTime", "2024-05-01T08:00:00Z")]
    [InlineData("perPage", "5")]
    [InlineData("orderBy", "eventTime")]
    [InlineData("orderDirection", "ASC")]
    [InlineData("eventCountLimit", "3")]
    [InlineData("maxEventCount", "3")]
    [InlineData("GT_quantity", "3")]
    [InlineData("EXISTS_errorDeclaration", "true")]
    public void RepeatedSingleValuedParameterIsAProblemNamingIt(string name, string value)
    {
        Assert.Equal(name, Assert.Single(Problems((name, value), (name, value))).Parameter);
        var orderBy = name == "eventCountLimit" ? [("orderBy", "eventTime")] : Array.Empty<(string, string)>();
        Assert.Empty(Problems([.. orderBy, (name, value)]));
    }

    [Fact]
    public void SingleValuedParameterWithSeveralPipedValuesIsAProblem() =>
        Assert.Equal("orderBy", Assert.Single(Problems(("orderBy", "eventTime|recordTime"))).Parameter);

    [Fact]
    public void ResourceValueIsAConditionOfItsOwn()
    {
        var query = EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_bizStep", "receiving")], resource: new("EQ_bizStep", "shipping")).Query!;
        Assert.Equal(2, query.Filters.Count);
    }

    /// <summary>A page token is for the query's meaning: a field written prefix:local or {namespace}local is one query.</summary>
    [Fact]
    public void AFieldsSpellingDoesNotChangeTheQuerysFingerprint()
    {
        static string Fingerprint(params (string Name, string Value)[] parameters) =>
            EpcisQuery.Parse(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), new Dictionary<string, string> { ["example"] = "http://ns.example.com/epcis/" }).Query!.Fingerprint;

        var prefixed = Fingerprint(("orderBy", "example:rank"), ("EXISTS_ILMD_example:lot", "true"), ("GE_example:rank", "2"));
        Assert.Equal(prefixed, Fingerprint(("orderBy", "{http://ns.example.com/epcis/}rank"), ("EXISTS_ILMD_{http://ns.example.com/epcis/}lot", "true"), ("GE_{http://ns.example.com/epcis/}rank", "2")));
        Assert.NotEqual(prefixed, Fingerprint(("orderBy", "example:rank"), ("EXISTS_example:lot", "true"), ("GE_example:rank", "2")));
        Assert.NotEqual(prefixed, Fingerprint(("orderBy", "example:rank"), ("EXISTS_ILMD_example:lot", "true"), ("GE_example:rank", "3")));
    }
}
