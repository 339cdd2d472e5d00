using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Suyuan.Core.Identifiers;
using Suyuan.Storage;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.PublicTrace;

/// <summary>
/// The public side of a trace (一站式查询): /t/{code} for the platform's trace codes and a GS1 Digital Link resolver (/01/…, /00/…, /414/…),
/// HTML for people and JSON for machines, cached briefly, misses rate-limited per client.
/// </summary>
internal static class PublicTraceApi
{
    private const string LangCookie = "sy-lang";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    private static readonly string[] KeyAis = ["01", "00", "414", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018", "253", "255", "401", "402"];

    public static IServiceCollection AddPublicTrace(this IServiceCollection services) => services
        .AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("PublicTrace").Get<PublicTraceOptions>() ?? new PublicTraceOptions())
        .AddSingleton<PublicPageCache>()
        .AddSingleton<MissLimiter>();

    public static IEndpointRouteBuilder MapPublicTraceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Public trace");
        group.MapGet("/t", Lookup).WithSummary("The code box: ?code= redirects to /t/{code}");
        group.MapGet("/t/{code}", TraceCode).WithSummary("Public trace page of a platform trace code: HTML, or JSON with Accept: application/json or ?format=json; ?lang=en");
        foreach (var ai in KeyAis)
        {
            group.MapGet($"/{ai}/{{**rest}}", (string rest, HttpContext http, IEventStore store, PublicPageCache cache, MissLimiter limiter, CancellationToken ct) =>
                DigitalLinkAsync(ai, rest, http, store, cache, limiter, ct)).WithSummary($"GS1 Digital Link resolver for ({ai})");
        }
        QrCodes.Map(group);
        return app;
    }

    private static IResult Lookup(string? code, HttpContext http)
    {
        var en = Language(http);
        if (string.IsNullOrWhiteSpace(code))
        {
            return Html(200, PublicTracePage.Problem(200, null, null, en, "/t"));
        }
        var check = PlatformTraceCode.Validate(code);
        return check.IsValid ? TypedResults.Redirect("/t/" + check.Code!.Digits) : TypedResults.Redirect("/t/" + Uri.EscapeDataString(code.Trim()));
    }

    private static async Task<IResult> TraceCode(string code, HttpContext http, IEventStore store, PublicPageCache cache, MissLimiter limiter, CancellationToken ct)
    {
        var en = Language(http);
        var json = WantsJson(http.Request);
        var check = PlatformTraceCode.Validate(code);
        if (!check.IsValid)
        {
            return Miss(http, limiter, 400, code, check.Reason, en, json);
        }
        var digits = check.Code!.Digits;
        var self = "/t/" + digits;
        var key = $"t|{digits}|{(en ? "en" : "zh")}|{(json ? "json" : "html")}";
        if (cache.Get(key) is { } cached)
        {
            return Send(http, cached);
        }
        var chain = await PublicChainReader.ReadAsync(digits, IdentifierKinds.TraceCodePrefix + digits, store, ct);
        if (chain is null)
        {
            return Miss(http, limiter, 404, check.Code.Display, null, en, json);
        }
        var page = Render(200, json ? JsonSerializer.Serialize(chain, Json) : PublicTracePage.Chain(chain, en, self), json, cache);
        cache.Put(key, page);
        return Send(http, page);
    }

    private static async Task<IResult> DigitalLinkAsync(string ai, string rest, HttpContext http, IEventStore store, PublicPageCache cache, MissLimiter limiter, CancellationToken ct)
    {
        var en = Language(http);
        var json = WantsJson(http.Request);
        // The page's own switches are not Digital Link attributes.
        var query = string.Join('&', http.Request.Query.Where(q => q.Key is not ("lang" or "format" or "linkType"))
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        var path = $"/{ai}/{rest}";
        var uri = $"https://{http.Request.Host.Value ?? "localhost"}{path}{(query.Length > 0 ? "?" + query : "")}";
        var parsed = DigitalLink.Parse(uri);
        if (!parsed.Success)
        {
            return Miss(http, limiter, 400, path, parsed.Error, en, json);
        }
        var canonical = IdentifierConverter.Canonicalise(uri);
        var self = path + (query.Length > 0 ? "?" + query : "");
        var key = $"dl|{canonical}|{(en ? "en" : "zh")}|{(json ? "json" : "html")}";
        if (cache.Get(key) is { } cached)
        {
            return Send(http, cached, canonical);
        }
        RenderedPage page;
        if (IdentifierKinds.Of(canonical) == "product" && IdentifierKinds.Gtin(canonical) is { } gtin)
        {
            var lots = await LineageStore.Of(store).IdentifiersOfProductAsync(gtin, null, null, ct);
            if (lots.Count == 0)
            {
                return Miss(http, limiter, 404, path, null, en, json);
            }
            var newest = lots.OrderByDescending(l => l.First).Take(50).ToList();
            var latest = await PublicChainReader.ReadAsync(newest[0].Id, newest[0].Id, store, ct);
            var links = newest.Select(l => (Href: l.Id.Replace(DigitalLink.CanonicalStem, "", StringComparison.Ordinal), Label: LotLabel(l.Id))).ToList();
            page = Render(200, json
                ? JsonSerializer.Serialize(new { gtin, productName = latest?.ProductName, lots = links.Select(l => l.Href) }, Json)
                : PublicTracePage.Product(gtin, latest?.ProductName, links, en, self), json, cache);
        }
        else
        {
            var chain = await PublicChainReader.ReadAsync(path, canonical, store, ct);
            if (chain is null)
            {
                return Miss(http, limiter, 404, path, null, en, json);
            }
            page = Render(200, json ? JsonSerializer.Serialize(chain, Json) : PublicTracePage.Chain(chain, en, self), json, cache);
        }
        cache.Put(key, page);
        return Send(http, page, canonical);
    }

    private static string LotLabel(string canonical)
    {
        var lot = canonical.IndexOf("/10/", StringComparison.Ordinal);
        var serial = canonical.IndexOf("/21/", StringComparison.Ordinal);
        return serial >= 0 ? "序列号 Serial " + Uri.UnescapeDataString(canonical[(serial + 4)..])
            : lot >= 0 ? "批号 Lot " + Uri.UnescapeDataString(canonical[(lot + 4)..]) : canonical;
    }

    /// <summary>An unknown or malformed code: a friendly page (or problem JSON), unless this client has missed too often (429).</summary>
    private static IResult Miss(HttpContext http, MissLimiter limiter, int status, string? code, string? reason, bool en, bool json)
    {
        if (!limiter.TryMiss(http, out var retryAfter))
        {
            status = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            reason = null;
        }
        http.Response.Headers.CacheControl = "no-store";
        if (json)
        {
            var title = status switch { 404 => "Not found", 429 => "Too many requests", _ => "Bad request" };
            var body = JsonSerializer.Serialize(new { type = "about:blank", title, status, detail = reason ?? title, pointer = "/code" }, Json);
            return TypedResults.Content(body, "application/problem+json", Encoding.UTF8, status);
        }
        return Html(status, PublicTracePage.Problem(status, code, reason, en, http.Request.Path + http.Request.QueryString.Value));
    }

    private static RenderedPage Render(int status, string body, bool json, PublicPageCache cache)
    {
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)), 0, 12).ToLowerInvariant() + "\"";
        return new RenderedPage(status, json ? "application/json; charset=utf-8" : "text/html; charset=utf-8", body, etag, cache.ExpiresFromNow());
    }

    private static IResult Send(HttpContext http, RenderedPage page, string? canonical = null)
    {
        var options = http.RequestServices.GetRequiredService<PublicTraceOptions>();
        var headers = http.Response.Headers;
        headers.ETag = page.ETag;
        headers.CacheControl = $"public, max-age={options.MaxAgeSeconds}";
        headers.Vary = "Accept, Cookie";
        if (canonical is not null)
        {
            // GS1 resolver conventions: the canonical URI and this page as the product information page.
            headers.Link = $"<{canonical}>; rel=\"owl:sameAs\", <{http.Request.Path}>; rel=\"gs1:pip\"; type=\"text/html\"";
        }
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == page.ETag || t.Trim() == "*")))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Content(page.Body, page.ContentType, null, page.Status);
    }

    private static IResult Html(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", null, status);

    /// <summary>JSON for machines: ?format=json, or an Accept that prefers application/json to text/html.</summary>
    private static bool WantsJson(HttpRequest request)
    {
        if (request.Query["format"].FirstOrDefault() is { } format)
        {
            return format.Equals("json", StringComparison.OrdinalIgnoreCase);
        }
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var wantsJson = Math.Max(Quality("application/json"), Quality("application/ld+json"));
        return wantsJson > 0 && wantsJson > Quality("text/html");
    }

    /// <summary>?lang=en|zh switches and is remembered in a cookie; otherwise the cookie; otherwise Chinese.</summary>
    private static bool Language(HttpContext http)
    {
        var asked = http.Request.Query["lang"].FirstOrDefault()?.Trim().ToLowerInvariant();
        if (asked is "en" or "zh")
        {
            http.Response.Cookies.Append(LangCookie, asked, new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, Path = "/" });
            return asked == "en";
        }
        return http.Request.Cookies[LangCookie] == "en";
    }
}
