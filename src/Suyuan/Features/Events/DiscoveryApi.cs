using System.Text.Json;
using Suyuan.Core;
using Suyuan.Core.Epcis;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Events;

/// <summary>
/// EPCIS 2.0 discovery (REST binding): the known values of each resource, their sub-resources, and OPTIONS. A reader sees
/// the values of the events it may read (<see cref="EventVisibility"/>): a regulator those of its departments' categories, an
/// enterprise its own; whether a value exists is answered the same way, so it cannot be probed.
/// </summary>
internal static class DiscoveryApi
{
    /// <summary>A listed resource: its path, the path parameter of one value, the store resource, and the CBV class of its standard values.</summary>
    private sealed record Listing(string Path, string Parameter, EventResource Resource, string? CbvClass, string? SchemaDefinition);

    private static readonly Listing[] Listings =
    [
        new("eventTypes", "eventType", EventResource.EventType, null, null),
        new("epcs", "epc", EventResource.Epc, null, null),
        new("bizSteps", "bizStep", EventResource.BizStep, "BizStep-", "bizStep"),
        new("bizLocations", "bizLocation", EventResource.BizLocation, null, null),
        new("readPoints", "readPoint", EventResource.ReadPoint, null, null),
        new("dispositions", "disposition", EventResource.Disposition, "Disp-", "disposition"),
    ];

    internal static readonly string[] EventTypes = ["AggregationEvent", "AssociationEvent", "ObjectEvent", "TransactionEvent", "TransformationEvent"];

    /// <summary>The CBV standard values of bizStep and disposition, as full URIs, from the embedded EPCIS JSON Schema.</summary>
    private static readonly Lazy<Dictionary<string, string[]>> StandardValues = new(() =>
    {
        using var schema = JsonDocument.Parse(StandardsData.Open(StandardsData.EpcisJsonSchema));
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var listing in Listings.Where(l => l.SchemaDefinition is not null))
        {
            var words = schema.RootElement.GetProperty("definitions").GetProperty(listing.SchemaDefinition!).GetProperty("anyOf").EnumerateArray()
                .Where(a => a.TryGetProperty("enum", out _))
                .SelectMany(a => a.GetProperty("enum").EnumerateArray().Select(w => w.GetString()!));
            values[listing.Path] = [.. words.Select(w => EpcisContext.CbvNamespace + listing.CbvClass + w).Order(StringComparer.Ordinal)];
        }
        return values;
    });

    public static RouteGroupBuilder MapDiscovery(this RouteGroupBuilder group)
    {
        foreach (var listing in Listings)
        {
            group.MapGet("/" + listing.Path, (HttpContext http, IEventStore store, EventVisibility visibility, CancellationToken ct) => ListAsync(listing, http, store, visibility, ct))
                .WithSummary($"The known {listing.Path} (paged: perPage, nextPageToken, Link header)");
            group.MapGet($"/{listing.Path}/{{{listing.Parameter}}}", (HttpContext http, IEventStore store, EventVisibility visibility, CancellationToken ct) =>
                    SubResourcesAsync(listing, http, PathValues.Decode(http, (string)http.GetRouteValue(listing.Parameter)!, 0), store, visibility, ct))
                .WithSummary($"The sub-resources of one {listing.Parameter}: its events");
            MapOptions(group, "/" + listing.Path, "OPTIONS, GET");
            MapOptions(group, $"/{listing.Path}/{{{listing.Parameter}}}", "OPTIONS, GET");
            MapOptions(group, $"/{listing.Path}/{{{listing.Parameter}}}/events", "OPTIONS, GET");
        }
        MapOptions(group, "/events/{eventID}", "OPTIONS, GET");
        return group;
    }

    /// <summary>OPTIONS answers with the methods the resource allows; the group's filter adds the GS1 version headers.</summary>
    public static void MapOptions(IEndpointRouteBuilder group, string pattern, string allow) =>
        group.MapMethods(pattern, [HttpMethods.Options], (HttpContext http) =>
        {
            http.Response.Headers.Allow = allow;
            return TypedResults.NoContent();
        }).ExcludeFromDescription();

    private static async Task<IResult> ListAsync(Listing listing, HttpContext http, IEventStore store, EventVisibility visibility, CancellationToken ct)
    {
        if (!ResourcePaging.TryRead(http.Request, listing.Path, out var page, out var problem))
        {
            return problem;
        }
        IEnumerable<string> candidates = await store.ListResourceValuesAsync(listing.Resource, page.After, page.PerPage + 1, await visibility.PlacesForAsync(http.Actor(), ct), ct);
        if (StandardValues.Value.TryGetValue(listing.Path, out var standard))
        {
            candidates = candidates.Union(standard);
        }
        if (listing.Resource == EventResource.EventType)
        {
            // The five standard types always; extension events' types as they are stored.
            candidates = candidates.Union(EventTypes);
        }
        var values = candidates.Where(v => page.After is null || string.CompareOrdinal(v, page.After) > 0).Order(StringComparer.Ordinal).Take(page.PerPage + 1).ToList();
        if (listing.Resource is EventResource.Epc or EventResource.ReadPoint or EventResource.BizLocation)
        {
            // The binding lets a client choose the form of these lists' identifiers (GS1-EPC-Format), as for events.
            EpcFormat.Check(http.Request, out var format);
            if (format == EpcFormat.AlwaysUrn && EpcFormat.Unwritable(values.Take(page.PerPage)) is { } unwritable)
            {
                return unwritable;
            }
            http.Response.Headers[EpcFormat.Header] = format;
            IEnumerable<string> identifiers = ResourcePaging.Page(http, listing.Path, page, values, v => v);
            if (format == EpcFormat.AlwaysDigitalLink)
            {
                identifiers = identifiers.Select(EpcFormat.ToDigitalLink).Distinct(StringComparer.Ordinal);
            }
            return TypedResults.Ok(new ResourceCollection([.. identifiers]));
        }
        var kept = ResourcePaging.Page(http, listing.Path, page, values, v => v);
        return TypedResults.Ok(new ResourceCollection([.. kept.Select(v => Display(listing, v))]));
    }

    private static async Task<IResult> SubResourcesAsync(Listing listing, HttpContext http, string value, IEventStore store, EventVisibility visibility, CancellationToken ct)
    {
        if (ResourcePaging.NoParameters(http.Request, "a resource") is { } parameters)
        {
            return parameters;
        }
        return await MissingAsync(listing.Path, http, value, store, visibility, ct) is { } missing
            ? missing
            : TypedResults.Ok(new ResourceCollection(["events"]));
    }

    /// <summary>
    /// A 404 when the resource <c>/{path}/{value}</c> does not exist for the caller (no standard value, no stored event of
    /// theirs names it); null when it does. Its <c>/events</c> answers the same, as the binding lists 404 for both.
    /// </summary>
    internal static async Task<IResult?> MissingAsync(string path, HttpContext http, string value, IEventStore store, EventVisibility visibility, CancellationToken ct)
    {
        var listing = Listings.Single(l => l.Path == path);
        if (listing.Resource == EventResource.EventType)
        {
            // An extension type as a CURIE of a prefix the client declares (GS1-Extensions) is the IRI it names, as stored.
            value = EpcisEvents.ExpandedType(value, EpcisQuery.ContextFor(EventsApi.ExtensionNamespaces(http.Request)));
        }
        var known = IsStandard(listing, value) || listing.Resource == EventResource.EventType && EventTypes.Contains(value, StringComparer.Ordinal)
            || await store.ResourceValueExistsAsync(listing.Resource, value, await visibility.PlacesForAsync(http.Actor(), ct), ct);
        return known ? null : Problems.NotFound($"no stored event has the {listing.Parameter} '{value}'", "/" + listing.Parameter);
    }

    /// <summary>CBV standard values are shown bare ("shipping"), as the binding's enumerations write them; others as stored.</summary>
    private static string Display(Listing listing, string value) =>
        listing.CbvClass is { } cls && value.StartsWith(EpcisContext.CbvNamespace + cls, StringComparison.Ordinal)
            ? value[(EpcisContext.CbvNamespace.Length + cls.Length)..]
            : value;

    /// <summary>A CBV standard value in any of its forms (bare, <c>cbv:</c> CURIE, CBV 1.x URN, Web URI).</summary>
    private static bool IsStandard(Listing listing, string value) =>
        StandardValues.Value.TryGetValue(listing.Path, out var standard)
        && standard.Contains(EventResources.Normalise(listing.Resource, value), StringComparer.Ordinal);
}
