using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Events;

/// <summary>EPCIS 2.0 query (REST binding): GET /events with the standard parameters, one event by id, and the resource views.</summary>
internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Events").AddEndpointFilter(EpcisHeaders.Filter);
        group.MapGet("/events", (HttpContext http, IEventStore store, CancellationToken ct) => QueryAsync(http, store, null, ct))
            .WithSummary("Events matching the EPCIS query parameters, as an EPCISQueryDocument (paged: perPage, nextPageToken)");
        group.MapGet("/events/{eventID}", EventById).WithSummary("One event by its eventID");
        MapResource(group, "/eventTypes/{value}/events", "eventType");
        MapResource(group, "/epcs/{value}/events", "MATCH_anyEPC");
        MapResource(group, "/bizSteps/{value}/events", "EQ_bizStep");
        MapResource(group, "/bizLocations/{value}/events", "EQ_bizLocation");
        MapResource(group, "/readPoints/{value}/events", "EQ_readPoint");
        MapResource(group, "/dispositions/{value}/events", "EQ_disposition");
        group.MapDiscovery();
        return app;
    }

    private static void MapResource(RouteGroupBuilder group, string pattern, string parameter) =>
        group.MapGet(pattern, async (string value, HttpContext http, IEventStore store, EventVisibility visibility, CancellationToken ct) =>
            {
                var decoded = PathValues.Decode(http, value, 1);
                return await QueryAsync(http, store, new KeyValuePair<string, string>(parameter, decoded), ct,
                    missing: () => DiscoveryApi.MissingAsync(pattern.Split('/')[1], http, decoded, store, visibility, ct));
            })
            .WithSummary($"Events whose {parameter} is the resource in the path (other query parameters narrow further); 404 when the resource does not exist");

    private static async Task<IResult> EventById(string eventID, HttpContext http, IEventStore store, CancellationToken ct)
    {
        if (ResourcePaging.NoParameters(http.Request, "an event by its eventID") is { } parameters)
        {
            return parameters;
        }
        eventID = PathValues.Decode(http, eventID, 0);
        var parsed = EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_eventID", eventID)]);
        if (parsed.Query is null)
        {
            return Problems.BadRequest(parsed.Problems[0].Message, "/eventID");
        }
        var page = await store.QueryAsync(await VisibleAsync(http, parsed.Query, ct), ct);
        var events = await Collect(page, ct);
        if (events.Count == 0)
        {
            return Problems.NotFound($"no event with eventID '{eventID}'", "/eventID");
        }
        return new QueryDocumentResult("SimpleEventQuery", events, null);
    }

    /// <param name="saved">A named query's parameters; the request's own (perPage, nextPageToken) follow them.</param>
    /// <param name="namespaces">A named query's extension prefixes, instead of the request's GS1-Extensions header.</param>
    /// <param name="missing">For a resource's events: its 404 when the resource does not exist, asked once the parameters are valid.</param>
    internal static async Task<IResult> QueryAsync(HttpContext http, IEventStore store, KeyValuePair<string, string>? fixedParameter, CancellationToken ct,
        IEnumerable<KeyValuePair<string, string>>? saved = null, string queryName = "SimpleEventQuery", IReadOnlyDictionary<string, string>? namespaces = null,
        Func<Task<IResult?>>? missing = null)
    {
        if (http.Request.Query.TryGetValue("perPage", out var perPage) && ResourcePaging.CheckPerPage(perPage) is { } badPerPage)
        {
            return badPerPage;
        }
        var parameters = http.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        if (saved is not null)
        {
            // The request's own perPage replaces the named query's.
            parameters.InsertRange(0, perPage.Count > 0 ? saved.Where(p => p.Key != "perPage") : saved);
        }
        // The client holds the store's page token sealed (PageTokenSeal); one that does not open is passed on as "!", which the
        // query refuses as malformed like any other bad token.
        var seal = http.RequestServices.GetRequiredService<PageTokenSeal>();
        var party = Queries.QueriesApi.Owner(http.Actor());
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Key == "nextPageToken")
            {
                parameters[i] = new(parameters[i].Key, await seal.OpenAsync(parameters[i].Value, party, ct) ?? "!");
            }
        }
        // A named query's values are its arrays' items (a '|' in one is a character); the request adds perPage and a page token.
        var parsed = EpcisQuery.Parse(parameters, namespaces ?? ExtensionNamespaces(http.Request), fixedParameter, listed: saved is not null);
        if (!parsed.IsValid || parsed.Query is null)
        {
            return InvalidQuery(parsed.Problems);
        }
        if (missing is not null && await missing() is { } notFound)
        {
            return notFound;
        }
        EventPage page;
        try
        {
            page = await store.QueryAsync(await VisibleAsync(http, parsed.Query, ct), ct);
        }
        catch (QueryTooLargeException e)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Query too large", e.Message, "/query/maxEventCount");
        }
        var events = await Collect(page, ct);
        return new QueryDocumentResult(queryName, events, page.NextPageToken is { } next ? await seal.SealAsync(next, party, ct) : null);
    }

    /// <summary>The query limited, in its SQL, to the events the caller may read (all of them for admins).</summary>
    private static async Task<EpcisQuery> VisibleAsync(HttpContext http, EpcisQuery query, CancellationToken ct) =>
        await http.RequestServices.GetRequiredService<EventVisibility>().PlacesForAsync(http.Actor(), ct) is { } places ? query.RestrictedToPlaces(places) : query;

    /// <summary>Every problem of a query, the first one named in the detail; pointers are /query/{parameter}.</summary>
    internal static IResult InvalidQuery(IReadOnlyList<QueryProblem> problems)
    {
        var first = problems[0];
        return Problems.Create(StatusCodes.Status400BadRequest, "Invalid query parameter", $"{first.Parameter}: {first.Message}", "/query/" + ResourcePaging.Pointer(first.Parameter),
            problems.Select(p => new Core.Epcis.ValidationProblem("/query/" + ResourcePaging.Pointer(p.Parameter), "query-parameter", p.Message)));
    }

    /// <summary>Prefixes a client declares for extension query parameters: <c>GS1-Extensions: ex=http://ns.example.com/epcis/, …</c>.</summary>
    internal static Dictionary<string, string>? ExtensionNamespaces(HttpRequest request)
    {
        var header = request.Headers["GS1-Extensions"].ToString();
        if (header.Length == 0)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0)
            {
                map[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
        }
        return map;
    }

    private static async Task<List<StoredEvent>> Collect(EventPage page, CancellationToken ct)
    {
        var list = new List<StoredEvent>(page.Count);
        await foreach (var e in page.Events.WithCancellation(ct))
        {
            list.Add(e);
        }
        return list;
    }

    private static List<string> Identifiers(StoredEvent e)
    {
        using var doc = JsonDocument.Parse(e.Json);
        return [.. EpcFormat.Identifiers(doc.RootElement)];
    }

    /// <summary>Streams an EPCISQueryDocument; a next page is announced in a Link header with the token.</summary>
    private sealed class QueryDocumentResult(string queryName, IReadOnlyList<StoredEvent> events, string? nextPageToken) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            // The filter has refused a GS1-EPC-Format outside the binding's four; the rest say whether to translate.
            EpcFormat.Check(http.Request, out var format);
            if (format == EpcFormat.AlwaysUrn && EpcFormat.Unwritable(events.SelectMany(Identifiers)) is { } unwritable)
            {
                await unwritable.ExecuteAsync(http);
                return;
            }
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = EpcisHeaders.QueryDocumentType(http.Request.Headers.Accept) + "; charset=utf-8";
            if (nextPageToken is not null)
            {
                var query = http.Request.Query
                    .Where(q => q.Key != "nextPageToken")
                    .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
                    .Append("nextPageToken=" + Uri.EscapeDataString(nextPageToken));
                http.Response.Headers.Link = $"<{http.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
                http.Response.Headers["GS1-Next-Page-Token"] = nextPageToken;
            }
            http.Response.Headers[EpcFormat.Header] = format;
            await QueryDocumentWriter.WriteAsync(http.Response.Body, queryName, events, http.RequestAborted, digitalLinks: format == EpcFormat.AlwaysDigitalLink);
        }
    }
}
