using Suyuan.Core.Epcis.Json;

namespace Suyuan.Hosting;

/// <summary>
/// What every request's URL and JSON body must be before any endpoint reads them: a URL the repository answers (past
/// <see cref="MaxUrlLength"/> a 414 with the binding's problem body, not the web server's bare one), and no NUL character
/// (<c>\u0000</c>, <c>%00</c>) in a query parameter or a JSON body, since PostgreSQL's text cannot hold one and both stores
/// must take the same values.
/// </summary>
internal static class RequestText
{
    /// <summary>The longest request target (path and query) answered; a longer one is a 414 with a problem body.</summary>
    internal const int MaxUrlLength = 64 * 1024;

    /// <summary>The largest JSON body of the platform's own endpoints that is read for a NUL before the endpoint runs.</summary>
    private const int MaxCheckedJsonBody = 1 << 20;

    public static IApplicationBuilder CheckRequestText(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var target = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxUrlLength)
        {
            await Problems.Create(StatusCodes.Status414UriTooLong, "URI too long",
                $"the request's URL is {target.Length:N0} characters; this repository takes up to {MaxUrlLength:N0} (about 1,000 identifiers in one query): split the query, or save it as a named query (POST /queries)",
                "/query").ExecuteAsync(http);
            return;
        }
        // A NUL (%00) in a query parameter: no stored text holds one (PostgreSQL's cannot), so it is no value to look for.
        if (target.Contains("%00", StringComparison.Ordinal)
            && http.Request.Query.FirstOrDefault(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true)) is { Key: not null } nul)
        {
            await Problems.BadRequest($"the query parameter '{nul.Key.Replace("\0", "\\0", StringComparison.Ordinal)}' holds a NUL character (%00), which no value can",
                "/query/" + Features.Events.ResourcePaging.Pointer(nul.Key.Replace("\0", "", StringComparison.Ordinal))).ExecuteAsync(http);
            return;
        }
        string? pointer;
        try
        {
            pointer = await NulInJsonBodyAsync(http);
        }
        catch (BadHttpRequestException e)
        {
            // The body did not arrive as announced (fewer bytes than its Content-Length, too slowly): said as a problem,
            // with the web server's status (408, 400), rather than its bare answer.
            await Problems.Create(e.StatusCode, "Bad request body", $"the request body could not be read: {e.Message}", "/body").ExecuteAsync(http);
            return;
        }
        if (pointer is not null)
        {
            await Problems.BadRequest(JsonTextCheck.Describe(pointer, "the body"), pointer).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>
    /// The pointer of a value or name with a NUL in a JSON body of the platform's own endpoints, up to 1 MB and not
    /// compressed (larger and compressed ones meet the store's own refusal, a 400); null when there is none, or when the
    /// body is no JSON (the endpoint says so). Capture bodies (<c>/capture</c>, <c>POST /events</c>) are checked as they are read.
    /// </summary>
    private static async Task<string?> NulInJsonBodyAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength is not (> 0 and <= MaxCheckedJsonBody) || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
            || request.Headers.ContentEncoding.Count > 0
            || request.Path.StartsWithSegments("/capture") || (request.Path.StartsWithSegments("/events") && HttpMethods.IsPost(request.Method)))
        {
            return null;
        }
        request.EnableBuffering();
        var body = new byte[(int)request.ContentLength.Value];
        var read = await request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, http.RequestAborted);
        request.Body.Position = 0;
        if (!JsonTextCheck.HasNul(body.AsSpan(0, read)))
        {
            return null;
        }
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body.AsMemory(0, read));
            return JsonTextCheck.FindInvalid(doc.RootElement) ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
