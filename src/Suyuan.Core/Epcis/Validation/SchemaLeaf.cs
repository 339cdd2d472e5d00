using System.Text.Json;
using System.Text.RegularExpressions;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>
/// A value rule of the EPCIS schema without nested structure (type, enum, pattern, format, or anyOf of such), read from
/// the embedded schema so that enums and patterns are never re-typed; decides as JsonSchema.Net does.
/// </summary>
internal sealed class SchemaLeaf
{
    private readonly JsonValueKind? type;
    private readonly bool isNumber;
    private readonly bool isBoolean;
    private readonly HashSet<string>? values;
    private readonly Regex? pattern;
    private readonly bool isDateTime;
    private readonly SchemaLeaf[]? anyOf;
    // The keywords in the order the schema lists them, so that problems come out in the library's order.
    private readonly string[] keywords;

    private SchemaLeaf(string location, JsonElement node)
    {
        Location = location;
        var order = new List<string>();
        foreach (var keyword in node.EnumerateObject())
        {
            switch (keyword.Name)
            {
                case "type":
                    var name = keyword.Value.GetString();
                    isNumber = name == "number";
                    isBoolean = name == "boolean";
                    type = name switch
                    {
                        "string" => JsonValueKind.String,
                        "object" => JsonValueKind.Object,
                        "array" => JsonValueKind.Array,
                        "number" => JsonValueKind.Number,
                        "boolean" => JsonValueKind.True,
                        _ => throw new InvalidOperationException($"The EPCIS schema type '{name}' at '{location}' is not a leaf type."),
                    };
                    order.Add("type");
                    break;
                case "enum":
                    values = keyword.Value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
                    order.Add("enum");
                    break;
                case "pattern":
                    // JsonSchema.Net evaluates patterns with ECMAScript semantics (\d is ASCII; '$' also matches before a final newline).
                    pattern = new Regex(keyword.Value.GetString()!, RegexOptions.ECMAScript | RegexOptions.CultureInvariant | RegexOptions.Compiled);
                    order.Add("pattern");
                    break;
                case "format":
                    // date-time is asserted; uri is not (see EpcisSchema).
                    isDateTime = keyword.Value.GetString() == "date-time";
                    if (isDateTime)
                    {
                        order.Add("format");
                    }
                    break;
                case "anyOf":
                    anyOf = keyword.Value.EnumerateArray().Select((b, i) => At(EpcisSchema.Root, $"{location}/anyOf/{i}", b)).ToArray();
                    break;
                case "$ref" or "description" or "$comment":
                    break;
                default:
                    throw new InvalidOperationException($"The EPCIS schema keyword '{keyword.Name}' at '{location}' is not a leaf keyword.");
            }
        }
        keywords = [.. order];
    }

    /// <summary>The schema location the rule names (after following $ref), e.g. <c>/definitions/time</c>.</summary>
    public string Location { get; }

    /// <summary>The leaf at a schema pointer, following <c>$ref</c> as the library reports locations.</summary>
    public static SchemaLeaf At(string pointer) =>
        At(EpcisSchema.Root, pointer, JsonPointerText.Resolve(EpcisSchema.Root, pointer) ?? throw new InvalidOperationException($"The EPCIS schema has no '{pointer}'."));

    private static SchemaLeaf At(JsonElement root, string pointer, JsonElement node)
    {
        while (node.TryGetProperty("$ref", out var reference))
        {
            pointer = reference.GetString()!.TrimStart('#');
            node = JsonPointerText.Resolve(root, pointer) ?? throw new InvalidOperationException($"The EPCIS schema has no '{pointer}'.");
        }
        return new SchemaLeaf(pointer, node);
    }

    public bool Accepts(JsonElement value)
    {
        if (anyOf is not null)
        {
            foreach (var branch in anyOf)
            {
                if (branch.Accepts(value))
                {
                    return true;
                }
            }
            return false;
        }
        if (type is not null && !HasType(value))
        {
            return false;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return values is null;
        }
        if (values is null && pattern is null && !isDateTime)
        {
            return true;
        }
        var text = value.GetString()!;
        return (values is null || values.Contains(text)) && (pattern is null || pattern.IsMatch(text)) && (!isDateTime || DateTimeText.IsValid(text));
    }

    /// <summary>The problems of a value this leaf does not accept, at the checker's current location.</summary>
    public void Report(JsonElement value, StructureCheck check)
    {
        var location = Location;
        if (anyOf is not null)
        {
            // Every branch fails at the value itself: the schema path reports one problem naming the alternatives.
            check.Add(location + "/anyOf", $"{JsonPointerText.Show(value)} matches none of the allowed forms: {string.Join("; or ", anyOf.Select(b => b.Describe()))}");
            return;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        foreach (var keyword in keywords)
        {
            switch (keyword)
            {
                case "type" when !HasType(value):
                    check.Add(location + "/type", $"{JsonPointerText.Show(value)} must be a {TypeName}");
                    break;
                case "enum" when text is null || !values!.Contains(text):
                    check.Add(location + "/enum", $"{JsonPointerText.Show(value)} is not one of the allowed values ({Head(values!)})");
                    break;
                case "pattern" when text is not null && !pattern!.IsMatch(text):
                    check.Add(location + "/pattern", $"{JsonPointerText.Show(value)} does not match {pattern}");
                    break;
                case "format" when text is not null && !DateTimeText.IsValid(text):
                    check.Add(location + "/format", $"{JsonPointerText.Show(value)} is not a valid date-time");
                    break;
            }
        }
    }

    private bool HasType(JsonElement value) =>
        isBoolean ? value.ValueKind is JsonValueKind.True or JsonValueKind.False
        : isNumber ? value.ValueKind == JsonValueKind.Number
        : value.ValueKind == type;

    private string TypeName => isBoolean ? "boolean" : isNumber ? "number" : type!.Value.ToString().ToLowerInvariant();

    private string Describe() =>
        values is not null ? $"one of ({Head(values)})"
        : pattern is not null ? $"a {TypeName} matching {pattern}"
        : type is not null ? "a " + TypeName
        : "any value";

    private static string Head(IReadOnlyCollection<string> list) =>
        string.Join(", ", list.Take(8)) + (list.Count > 8 ? $", ... ({list.Count} values)" : "");
}
