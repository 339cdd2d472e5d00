using System.Text.Json;
using Suyuan.Core.Epcis.Validation;

namespace Suyuan.Core.Epcis;

/// <summary>One problem found in a document: where (JSON pointer), which rule, and what is wrong.</summary>
public sealed record ValidationProblem(string Pointer, string Rule, string Message, bool IsWarning = false);

/// <summary>Validates EPCIS 2.0 JSON: the ratified JSON Schema plus the semantic rules it cannot express.</summary>
public static class EpcisValidator
{
    /// <summary>
    /// Validates an EPCISDocument, an EPCISQueryDocument or a single event; empty when valid. The structure is checked by a
    /// hand-written equivalent of the schema (same verdicts, pointers and rules), then the semantic rules run.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> Validate(JsonElement document) => Combine(ValidateStructure(document), document);

    /// <summary>The ratified JSON Schema's verdict decided by hand: what <see cref="ValidateWithSchema"/> reports, at capture speed.</summary>
    public static IReadOnlyList<ValidationProblem> ValidateStructure(JsonElement document) => StructureCheck.Check(document);

    /// <summary>The ratified JSON Schema alone, evaluated by JsonSchema.Net (formats asserted); slow, the reference.</summary>
    public static IReadOnlyList<ValidationProblem> ValidateWithSchema(JsonElement document)
    {
        if (EpcisSchema.IsValid(document))
        {
            return [];
        }
        var results = EpcisSchema.Evaluate(document);
        return results.IsValid ? [] : SchemaProblems.From(results, document);
    }

    /// <summary>
    /// One event of a document that is read as a stream, with the document's context; problem pointers start with
    /// <paramref name="pointer"/> (the event's place in the document). The event needs no @context of its own.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> ValidateEvent(JsonElement evt, EpcisContext context, string pointer)
    {
        var schema = StructureCheck.Check(evt, contextOptional: true);
        var semantic = new List<ValidationProblem>();
        SemanticRules.CheckEvent(evt, pointer, context, semantic);
        if (schema.Count == 0)
        {
            return semantic;
        }
        var flagged = semantic.Where(p => !p.IsWarning).Select(p => p.Pointer).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. schema.Where(p => !p.Pointer.StartsWith("/@context", StringComparison.Ordinal))
                .Select(p => p with { Pointer = pointer + p.Pointer })
                .Where(p => !flagged.Contains(p.Pointer)),
            .. semantic,
        ];
    }

    /// <summary>Schema problems plus the semantic rules; where both flag the same field, the semantic (more specific) one is kept.</summary>
    private static IReadOnlyList<ValidationProblem> Combine(IReadOnlyList<ValidationProblem> schemaProblems, JsonElement document)
    {
        var semantic = new List<ValidationProblem>();
        SemanticRules.Check(document, semantic);
        if (semantic.Count == 0)
        {
            return schemaProblems;
        }
        var flagged = semantic.Where(p => !p.IsWarning).Select(p => p.Pointer).ToHashSet(StringComparer.Ordinal);
        return [.. schemaProblems.Where(p => !flagged.Contains(p.Pointer)), .. semantic];
    }
}
