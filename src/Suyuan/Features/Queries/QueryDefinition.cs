using System.Text.Json;
using Suyuan.Core.Epcis.Validation;
using Suyuan.Features.Events;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Queries;

/// <summary>
/// A named query's body (<c>{"name": …, "query": {…}}</c>): the query object holds EPCIS query parameters, an array for
/// several values, and may declare extension prefixes in its <c>@context</c>.
/// </summary>
internal sealed record QueryDefinition(string Name, JsonElement Query, IReadOnlyDictionary<string, string>? Namespaces)
{
    public const int MaxNameLength = 200;

    /// <summary>Reads and validates a body; a refusal is a problem naming the bad member (/name, /query/EQ_bizStep, …).</summary>
    public static QueryDefinition? TryRead(JsonElement body, IReadOnlyDictionary<string, string>? declared, out IResult? problem)
    {
        problem = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = Bad("the body must be a JSON object with name and query", "");
            return null;
        }
        if (!body.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            problem = Bad("name is required: a string", "/name");
            return null;
        }
        var name = nameElement.GetString()!;
        if (!IsValidName(name))
        {
            problem = Bad($"name must be 1 to {MaxNameLength} letters, digits, '-', '_', '.' or '~', and not '.' or '..' (which a URL path cannot hold)", "/name");
            return null;
        }
        if (!body.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.Object)
        {
            problem = Bad("query is required: a JSON object of EPCIS query parameters", "/query");
            return null;
        }
        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("name" or "query" or "@context")))
        {
            problem = Bad($"'{property.Name}' is not a member of a query definition (name, query)", "/" + ResourcePaging.Pointer(property.Name));
            return null;
        }
        var namespaces = new Dictionary<string, string>(declared ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (holder, at) in new[] { (body, "/@context"), (query, "/query/@context") })
        {
            if (holder.TryGetProperty("@context", out var context))
            {
                if (ContextProblem(context, at) is { } bad)
                {
                    problem = Bad(bad.Message, bad.Pointer);
                    return null;
                }
                ReadPrefixes(context, namespaces);
            }
        }
        if (query.TryGetProperty("nextPageToken", out _))
        {
            problem = ResourcePaging.Invalid("nextPageToken", "a page token belongs to a request, not to a named query");
            return null;
        }
        if (query.TryGetProperty("perPage", out var perPage) && ResourcePaging.CheckPerPage([Text(perPage)]) is { } badPerPage)
        {
            problem = badPerPage;
            return null;
        }
        // The parameters the query schema names have the types it gives them (EQ_bizStep an array, eventCountLimit an
        // integer); a bare string where an array is wanted is refused, not read as a one-value list.
        if (QuerySchema.Check(query) is [var first, ..] schemaProblems)
        {
            problem = Hosting.Problems.Create(StatusCodes.Status400BadRequest, "Invalid query parameter",
                $"{first.Pointer.TrimStart('/')}: {first.Message}", "/query" + first.Pointer,
                schemaProblems.Select(p => p with { Pointer = "/query" + p.Pointer }));
            return null;
        }
        var definition = new QueryDefinition(name, query.Clone(), namespaces.Count > 0 ? namespaces : null);
        if (!definition.TryParameters(out var parameters, out problem))
        {
            return null;
        }
        var parsed = EpcisQuery.Parse(parameters, definition.Namespaces, listed: true);
        if (!parsed.IsValid)
        {
            problem = EventsApi.InvalidQuery(parsed.Problems);
            return null;
        }
        return definition;
    }

    /// <summary>The query object as parameters (name, value); @context is not one.</summary>
    public bool TryParameters(out List<KeyValuePair<string, string>> parameters, out IResult? problem)
    {
        parameters = [];
        problem = null;
        foreach (var property in Query.EnumerateObject())
        {
            if (property.Name == "@context")
            {
                continue;
            }
            // The query schema types EXISTS_ parameters as a nullable integer (EPCIS 1.2's Void): null says "exists" (true).
            if (property.Value.ValueKind == JsonValueKind.Null && property.Name.StartsWith("EXISTS_", StringComparison.Ordinal))
            {
                parameters.Add(new(property.Name, "true"));
                continue;
            }
            var values = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToList() : [property.Value];
            if (values.Count == 0 || values.Any(v => v.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
            {
                problem = ResourcePaging.Invalid(property.Name, "a value is a string, a number, a boolean or an array of them (not empty)");
                return false;
            }
            parameters.AddRange(values.Select(v => new KeyValuePair<string, string>(property.Name, Text(v))));
        }
        return true;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name is not ("." or "..") && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '~');

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>
    /// What is wrong with a definition's @context, if anything: it is a context's URL, an object of prefix → namespace IRI,
    /// or an array of those (JSON-LD), and a namespace is an absolute IRI (<c>{"ex": "notauri"}</c> declares nothing a
    /// query could use).
    /// </summary>
    private static (string Message, string Pointer)? ContextProblem(JsonElement context, string at)
    {
        var items = context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().Select((c, i) => (c, $"{at}/{i}")).ToList() : [(context, at)];
        foreach (var (item, pointer) in items)
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String when Uri.TryCreate(item.GetString(), UriKind.Absolute, out _):
                    break;
                case JsonValueKind.Object:
                    foreach (var p in item.EnumerateObject().Where(p => !p.Name.StartsWith('@')))
                    {
                        if (p.Value.ValueKind != JsonValueKind.String || !Core.Epcis.EpcisContext.IsAbsoluteIri(p.Value.GetString()!))
                        {
                            return ($"@context: '{p.Name}' must map to a namespace IRI (e.g. \"https://example.com/ns/\")", pointer + "/" + ResourcePaging.Pointer(p.Name));
                        }
                    }
                    break;
                default:
                    return ("@context is a context's URL, an object of prefixes, or an array of them", pointer);
            }
        }
        return null;
    }

    /// <summary>Prefix declarations of a JSON-LD @context (objects, alone or in an array); the GS1 context's URL adds none.</summary>
    private static void ReadPrefixes(JsonElement context, Dictionary<string, string> namespaces)
    {
        foreach (var item in context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context])
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var p in item.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                namespaces[p.Name] = p.Value.GetString()!;
            }
        }
    }

    private static IResult Bad(string detail, string pointer) => Hosting.Problems.BadRequest(detail, pointer);
}
