using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>
/// The ratified EPCIS 2.0 query schema (<c>query-schema.json</c>), applied to the parameters it names: a named query's
/// <c>EQ_bizStep</c> is an array of CBV values, <c>eventCountLimit</c> an integer, <c>GE_eventTime</c> a date-time.
/// </summary>
/// <remarks>
/// Extension parameters (<c>EQ_ILMD_ex:lot</c>, <c>EQ_bizTransaction_po</c>) are left to the query parser: the schema's
/// patterns for them escape the colon twice, so as written they match no prefixed name. <c>EXISTS_</c> parameters may be
/// null (the schema says so with OpenAPI's <c>nullable</c>, which draft-07 does not read). As for events, <c>uri</c> is
/// not asserted.
/// </remarks>
public static class QuerySchema
{
    private static readonly Lazy<JsonDocument> Text = new(() => JsonDocument.Parse(StandardsData.Open(StandardsData.EpcisQuerySchema)));

    private static readonly Lazy<JsonSchema> Compiled = new(() =>
        JsonSchema.Build(Text.Value.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly Lazy<HashSet<string>> Named = new(() =>
        Text.Value.RootElement.GetProperty("definitions").GetProperty("EPCIS-Query").GetProperty("properties").EnumerateObject()
            .Select(p => p.Name).ToHashSet(StringComparer.Ordinal));

    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
        FormatRegistry = EpcisSchema.FormatRules,
    };

    /// <summary>True for a parameter the schema names (not a pattern one such as <c>EQ_ILMD_ex:lot</c>).</summary>
    public static bool Names(string parameter) => Named.Value.Contains(parameter);

    /// <summary>The problems of a query object's named parameters, at pointers below the object (<c>/EQ_bizStep</c>).</summary>
    public static IReadOnlyList<ValidationProblem> Check(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            return [new ValidationProblem("", "/definitions/EPCIS-Query/type", "the query is a JSON object")];
        }
        var named = new JsonObject();
        foreach (var property in query.EnumerateObject())
        {
            if (Names(property.Name) && !(property.Value.ValueKind == JsonValueKind.Null && property.Name.StartsWith("EXISTS_", StringComparison.Ordinal)))
            {
                named[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
        if (named.Count == 0)
        {
            return [];
        }
        var instance = JsonSerializer.SerializeToElement(named);
        var results = Compiled.Value.Evaluate(instance, Options);
        return results.IsValid ? [] : SchemaProblems.From(results, instance);
    }
}
