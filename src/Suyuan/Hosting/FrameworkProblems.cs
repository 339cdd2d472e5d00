using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace Suyuan.Hosting;

/// <summary>
/// Gives every problem the platform answers with its final shape. On the EPCIS 2.0 REST binding's resources the problem
/// type is the binding's exception (<see cref="EpcisExceptions"/>). And routing answers some requests itself (no such path, a method the path does not take, a body type the endpoint does not
/// read) with a bare problem: title and status only. These get what the platform's own problems have, a detail that says
/// what to change and a pointer to the part of the request at fault.
/// </summary>
internal static partial class FrameworkProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        if (EpcisExceptions.TypeFor(http.Request, problem.Status) is { } epcisType)
        {
            problem.Type = epcisType;
        }
        if (problem.Detail is not null || problem.Extensions.ContainsKey("pointer"))
        {
            return;
        }
        var (detail, pointer) = context.Exception switch
        {
            // A body type the endpoint does not read is described as routing's own 415 is (below).
            BadHttpRequestException bad when problem.Status is >= 400 and < 500 and not StatusCodes.Status415UnsupportedMediaType => FromBinding(http, bad),
            Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } =>
                ("a value holds a character that cannot be stored (the NUL character, \\u0000); nothing was written", ""),
            _ => Default(http, problem.Status),
        };
        if (detail is null)
        {
            return;
        }
        problem.Detail = detail;
        problem.Extensions["pointer"] = pointer;
    }

    private static (string? Detail, string? Pointer) Default(HttpContext http, int? status)
    {
        var request = http.Request;
        return status switch
        {
            StatusCodes.Status404NotFound => ($"nothing at {request.Path}; the API reference is at /scalar", "/path"),
            StatusCodes.Status405MethodNotAllowed => (MethodNotAllowed(http), "/method"),
            StatusCodes.Status415UnsupportedMediaType => (UnsupportedMediaType(http), "/headers/Content-Type"),
            StatusCodes.Status500InternalServerError => ($"the server failed on this request; its log names it by trace id {http.TraceIdentifier}", ""),
            // An endpoint's parameter binding answers a body it could not read with a bare 400 (the reader's I/O error is
            // taken for a client gone): said here, naming the encoding or the body, whichever was the fault.
            StatusCodes.Status400BadRequest when EncodedBodies.Refusal(http) is { } refusal => (refusal.Detail, refusal.Pointer),
            _ => ((string?)null, (string?)null),
        };
    }

    /// <summary>
    /// A request the endpoint's parameters could not be bound from: the framework's message names the parameter; a JSON
    /// body that does not fit names the field by its path.
    /// </summary>
    private static (string Detail, string Pointer) FromBinding(HttpContext http, BadHttpRequestException bad)
    {
        if (bad is EncodedBodies.UndecodableBodyException)
        {
            return (bad.Message, "/headers/Content-Encoding");
        }
        if (bad.InnerException is JsonException { Path: { } path } json)
        {
            var at = PointerOf(path);
            // A value of the wrong type is said in the request's terms, not the server's (.NET type names).
            return ConvertedTo().Match(json.Message) is { Success: true } wrong
                ? at.Length == 0 ? ("the body must be a JSON object (the API reference at /scalar gives its fields)", "")
                    : Expected(wrong.Groups[1].Value) is { } expected ? ($"'{at[1..]}' must be {expected}", at)
                    : ($"'{at[1..]}' has a value of the wrong type (the API reference at /scalar gives each field's)", at)
                : ($"the body is not the JSON this endpoint reads: {JsonReason().Replace(json.Message, "")}", at);
        }
        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || bad.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return ("a JSON body is required", "");
        }
        if (BoundParameter().Match(bad.Message) is { Success: true } match)
        {
            var name = match.Groups[1].Value;
            var request = http.Request;
            var pointer = request.Query.ContainsKey(name) ? "/query/" + name
                // The exception handler clears the route values before the problem is written; its feature keeps them.
                : (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.RouteValues ?? request.RouteValues).ContainsKey(name) ? "/path/" + name
                : request.Headers.ContainsKey(name) ? "/headers/" + name
                : bad.Message.Contains("body", StringComparison.Ordinal) ? ""
                : "/query/" + name;
            var typed = TypedParameter().Match(bad.Message);
            var detail = bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) ? $"'{name}' is required"
                : typed.Success && Expected(typed.Groups[1].Value) is { } expected ? $"'{name}' must be {expected}"
                : bad.Message;
            return (detail, pointer);
        }
        return (bad.Message, "");
    }

    /// <summary>What a value of a .NET type is, in a client's words; null for a type of the platform's own (System.Text.Json names the
    /// record that holds a mistyped member, not the member's type).</summary>
    private static string? Expected(string type)
    {
        var t = type.Replace("System.", "", StringComparison.Ordinal).Replace("Nullable<", "", StringComparison.Ordinal).Replace("Nullable`1[", "", StringComparison.Ordinal).TrimEnd('>', ']', '?');
        return t switch
        {
            "String" or "string" => "a string",
            "Int16" or "Int32" or "int" or "short" => "a whole number no larger than 2147483647",
            "Int64" or "long" => "a whole number",
            "Double" or "Single" or "Decimal" or "double" or "float" or "decimal" => "a number",
            "Boolean" or "bool" => "true or false",
            "DateTime" or "DateTimeOffset" => "an RFC 3339 date-time",
            _ when t.EndsWith("[]", StringComparison.Ordinal) || t.StartsWith("Collections.Generic.", StringComparison.Ordinal) => "a list",
            _ => null,
        };
    }

    [GeneratedRegex("""could not be converted to ([^ .][^ ]*?)\. """)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(""" ?(Path: \$[^|]*\| )?LineNumber: \d+ \| BytePositionInLine: \d+\.""")]
    private static partial Regex JsonReason();

    [GeneratedRegex("""parameter "([^"]+) [^" ]+" from""")]
    private static partial Regex TypedParameter();

    /// <summary>"$.a.b[2]" (System.Text.Json's path) → "/a/b/2".</summary>
    private static string PointerOf(string path)
    {
        var pointer = new System.Text.StringBuilder();
        foreach (Match part in JsonPathPart().Matches(path))
        {
            var name = part.Groups["name"].Success ? part.Groups["name"].Value
                : part.Groups["quoted"].Success ? part.Groups["quoted"].Value
                : part.Groups["index"].Value;
            pointer.Append('/').Append(Features.Events.ResourcePaging.Pointer(name));
        }
        return pointer.ToString();
    }

    [GeneratedRegex("""parameter "(?:[^"]* )?([^" ]+)" """, RegexOptions.None)]
    private static partial Regex BoundParameter();

    [GeneratedRegex("""\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]""")]
    private static partial Regex JsonPathPart();

    private static string MethodNotAllowed(HttpContext http)
    {
        var allowed = http.Response.Headers.Allow.ToString();
        return allowed.Length > 0
            ? $"{http.Request.Method} is not allowed on {http.Request.Path}; it allows {allowed}"
            : $"{http.Request.Method} is not allowed on {http.Request.Path}";
    }

    private static string UnsupportedMediaType(HttpContext http)
    {
        var sent = http.Request.ContentType is { Length: > 0 } type ? $"'{type}'" : "no Content-Type";
        var accepted = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes;
        return accepted is { Count: > 0 }
            ? $"the body was sent as {sent}; this endpoint reads {string.Join(" or ", accepted)}"
            : http.Request.Path.StartsWithSegments("/api")
                ? $"the body was sent as {sent}, which this endpoint does not read; send application/json"
                : $"the body was sent as {sent}, which this endpoint does not read; EPCIS documents and events are sent as application/json or application/ld+json";
    }
}
