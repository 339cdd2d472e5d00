using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Events;

/// <summary>The REST binding's JSON-LD collection of resource names or values.</summary>
internal sealed record ResourceCollection(IReadOnlyList<string> Member)
{
    [JsonPropertyName("@context")]
    public string Context => "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    public string Type => "Collection";
}

/// <summary>Where a listing resumes: the last value of the previous page, bound to the listing it came from.</summary>
internal sealed record ListPage(int PerPage, string? After);

/// <summary>perPage / nextPageToken for listings (keyset on the value), and their validation for every query.</summary>
internal static class ResourcePaging
{
    /// <summary>A perPage that is not a whole number in 1..<see cref="EpcisQuery.MaxPerPage"/>, as a problem; null when fine or absent.</summary>
    public static ProblemHttpResult? CheckPerPage(IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > EpcisQuery.MaxPerPage)
            {
                return Invalid("perPage", $"'{value}' is not a whole number from 1 to {EpcisQuery.MaxPerPage}");
            }
        }
        return null;
    }

    /// <summary>Reads perPage and nextPageToken of a listing; any other query parameter is refused.</summary>
    public static bool TryRead(HttpRequest request, string listing, out ListPage page, out ProblemHttpResult problem)
    {
        page = new ListPage(EpcisQuery.DefaultPerPage, null);
        problem = null!;
        foreach (var (name, values) in request.Query)
        {
            if (name is not ("perPage" or "nextPageToken"))
            {
                problem = Invalid(name, $"unknown query parameter: this listing takes only perPage and nextPageToken");
                return false;
            }
            if (values.Count != 1)
            {
                problem = Invalid(name, "give it once");
                return false;
            }
        }
        var perPage = EpcisQuery.DefaultPerPage;
        if (request.Query.TryGetValue("perPage", out var given))
        {
            if (CheckPerPage(given) is { } bad)
            {
                problem = bad;
                return false;
            }
            perPage = int.Parse(given[0]!, CultureInfo.InvariantCulture);
        }
        string? after = null;
        if (request.Query.TryGetValue("nextPageToken", out var token))
        {
            after = Decode(token[0] ?? "", listing);
            if (after is null)
            {
                problem = Invalid("nextPageToken", "the token is malformed or belongs to another listing");
                return false;
            }
        }
        page = new ListPage(perPage, after);
        return true;
    }

    /// <summary>A resource that takes no query parameter refuses any (as listings refuse those they do not take); null when none.</summary>
    public static ProblemHttpResult? NoParameters(HttpRequest request, string what) =>
        request.Query.Count > 0 ? Invalid(request.Query.Keys.First(), $"unknown query parameter: {what} takes none") : null;

    /// <summary>Keeps one page of <paramref name="values"/> (fetched perPage + 1) and announces the next in a Link header.</summary>
    public static IReadOnlyList<T> Page<T>(HttpContext http, string listing, ListPage page, IReadOnlyList<T> values, Func<T, string> key)
    {
        if (values.Count <= page.PerPage)
        {
            return values;
        }
        var kept = values.Take(page.PerPage).ToList();
        var token = Encode(listing, key(kept[^1]));
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}?perPage={page.PerPage}&nextPageToken={Uri.EscapeDataString(token)}>; rel=\"next\"";
        http.Response.Headers["GS1-Next-Page-Token"] = token;
        return kept;
    }

    public static ProblemHttpResult Invalid(string parameter, string message) =>
        Problems.Create(StatusCodes.Status400BadRequest, "Invalid query parameter", $"{parameter}: {message}", "/query/" + Pointer(parameter));

    /// <summary>Escapes a name for use as one JSON pointer segment (RFC 6901).</summary>
    public static string Pointer(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Encode(string listing, string last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(listing + "\n" + last)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string token, string listing)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            return text.StartsWith(listing + "\n", StringComparison.Ordinal) && text.Length > listing.Length + 1 ? text[(listing.Length + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Path values as the client encoded them: routing leaves <c>%2F</c> undecoded, so URIs in a segment need the raw target.</summary>
internal static class PathValues
{
    /// <param name="fromEnd">0 for the last segment of the path, 1 for the one before it.</param>
    public static string Decode(HttpContext http, string routeValue, int fromEnd)
    {
        if (!routeValue.Contains('%'))
        {
            return routeValue;
        }
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToUriComponent();
        var query = raw.IndexOf('?');
        var segments = (query >= 0 ? raw[..query] : raw).Split('/');
        return segments.Length > fromEnd ? Uri.UnescapeDataString(segments[^(fromEnd + 1)]) : routeValue;
    }
}
