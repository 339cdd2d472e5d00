using System.Text.Json;

namespace Suyuan.Core.Epcis;

/// <summary>One problem found in a document: where (JSON pointer), which rule, and what is wrong.</summary>
public sealed record ValidationProblem(string Pointer, string Rule, string Message, bool IsWarning = false);

/// <summary>Validates EPCIS 2.0 JSON: the ratified JSON Schema plus the semantic rules it cannot express.</summary>
public static class EpcisValidator
{
    /// <summary>Validates an EPCISDocument, an EPCISQueryDocument or a single event; empty when valid.</summary>
    public static IReadOnlyList<ValidationProblem> Validate(JsonElement document) => throw new NotImplementedException();
}
