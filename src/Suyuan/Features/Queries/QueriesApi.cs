using System.Net.Mime;
using System.Text.Json;
using Suyuan.Core.Epcis.Json;
using Suyuan.Features.Events;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;

namespace Suyuan.Features.Queries;

/// <summary>EPCIS 2.0 named queries (REST binding): create, list, read, delete, and run one as /queries/{queryName}/events.</summary>
internal static class QueriesApi
{
    private const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapQueriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/queries").WithTags("Queries").AddEndpointFilter(EpcisHeaders.Filter);
        group.MapPost("", CreateAsync).Accepts<object>("application/json", "application/ld+json")
            .WithSummary("Create a named query from {\"name\": …, \"query\": {EPCIS query parameters}}: 201 with its Location");
        group.MapGet("", ListAsync).WithSummary("The named queries (paged: perPage, nextPageToken, Link header)");
        group.MapGet("/{queryName}", GetAsync).WithSummary("One named query's definition");
        group.MapDelete("/{queryName}", DeleteAsync).WithSummary("Delete a named query");
        group.MapGet("/{queryName}/events", EventsAsync).WithSummary("Run a named query: an EPCISQueryDocument (paged: perPage, nextPageToken)");
        DiscoveryApi.MapOptions(group, "", "OPTIONS, GET, POST");
        DiscoveryApi.MapOptions(group, "/{queryName}", "OPTIONS, GET, DELETE");
        DiscoveryApi.MapOptions(group, "/{queryName}/events", "OPTIONS, GET");
        // Subscriptions (WebSocket and webhook) are not offered: every method on them is a 404 that says so.
        group.MapMethods("/{queryName}/subscriptions", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Options], SubscriptionsNotOffered).ExcludeFromDescription();
        group.MapMethods("/{queryName}/subscriptions/{subscriptionID}", [HttpMethods.Get, HttpMethods.Delete, HttpMethods.Options], SubscriptionsNotOffered).ExcludeFromDescription();
        return app;
    }

    /// <summary>A named query as GET /queries shows it.</summary>
    internal sealed record QueryView(string Name, JsonElement Query);

    /// <summary>
    /// Whose name space a caller's named queries are in: an enterprise's (all its logins and keys), a regulator's department,
    /// or the admins'. A party never sees, runs or deletes another's queries; a name is unique within one party's.
    /// </summary>
    internal static string Owner(Actor actor) => actor switch
    {
        { IsEnterprise: true, Enterprise: { } uscc } => "enterprise:" + uscc,
        { IsRegulator: true, Department: { } department } => "department:" + department,
        { IsAdmin: true } => "admin",
        _ => "actor:" + actor.Name,
    };

    private static async Task<IResult> CreateAsync(HttpRequest request, IEventStore store, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
        {
            return Problems.UnsupportedMediaType("a query definition is sent as application/json");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge($"a query definition is at most {MaxBodyBytes} bytes", "");
        }
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"the body is not JSON: {e.Message}", "");
        }
        using (body)
        {
            if (JsonTextCheck.FindInvalid(body.RootElement) is { } invalid)
            {
                return Problems.BadRequest(JsonTextCheck.Describe(invalid, "the body"), invalid);
            }
            var definition = QueryDefinition.TryRead(body.RootElement, EventsApi.ExtensionNamespaces(request), out var problem);
            if (definition is null)
            {
                return problem!;
            }
            var stored = new NamedQuery(Owner(request.HttpContext.Actor()), definition.Name, definition.Query.GetRawText(),
                definition.Namespaces is null ? null : JsonSerializer.Serialize(definition.Namespaces), DateTimeOffset.UtcNow);
            if (!await store.CreateNamedQueryAsync(stored, ct))
            {
                return Problems.Conflict($"a query named '{definition.Name}' already exists", "/name");
            }
            return TypedResults.Created($"/queries/{Uri.EscapeDataString(definition.Name)}", View(stored));
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, IEventStore store, CancellationToken ct)
    {
        if (!ResourcePaging.TryRead(http.Request, "queries", out var page, out var problem))
        {
            return problem;
        }
        var queries = await store.ListNamedQueriesAsync(Owner(http.Actor()), page.After, page.PerPage + 1, ct);
        var kept = ResourcePaging.Page(http, "queries", page, queries, q => q.Name);
        return TypedResults.Ok(kept.Select(View).ToList());
    }

    private static async Task<IResult> GetAsync(string queryName, HttpContext http, IEventStore store, CancellationToken ct) =>
        ResourcePaging.NoParameters(http.Request, "a named query's definition") is { } parameters ? parameters
        : await store.GetNamedQueryAsync(Owner(http.Actor()), queryName, ct) is { } query ? TypedResults.Ok(View(query)) : NoSuchQuery(queryName);

    private static async Task<IResult> DeleteAsync(string queryName, HttpContext http, IEventStore store, CancellationToken ct) =>
        await store.DeleteNamedQueryAsync(Owner(http.Actor()), queryName, ct) ? TypedResults.NoContent() : NoSuchQuery(queryName);

    private static async Task<IResult> EventsAsync(string queryName, HttpContext http, IEventStore store, CancellationToken ct)
    {
        if (await store.GetNamedQueryAsync(Owner(http.Actor()), queryName, ct) is not { } stored)
        {
            return NoSuchQuery(queryName);
        }
        if (http.Request.Headers.Upgrade.Count > 0)
        {
            return Problems.BadRequest("query subscriptions (WebSocket) are not offered by this repository; GET the events without Upgrade", "/headers/Upgrade");
        }
        foreach (var (name, _) in http.Request.Query)
        {
            if (name is not ("perPage" or "nextPageToken"))
            {
                return ResourcePaging.Invalid(name, "a named query's events take only perPage and nextPageToken; to change the query, create another");
            }
        }
        using var query = JsonDocument.Parse(stored.Query);
        var namespaces = stored.Extensions is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Extensions);
        var definition = new QueryDefinition(stored.Name, query.RootElement, namespaces);
        if (!definition.TryParameters(out var parameters, out var problem))
        {
            return problem!;
        }
        return await EventsApi.QueryAsync(http, store, null, ct, parameters, stored.Name, namespaces ?? []);
    }

    private static IResult SubscriptionsNotOffered(string queryName) =>
        Problems.NotFound("query subscriptions (WebSocket and webhook) are not offered by this repository; poll GET /events with the query's parameters and GE_recordTime set to the time of the last poll instead", "/subscriptions");

    private static IResult NoSuchQuery(string queryName) => Problems.NotFound($"no query named '{queryName}'", "/queryName");

    /// <summary>
    /// The definition as it runs: the prefixes its extension parameters use (from its @context and the GS1-Extensions header
    /// it was created with) are its @context, so the definition read back can be sent again and means the same.
    /// </summary>
    private static QueryView View(NamedQuery query)
    {
        using var doc = JsonDocument.Parse(query.Query);
        if (query.Extensions is null)
        {
            return new QueryView(query.Name, doc.RootElement.Clone());
        }
        using var namespaces = JsonDocument.Parse(query.Extensions);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("@context");
            namespaces.RootElement.WriteTo(writer);
            foreach (var member in doc.RootElement.EnumerateObject().Where(m => m.Name != "@context"))
            {
                member.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        using var view = JsonDocument.Parse(buffer.WrittenMemory);
        return new QueryView(query.Name, view.RootElement.Clone());
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("application/ld+json", StringComparison.OrdinalIgnoreCase));
}
