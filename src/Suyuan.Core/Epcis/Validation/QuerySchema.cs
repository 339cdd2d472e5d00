using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>
/// The types the ratified EPCIS 2.0 query schema (<c>query-schema.json</c>) gives the parameters it names: a named query's
/// <c>EQ_bizStep</c> is an array of strings, <c>eventCountLimit</c> an integer, <c>GT_quantity</c> a number. Values are
/// judged by the query parser, as in a URL's query, so that both interfaces take the same ones (the schema's patterns
/// would refuse CBV values in their URN form, which <c>GET /events</c> takes).
/// </summary>
/// <remarks>
/// Extension parameters (<c>EQ_ILMD_ex:lot</c>, <c>EQ_bizTransaction_po</c>) are left to the query parser: the schema's
/// patterns for them escape the colon twice, so as written they match no prefixed name. <c>EXISTS_</c> parameters are the
/// parser's too: null, 1, true and false (the schema's "nullable integer" is OpenAPI's, which draft-07 does not read).
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
            if (Names(property.Name) && !property.Name.StartsWith("EXISTS_", StringComparison.Ordinal))
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
        return results.IsValid ? [] : [.. SchemaProblems.From(results, instance).Where(p => p.Rule.EndsWith("/type", StringComparison.Ordinal))];
    }
}
