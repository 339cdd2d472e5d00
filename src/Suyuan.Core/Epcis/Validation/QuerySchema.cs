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
/// Extension parameters (<c>EQ_ILMD_ex:lot</c>) are left to the query parser: the schema's patterns for them escape the
/// colon twice, so as written they match no prefixed name. The families whose patterns are sound (<c>EQ_bizTransaction_po</c>,
/// <c>EQ_source_…</c>, <c>EQ_destination_…</c>) have their items' types checked, as the named array parameters do. <c>EXISTS_</c> parameters are the
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

    /// <summary>
    /// The JSON types an array parameter's items may have, from the schema's <c>items</c> through its references and
    /// <c>anyOf</c>: the schema library reports an item of the wrong type inside an <c>anyOf</c> only as the
    /// <c>anyOf</c>'s failure, which says nothing of the type.
    /// </summary>
    private static readonly Lazy<Dictionary<string, string[]>> ItemTypes = new(() =>
    {
        var root = Text.Value.RootElement;
        var query = root.GetProperty("definitions").GetProperty("EPCIS-Query");
        var types = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var p in query.GetProperty("properties").EnumerateObject())
        {
            if (p.Value.TryGetProperty("items", out var items))
            {
                types[p.Name] = [.. TypesOf(root, items).Distinct()];
            }
        }
        // The families named by a pattern whose pattern is sound (the extension ones are not: see the remarks).
        foreach (var p in query.GetProperty("patternProperties").EnumerateObject())
        {
            if (!p.Name.Contains('\\') && p.Value.TryGetProperty("items", out var items))
            {
                types[p.Name] = [.. TypesOf(root, items).Distinct()];
            }
        }
        return types;
    });

    private static IEnumerable<string> TypesOf(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } r && r.StartsWith("#/definitions/", StringComparison.Ordinal))
        {
            return TypesOf(root, root.GetProperty("definitions").GetProperty(Uri.UnescapeDataString(r["#/definitions/".Length..])));
        }
        if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            return [type.GetString()!];
        }
        return new[] { "anyOf", "oneOf" }.Where(k => schema.TryGetProperty(k, out _))
            .SelectMany(k => schema.GetProperty(k).EnumerateArray().SelectMany(s => TypesOf(root, s)));
    }

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
        var problems = new List<ValidationProblem>();
        foreach (var property in query.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array && ItemTypesOf(property.Name) is { } allowed)
            {
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    var kind = KindOf(item);
                    if (!allowed.Contains(kind) && !(kind == "integer" && allowed.Contains("number")))
                    {
                        problems.Add(new ValidationProblem(Json.JsonRead.Child(Json.JsonRead.Child("", property.Name), i), $"/definitions/EPCIS-Query/properties/{property.Name}/items/type",
                            $"Value is \"{(kind == "integer" ? "number" : kind)}\" but should be \"{string.Join("\" or \"", allowed)}\""));
                    }
                    i++;
                }
            }
            if (Names(property.Name) && !property.Name.StartsWith("EXISTS_", StringComparison.Ordinal))
            {
                named[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
        if (named.Count > 0)
        {
            var instance = JsonSerializer.SerializeToElement(named);
            var results = Compiled.Value.Evaluate(instance, Options);
            if (!results.IsValid)
            {
                var found = problems.Select(p => p.Pointer).ToHashSet(StringComparer.Ordinal);
                problems.AddRange(SchemaProblems.From(results, instance).Where(p => p.Rule.EndsWith("/type", StringComparison.Ordinal) && !found.Contains(p.Pointer)));
            }
        }
        return problems;
    }

    /// <summary>The item types of a named array parameter or of one of the sound pattern families (<c>EQ_bizTransaction_po</c>).</summary>
    private static string[]? ItemTypesOf(string parameter)
    {
        if (ItemTypes.Value.TryGetValue(parameter, out var types))
        {
            return types;
        }
        foreach (var (pattern, patternTypes) in ItemTypes.Value)
        {
            if (pattern.StartsWith('^') && System.Text.RegularExpressions.Regex.IsMatch(parameter, pattern))
            {
                return patternTypes;
            }
        }
        return null;
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
