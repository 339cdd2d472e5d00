using System.Text.Json;
using Suyuan.Core.Epcis.Validation;

namespace Suyuan.Core.Tests.Epcis.Validation;

public sealed class QuerySchemaTests
{
    private static IReadOnlyList<Suyuan.Core.Epcis.ValidationProblem> Check(string query)
    {
        using var document = JsonDocument.Parse(query);
        return QuerySchema.Check(document.RootElement);
    }

    [Theory]
    [InlineData("""{"EQ_bizStep": "shipping"}""", "/EQ_bizStep", "array")]
    [InlineData("""{"eventCountLimit": "5"}""", "/eventCountLimit", "integer")]
    [InlineData("""{"eventCountLimit": 2.5}""", "/eventCountLimit", "integer")]
    [InlineData("""{"EQ_booleanValue": "true"}""", "/EQ_booleanValue", "boolean")]
    [InlineData("""{"GE_eventTime": 5}""", "/GE_eventTime", "string")]
    // An item of the wrong type, also where the item's schema is an anyOf (bizStep: a CBV name or a URI).
    [InlineData("""{"EQ_bizStep": ["shipping", 1]}""", "/EQ_bizStep/1", "string")]
    [InlineData("""{"eventType": [true]}""", "/eventType/0", "string")]
    [InlineData("""{"MATCH_epc": [{"id": "urn:epc:id:sgtin:0614141.107346.2017"}]}""", "/MATCH_epc/0", "string")]
    [InlineData("""{"EQ_action": [1]}""", "/EQ_action/0", "string")]
    [InlineData("""{"EQ_quantity": ["5"]}""", "/EQ_quantity/0", "number")]
    [InlineData("""{"EQ_bizTransaction_po": [5]}""", "/EQ_bizTransaction_po/0", "string")]
    public void NamedParametersOfTheWrongTypeAreProblems(string query, string pointer, string words)
    {
        var problem = Assert.Single(Check(query));
        Assert.Equal(pointer, problem.Pointer);
        Assert.Contains(words, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"EQ_bizStep": ["shipping", "https://ref.gs1.org/cbv/BizStep-receiving"], "eventCountLimit": 5, "orderBy": "eventTime", "orderDirection": "ASC"}""")]
    [InlineData("""{"GE_eventTime": "2024-01-01T00:00:00Z", "EXISTS_errorDeclaration": null, "EXISTS_sensorElementList": 1}""")]
    // Extension and type-named parameters are the parser's to judge, and so is our perPage.
    [InlineData("""{"EQ_ILMD_ex:lot": "L1", "EQ_bizTransaction_po": ["urn:epcglobal:cbv:bt:0614141000005:1"], "perPage": 2}""")]
    [InlineData("""{}""")]
    [InlineData("""{"EQ_quantity": [5, 2.5], "EQ_errorReason": ["did_not_occur"], "EQ_source_owning_party": ["urn:epc:id:pgln:0614141.00001"]}""")]
    // Values are the parser's to judge, as in a URL: CBV URNs, GS1 Web vocabulary types, EXISTS_ as true.
    [InlineData("""{"EQ_bizStep": ["urn:epcglobal:cbv:bizstep:shipping"], "EQ_type": ["https://gs1.org/voc/Temperature"], "EXISTS_errorDeclaration": true, "orderDirection": "UP"}""")]
    public void QueriesTheSchemaAcceptsHaveNoProblems(string query) => Assert.Empty(Check(query));
}
