namespace Suyuan.Hosting;

/// <summary>
/// The problem types the EPCIS 2.0 REST binding (its OpenAPI document) names for each status: a client tells a query
/// parameter it got wrong from a document that failed validation by <c>type</c>, as it did by exception name in EPCIS 1.2.
/// Problems on the platform's other resources keep their RFC 9110 status types.
/// </summary>
internal static class EpcisExceptions
{
    public const string Prefix = "epcisException:";

    /// <summary>
    /// A 406 for a request header the repository cannot honour (Accept, a version range, an EPC format), typed here: the
    /// problem-details service declines to write for a client that does not accept JSON, so its type would not be set.
    /// </summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotAcceptable(string detail, string header)
    {
        var refused = Problems.Create(StatusCodes.Status406NotAcceptable, "Not acceptable", detail, "/headers/" + header);
        refused.ProblemDetails.Type = Prefix + "NotAcceptableException";
        return refused;
    }

    /// <summary>The first segment of every EPCIS resource path; the root itself is one too.</summary>
    private static readonly HashSet<string> Resources = new(StringComparer.Ordinal)
    {
        "capture", "events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints", "dispositions", "queries",
    };

    /// <summary>The binding's exception type for a problem of this status on this request; null off the EPCIS resources or for a status it does not name.</summary>
    public static string? TypeFor(HttpRequest request, int? status)
    {
        if (status is null || !IsEpcisResource(request.Path))
        {
            return null;
        }
        var capture = HttpMethods.IsPost(request.Method) && (request.Path.StartsWithSegments("/capture") || request.Path.StartsWithSegments("/events"));
        var name = status switch
        {
            StatusCodes.Status400BadRequest when capture => "ValidationException",
            StatusCodes.Status400BadRequest when HttpMethods.IsPost(request.Method) => "QueryValidationException",
            StatusCodes.Status400BadRequest => "QueryParameterException",
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => "SecurityException",
            StatusCodes.Status404NotFound => "NoSuchNameException",
            StatusCodes.Status406NotAcceptable => "NotAcceptableException",
            StatusCodes.Status409Conflict => "ResourceAlreadyExistsException",
            StatusCodes.Status413PayloadTooLarge when capture => "CaptureLimitExceededException",
            StatusCodes.Status413PayloadTooLarge => "QueryTooLargeException",
            StatusCodes.Status414UriTooLong => "URITooLongException",
            StatusCodes.Status415UnsupportedMediaType => "UnsupportedMediaTypeException",
            StatusCodes.Status500InternalServerError or StatusCodes.Status501NotImplemented or StatusCodes.Status503ServiceUnavailable => "ImplementationException",
            _ => null,
        };
        return name is null ? null : Prefix + name;
    }

    private static bool IsEpcisResource(PathString path)
    {
        var value = path.Value ?? "";
        if (value is "" or "/")
        {
            return true;
        }
        var end = value.IndexOf('/', 1);
        return Resources.Contains(end < 0 ? value[1..] : value[1..end]);
    }
}
