using System.Text.Json;
using Json.Schema;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>
/// Turns JSON Schema output into a few readable problems: descends only into failing subschemas, skips
/// <c>if</c>/<c>not</c> probes, and for an <c>anyOf</c>/<c>oneOf</c> reports the branch that got furthest into the instance.
/// </summary>
internal static class SchemaProblems
{
    public static IReadOnlyList<ValidationProblem> From(EvaluationResults results, JsonElement instance)
    {
        var problems = new List<ValidationProblem>();
        Collect(results, instance, problems);
        // One problem per location: the first is the most direct (an enum before the anyOf that repeats it).
        return problems.DistinctBy(p => p.Pointer).ToList();
    }

    private static void Collect(EvaluationResults node, JsonElement instance, List<ValidationProblem> problems)
    {
        if (node.IsValid)
        {
            return;
        }
        if (node.Errors is { } errors)
        {
            foreach (var (keyword, message) in errors)
            {
                problems.Add(Describe(node, keyword, message, instance));
            }
        }
        if (node.Details is not { Count: > 0 } details)
        {
            return;
        }
        var branchGroups = new Dictionary<string, List<EvaluationResults>>(StringComparer.Ordinal);
        foreach (var child in details)
        {
            var path = child.EvaluationPath.ToString();
            var last = LastSegment(path);
            var parent = path[..Math.Max(0, path.LastIndexOf('/'))];
            var parentKeyword = LastSegment(parent);
            if (last is "if" or "not")
            {
                continue;
            }
            if (parentKeyword is "anyOf" or "oneOf" && int.TryParse(last, out _))
            {
                if (!branchGroups.TryGetValue(parent, out var group))
                {
                    branchGroups[parent] = group = [];
                }
                group.Add(child);
                continue;
            }
            Collect(child, instance, problems);
        }
        foreach (var (path, branches) in branchGroups)
        {
            if (branches.Any(b => b.IsValid))
            {
                continue; // a passing anyOf branch; a oneOf with several passing branches has its own error above
            }
            CollectBestBranch(node, path, branches, instance, problems);
        }
    }

    private static void CollectBestBranch(EvaluationResults node, string path, List<EvaluationResults> branches, JsonElement instance, List<ValidationProblem> problems)
    {
        var candidates = branches.Select(b =>
        {
            var found = new List<ValidationProblem>();
            Collect(b, instance, found);
            return (Problems: found, Depth: found.Count == 0 ? 0 : found.Max(Reach));
        }).Where(c => c.Problems.Count > 0).ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var deepest = candidates.Max(c => c.Depth);
        var best = candidates.Where(c => c.Depth == deepest).ToList();
        if (best.Count == 1)
        {
            problems.AddRange(best[0].Problems);
            return;
        }
        // Several alternatives fail equally deep: one problem naming what would have been accepted.
        var pointer = node.InstanceLocation.ToString();
        var rule = Fragment(node.SchemaLocation) + path[path.LastIndexOf("/anyOf", StringComparison.Ordinal) is var i and >= 0 ? i.. : path.LastIndexOf("/oneOf", StringComparison.Ordinal)..];
        var alternatives = string.Join("; or ", best.Select(c => string.Join(" and ", c.Problems.Select(p => Nested(p.Message)).Distinct())));
        var isName = rule.Contains("/propertyNames", StringComparison.Ordinal) || best.All(c => c.Problems.All(p => p.Rule.Contains("/propertyNames", StringComparison.Ordinal)));
        var pointers = best.SelectMany(c => c.Problems).Select(p => p.Pointer).Distinct().ToList();
        var subject = pointers.Count == 1 ? pointers[0] : pointer;
        var message = isName
            ? $"'{JsonPointerText.LastSegment(subject)}' is not a field here; an extension field must be namespaced (prefix:name or an absolute URI)"
            : JsonPointerText.Resolve(instance, subject) is { ValueKind: JsonValueKind.Object }
                ? NeedsOneOf + alternatives
                : $"{JsonPointerText.Show(JsonPointerText.Resolve(instance, subject))} matches none of the allowed forms: {alternatives}";
        problems.Add(new ValidationProblem(subject, rule, message));
    }

    private static string Nested(string message) =>
        message.StartsWith(NeedsOneOf, StringComparison.Ordinal) ? "(" + message[NeedsOneOf.Length..] + ")" : message;

    private const string NeedsOneOf = "needs one of: ";

    // How far into the instance a branch got; a missing property is a problem of its parent, not a step further.
    private static int Reach(ValidationProblem p) =>
        JsonPointerText.Depth(p.Pointer) - (p.Rule.EndsWith("/required", StringComparison.Ordinal) ? 1 : 0);

    private static ValidationProblem Describe(EvaluationResults node, string keyword, string libraryMessage, JsonElement instance)
    {
        var pointer = node.InstanceLocation.ToString();
        var schemaPointer = Fragment(node.SchemaLocation);
        var rule = keyword.Length == 0 ? schemaPointer.TrimEnd('/') : schemaPointer + "/" + keyword;
        var keywordValue = JsonPointerText.Resolve(EpcisSchema.Root, schemaPointer) is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var kv) ? kv : (JsonElement?)null;
        var value = JsonPointerText.Resolve(instance, pointer);
        var inName = schemaPointer.Contains("/propertyNames", StringComparison.Ordinal);
        var shown = inName ? $"field name '{JsonPointerText.LastSegment(pointer)}'" : JsonPointerText.Show(value);
        switch (keyword)
        {
            case "required" when keywordValue is { ValueKind: JsonValueKind.Array } names && value is { ValueKind: JsonValueKind.Object } obj:
                var missing = names.EnumerateArray().Select(n => n.GetString()!).Where(n => !obj.TryGetProperty(n, out _)).ToList();
                // Only the first missing name becomes the problem's location; the message names them all.
                return new ValidationProblem(JsonPointerText.Child(pointer, missing.FirstOrDefault() ?? ""), rule,
                    missing.Count == 1 ? $"'{missing[0]}' is required" : $"{string.Join(", ", missing.Select(m => $"'{m}'"))} are required");
            case "enum" when keywordValue is { ValueKind: JsonValueKind.Array } allowed:
                var list = allowed.EnumerateArray().Select(a => a.ToString()).ToList();
                var head = string.Join(", ", list.Take(8)) + (list.Count > 8 ? $", ... ({list.Count} values)" : "");
                return new ValidationProblem(pointer, rule, $"{shown} is not one of the allowed values ({head})");
            case "type" when keywordValue is { } type:
                return new ValidationProblem(pointer, rule, $"{shown} must be {(type.ValueKind == JsonValueKind.String ? "a " + type.GetString() : "of type " + type.GetRawText())}");
            case "format" when keywordValue is { } format:
                return new ValidationProblem(pointer, rule, $"{shown} is not a valid {format.GetString()}");
            case "pattern" when keywordValue is { } pattern:
                return new ValidationProblem(pointer, rule, $"{shown} does not match {pattern.GetString()}");
            case "additionalProperties" or "":
                return new ValidationProblem(pointer, rule, $"'{JsonPointerText.LastSegment(pointer)}' is not allowed here");
            case "minItems" when keywordValue is { } min:
                return new ValidationProblem(pointer, rule, $"must have at least {min.GetRawText()} item(s)");
            case "uniqueItems":
                return new ValidationProblem(pointer, rule, "items must be unique");
            case "not":
                return new ValidationProblem(pointer, rule, $"'{JsonPointerText.LastSegment(pointer)}' is not allowed here");
            default:
                return new ValidationProblem(pointer, rule, libraryMessage);
        }
    }

    private static string Fragment(Uri schemaLocation)
    {
        var fragment = Uri.UnescapeDataString(schemaLocation.Fragment.TrimStart('#'));
        // The library names the subschema applied to a property name or an extra property after that property; the rule is the keyword.
        foreach (var keyword in (ReadOnlySpan<string>)["/propertyNames", "/additionalProperties"])
        {
            var at = fragment.IndexOf(keyword + "/", StringComparison.Ordinal);
            if (at >= 0)
            {
                var rest = fragment[(at + keyword.Length + 1)..];
                var slash = rest.IndexOf('/');
                return fragment[..(at + keyword.Length)] + (slash >= 0 ? rest[slash..] : "");
            }
        }
        return fragment;
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];
}
