using Microsoft.Net.Http.Headers;

namespace Suyuan.Hosting;

/// <summary>
/// The response headers every EPCIS 2.0 REST endpoint carries, and its content negotiation: the endpoints answer in JSON
/// (JSON-LD), so a request whose <c>Accept</c> header admits neither gets 406 Not Acceptable rather than JSON it did not ask for.
/// </summary>
internal static class EpcisHeaders
{
    /// <summary>The media types the EPCIS endpoints answer with; a client's <c>Accept</c> must admit one of them.</summary>
    private static readonly string[] Produced = ["application/json", "application/ld+json"];

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        Write(http);
        NegotiateJsonLd(http);
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            // Discovery says how identifiers come back unless asked otherwise: as captured.
            http.Response.Headers[Features.Events.EpcFormat.Header] = Features.Events.EpcFormat.NeverTranslates;
        }
        else if (!AcceptsJson(http.Request.Headers.Accept))
        {
            return EpcisExceptions.NotAcceptable(
                $"this endpoint answers in {string.Join(" or ", Produced)} (JSON-LD); the Accept header admits neither: {http.Request.Headers.Accept}", "Accept");
        }
        if (Features.Events.EpcFormat.Check(http.Request, out _) is { } badFormat)
        {
            return badFormat;
        }
        if (CheckVersions(http.Request) is { } badVersion)
        {
            return badVersion;
        }
        // The request decompression middleware takes away the Content-Encoding it decodes: one still here is one it cannot.
        if (http.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"the body is sent with Content-Encoding '{encoding}'; send it uncompressed or as gzip, deflate or br", "/headers/Content-Encoding");
        }
        return await next(context);
    }

    /// <summary>
    /// A JSON answer (a collection, a capture job, an event) goes out as <c>application/ld+json</c> when the client names
    /// that type and prefers it to <c>application/json</c>: the body is the same JSON-LD either way. Without such a
    /// preference it stays <c>application/json</c>, as the binding's examples give these; problem bodies keep their own type.
    /// </summary>
    internal static void NegotiateJsonLd(HttpContext http)
    {
        http.Response.Headers.Append("Vary", "Accept");
        if (JsonType(http.Request.Headers.Accept, "application/json") != "application/ld+json")
        {
            return;
        }
        http.Response.OnStarting(() =>
        {
            if (http.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            {
                http.Response.ContentType = "application/ld+json; charset=utf-8";
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The version headers a client may send, each with the standard it names.</summary>
    private static readonly (string Header, string Standard, bool Min, bool Max)[] VersionHeaders =
    [
        ("GS1-EPCIS-Version", "EPCIS", true, true), ("GS1-EPCIS-Min", "EPCIS", true, false), ("GS1-EPCIS-Max", "EPCIS", false, true),
        ("GS1-CBV-Version", "CBV", true, true), ("GS1-CBV-Min", "CBV", true, false), ("GS1-CBV-Max", "CBV", false, true),
    ];

    /// <summary>
    /// The client's version headers against the one version this repository speaks (EPCIS and CBV 2.0; any 2.0.x patch is
    /// the same interface): a range or version that excludes 2.0 is 406, a value that is not a version 400.
    /// </summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? CheckVersions(HttpRequest request)
    {
        foreach (var (header, standard, asMin, asMax) in VersionHeaders)
        {
            var value = request.Headers[header].ToString().Trim();
            if (value.Length == 0)
            {
                continue;
            }
            if (!TryMajorMinor(value, out var version))
            {
                return Problems.BadRequest($"{header} is a version such as 2.0.0; got '{value}'", "/headers/" + header);
            }
            var supported = new Version(2, 0);
            // As a minimum the client's version must not be above 2.0, as a maximum not below it; as the version, both.
            if ((asMin && version > supported) || (asMax && version < supported))
            {
                return EpcisExceptions.NotAcceptable($"this repository speaks {standard} 2.0 (2.0.0); {header}: {value} excludes it", header);
            }
        }
        return null;
    }

    private static bool TryMajorMinor(string value, out Version version)
    {
        version = new Version(0, 0);
        var parts = value.Split('.');
        if (parts.Length is < 1 or > 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit) && p.Length <= 6))
        {
            return false;
        }
        version = new Version(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
        return true;
    }

    private static readonly string Extensions = $"{Core.Domain.SuyuanVocabulary.Prefix}={Core.Domain.SuyuanVocabulary.Namespace}";

    private static readonly string VendorVersion = "suyuan/" + (typeof(EpcisHeaders).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>The GS1 response headers: versions and capture limits.</summary>
    public static void Write(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<ServeOptions>();
        var headers = http.Response.Headers;
        headers["GS1-EPCIS-Version"] = "2.0.0";
        headers["GS1-CBV-Version"] = "2.0.0";
        headers["GS1-EPCIS-Min"] = "2.0.0";
        headers["GS1-EPCIS-Max"] = "2.0.0";
        headers["GS1-CBV-Min"] = "2.0.0";
        headers["GS1-CBV-Max"] = "2.0.0";
        headers["GS1-Vendor-Version"] = VendorVersion;
        // The extensions this repository reads beyond EPCIS and CBV: the platform's own fields and steps (certificates,
        // ear tags, categories), in the binding's prefix=namespace form.
        headers["GS1-Extensions"] = Extensions;
        headers["GS1-EPCIS-Capture-Limit"] = options.CaptureEventLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["GS1-EPCIS-Capture-File-Size-Limit"] = options.CaptureFileSizeLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// True when the client names JSON (<c>application/json</c> or <c>application/ld+json</c>) in its Accept header and does
    /// not rank HTML above it: an EPCIS client asking the root for its resources, not a browser (which sends HTML and
    /// wildcards only).
    /// </summary>
    internal static bool PrefersJson(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return false;
        }
        double json = 0, html = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1;
            var type = range.MediaType.Value ?? "";
            if (Produced.Any(p => string.Equals(p, type, StringComparison.OrdinalIgnoreCase)))
            {
                json = Math.Max(json, quality);
            }
            else if (type.Equals("text/html", StringComparison.OrdinalIgnoreCase) || type.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
        }
        return json > 0 && json >= html;
    }

    /// <summary>
    /// The media type of a query document for this Accept header: <c>application/json</c> when the client asks for it and
    /// ranks <c>application/ld+json</c> no higher (or leaves it out), else <c>application/ld+json</c> (the same JSON-LD body).
    /// </summary>
    internal static string QueryDocumentType(Microsoft.Extensions.Primitives.StringValues accept) => JsonType(accept, "application/ld+json");

    /// <summary>
    /// The JSON media type a client's Accept prefers: <c>application/json</c> when it names that at least as highly as
    /// <c>application/ld+json</c>, <c>application/ld+json</c> when it names that higher, <paramref name="fallback"/> when it
    /// names neither (absent, wildcards).
    /// </summary>
    internal static string JsonType(Microsoft.Extensions.Primitives.StringValues accept, string fallback)
    {
        double json = -1, ld = -1;
        if (accept.Count > 0 && MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            foreach (var range in ranges)
            {
                var type = range.MediaType.Value ?? "";
                var quality = range.Quality ?? 1;
                if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    json = Math.Max(json, quality);
                }
                else if (type.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase))
                {
                    ld = Math.Max(ld, quality);
                }
            }
        }
        return json > 0 && json >= ld ? "application/json" : ld > 0 ? "application/ld+json" : fallback;
    }

    /// <summary>
    /// True when the Accept header is absent or admits JSON: <c>application/json</c>, <c>application/ld+json</c>,
    /// <c>application/*</c> or <c>*/*</c> with a quality above 0, whatever their parameters. A header that cannot be parsed is not held against the client.
    /// </summary>
    internal static bool AcceptsJson(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString()))
        {
            return true;
        }
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return true;
        }
        foreach (var range in ranges)
        {
            if (range.Quality is <= 0)
            {
                continue;
            }
            // Type and subtype only: a range's parameters (charset, profile) do not make JSON unacceptable.
            var type = range.MediaType.Value ?? "";
            if (type is "*/*" or "application/*" || Produced.Any(p => string.Equals(p, type, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }
}
