using Microsoft.AspNetCore.Http.Metadata;

namespace Suyuan.Hosting;

/// <summary>
/// Gives every problem the platform answers with its final shape. On the EPCIS 2.0 REST binding's resources the problem
/// type is the binding's exception (<see cref="EpcisExceptions"/>). And routing answers some requests itself (no such path, a method the path does not take, a body type the endpoint does not
/// read) with a bare problem: title and status only. These get what the platform's own problems have, a detail that says
/// what to change and a pointer to the part of the request at fault.
/// </summary>
internal static class FrameworkProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var request = http.Request;
        if (EpcisExceptions.TypeFor(request, problem.Status) is { } epcisType)
        {
            problem.Type = epcisType;
        }
        if (problem.Detail is not null || problem.Extensions.ContainsKey("pointer"))
        {
            return;
        }
        var (detail, pointer) = problem.Status switch
        {
            StatusCodes.Status404NotFound => ($"nothing at {request.Path}; the API reference is at /scalar", "/path"),
            StatusCodes.Status405MethodNotAllowed => (MethodNotAllowed(http), "/method"),
            StatusCodes.Status415UnsupportedMediaType => (UnsupportedMediaType(http), "/headers/Content-Type"),
            StatusCodes.Status500InternalServerError => ($"the server failed on this request; its log names it by trace id {http.TraceIdentifier}", ""),
            _ => ((string?)null, (string?)null),
        };
        if (detail is null)
        {
            return;
        }
        problem.Detail = detail;
        problem.Extensions["pointer"] = pointer;
    }

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
            : $"the body was sent as {sent}, which this endpoint does not read; EPCIS documents and events are sent as application/json or application/ld+json";
    }
}
