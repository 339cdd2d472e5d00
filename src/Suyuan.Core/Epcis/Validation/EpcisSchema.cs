using System.Text.Json;
using Json.Schema;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>The ratified EPCIS 2.0 JSON Schema, loaded once from the embedded standards data.</summary>
internal static class EpcisSchema
{
    private static readonly Lazy<JsonDocument> Text = new(() => JsonDocument.Parse(StandardsData.Open(StandardsData.EpcisJsonSchema)));

    // Its own registry keeps the schema offline and out of the process-wide global registry.
    private static readonly Lazy<JsonSchema> Compiled = new(() =>
        JsonSchema.Build(Text.Value.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    // Draft-07 leaves format as an annotation. date-time is asserted (the schema's only way to check timestamps); uri is
    // not, as in the reference results the corpus counts come from (10 of 15 invalid caught, 37 of 38 documents valid):
    // the URIs that matter (identifiers, CBV values, extension names) are checked by the semantic rules, the last two with
    // the document's @context. The query schema shares these rules.
    internal static readonly FormatRegistry FormatRules = CreateFormats();

    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
        FormatRegistry = FormatRules,
    };

    // A valid document needs only the verdict; the detailed tree is built for invalid ones.
    private static readonly EvaluationOptions VerdictOptions = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
        FormatRegistry = Options.FormatRegistry,
    };

    private static FormatRegistry CreateFormats()
    {
        var formats = new FormatRegistry();
        formats.Register(new TotalFormat(Formats.DateTime));
        formats.Register(new UnassertedFormat("uri"));
        return formats;
    }

    // The library's date-time check throws on year 0000 (DateTime.DaysInMonth); such a value is not a usable timestamp.
    private sealed class TotalFormat(Format inner) : Format(inner.Key)
    {
        public override bool Validate(JsonElement element, out string? errorMessage)
        {
            try
            {
                return inner.Validate(element, out errorMessage);
            }
            catch (ArgumentOutOfRangeException)
            {
                errorMessage = "not a representable date-time";
                return false;
            }
        }
    }

    private sealed class UnassertedFormat(string key) : Format(key)
    {
        public override bool Validate(JsonElement element, out string? errorMessage)
        {
            errorMessage = null;
            return true;
        }
    }

    /// <summary>The schema document itself, for reading keyword values (enums, required lists).</summary>
    public static JsonElement Root => Text.Value.RootElement;

    public static JsonSchema Schema => Compiled.Value;

    public static EvaluationResults Evaluate(JsonElement instance) => Schema.Evaluate(instance, Options);

    public static bool IsValid(JsonElement instance) => Schema.Evaluate(instance, VerdictOptions).IsValid;

    /// <summary>The string values of an <c>enum</c> in the schema, e.g. <c>/definitions/bizStep/anyOf/1/enum</c>.</summary>
    public static IReadOnlySet<string> EnumAt(string pointer)
    {
        var node = JsonPointerText.Resolve(Root, pointer) ?? throw new InvalidOperationException($"The EPCIS schema has no '{pointer}'.");
        return node.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
