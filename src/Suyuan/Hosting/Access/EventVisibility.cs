using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting.Directory;
using Suyuan.Storage;
using Suyuan.Storage.Indexing;

namespace Suyuan.Hosting.Access;

/// <summary>
/// Which stored events an actor may read, as the places and parties (canonical ids) an event must name: an enterprise's own
/// (its locations, and itself as source or destination); for a regulator, those of the enterprises in its department's categories.
/// </summary>
public sealed class EventVisibility(IServiceProvider services, FeatureDatabase database)
{
    private static readonly TimeSpan RegulatedPlacesAge = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyCollection<string> Places)> _regulated = new();

    /// <summary>The directory another part of the platform registers; without one no enterprise owns anything.</summary>
    private IEnterpriseDirectory? Directory => services.GetService<IEnterpriseDirectory>();

    /// <summary>null: everything (admins); otherwise the places an event must name to be shown.</summary>
    public async ValueTask<IReadOnlyCollection<string>?> PlacesForAsync(Actor actor, CancellationToken ct)
    {
        if (actor.IsAdmin)
        {
            return null;
        }
        if (actor.IsEnterprise && actor.Enterprise is { } uscc && Directory is { } directory)
        {
            return await directory.IdsOfAsync(uscc, ct);
        }
        if (actor.IsRegulator && actor.Department is { } department)
        {
            return await RegulatedPlacesAsync(department, actor.RegulatedCategories, ct);
        }
        return [];
    }

    /// <summary>Whether an enterprise is in one of the regulator's categories (admins: always).</summary>
    public async ValueTask<bool> RegulatesAsync(Actor actor, string uscc, CancellationToken ct)
    {
        if (actor.IsAdmin)
        {
            return true;
        }
        if (!actor.IsRegulator || Directory is not { } directory)
        {
            return false;
        }
        var categories = await directory.CategoriesOfAsync(uscc, ct);
        return categories.Overlaps(actor.RegulatedCategories);
    }

    /// <summary>
    /// Every place stored events name whose owner is in the categories; kept a minute, because it reads every distinct place.
    /// </summary>
    private async ValueTask<IReadOnlyCollection<string>> RegulatedPlacesAsync(string department, IReadOnlySet<string> categories, CancellationToken ct)
    {
        if (_regulated.TryGetValue(department, out var cached) && DateTimeOffset.UtcNow - cached.At < RegulatedPlacesAge)
        {
            return cached.Places;
        }
        var places = new List<string>();
        if (Directory is { } directory && categories.Count > 0)
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            var all = await connection.QueryAsync<string>(new CommandDefinition("SELECT value FROM strings WHERE id IN (SELECT DISTINCT place FROM lineage_places)", cancellationToken: ct));
            var owners = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var place in all.Select(StoredText.Decode))
            {
                if (await directory.OwnerOfAsync(place, ct) is not { } owner)
                {
                    continue;
                }
                if (!owners.TryGetValue(owner, out var regulated))
                {
                    regulated = owners[owner] = (await directory.CategoriesOfAsync(owner, ct)).Overlaps(categories);
                }
                if (regulated)
                {
                    places.Add(place);
                }
            }
        }
        _regulated[department] = (DateTimeOffset.UtcNow, places);
        return places;
    }

    /// <summary>The check an enterprise's capture runs on each event; null for admins, who capture for anyone (bulk imports).</summary>
    public async ValueTask<CaptureGate?> CaptureGateForAsync(Actor actor, CancellationToken ct)
    {
        if (actor.IsAdmin)
        {
            return null;
        }
        if (actor.IsEnterprise && actor.Enterprise is { } uscc && Directory is { } directory)
        {
            return new CaptureGate(uscc, await directory.IdsOfAsync(uscc, ct), await directory.OwnerLookupAsync(ct));
        }
        return new CaptureGate(actor.Enterprise ?? actor.Name, new HashSet<string>(), _ => null);
    }
}

/// <summary>
/// An enterprise captures events at its own locations (bizLocation or readPoint), or with itself as a source of an event
/// at places no other enterprise registered: a shipper does not record what happens at its customer's site.
/// </summary>
/// <param name="ownerOf">The registered owner (USCC) of a location, or null.</param>
public sealed class CaptureGate(string enterprise, IReadOnlySet<string> ids, Func<string, string?> ownerOf)
{
    /// <summary>null when the event may be captured; otherwise the pointer of the field that decides and why.</summary>
    public (string Pointer, string Detail)? Check(JsonElement e, string pointer)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null; // not an event: validation names it
        }
        var bizLocation = Id(e, "bizLocation");
        var readPoint = Id(e, "readPoint");
        // Another enterprise's place (or a sub-location of it): that enterprise records what happens there, whoever the
        // source, and whatever the event's other place.
        foreach (var (name, place) in new[] { ("bizLocation/id", bizLocation), ("readPoint/id", readPoint) })
        {
            if (place is not null && !Own(place) && ownerOf(place) is { } owner && !owner.Equals(enterprise, StringComparison.OrdinalIgnoreCase))
            {
                return ($"{pointer}/{name}", $"{name.Split('/')[0]} '{place}' is a location of another enterprise ({owner}); an enterprise captures only its own events, and events at another's place are that enterprise's to record");
            }
        }
        if (Own(bizLocation) || Own(readPoint))
        {
            return null;
        }
        var (field, value) = bizLocation is not null ? ("bizLocation/id", bizLocation) : readPoint is not null ? ("readPoint/id", readPoint) : ("bizLocation", null);
        if (e.TryGetProperty("sourceList", out var sources) && sources.ValueKind == JsonValueKind.Array
            && sources.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("source", out var v) && v.ValueKind == JsonValueKind.String && Own(v.GetString())))
        {
            return null;
        }
        var detail = value is null
            ? $"the event names no bizLocation or readPoint of enterprise {enterprise}, nor the enterprise as a source; an enterprise captures only its own events"
            : $"{field.Split('/')[0]} '{value}' is not a location of enterprise {enterprise}, and the enterprise is not a source of the event; an enterprise captures only its own events";
        return ($"{pointer}/{field}", detail);
    }

    /// <summary>
    /// null when the enterprise may describe this place in master data (its location hierarchy, which every reader's WD_
    /// follows): one of its own registered locations or a sub-location of one; otherwise the field's pointer and why.
    /// </summary>
    public (string Pointer, string Detail)? CheckPlace(string place, string pointer) =>
        Own(place) || ownerOf(place) is { } owner && owner.Equals(enterprise, StringComparison.OrdinalIgnoreCase)
            ? null
            : (pointer, ownerOf(place) is { } other
                ? $"'{place}' is a location of another enterprise ({other}); an enterprise's master data describes its own locations"
                : $"'{place}' is not a location of enterprise {enterprise} (registered, or a sub-location of one); an enterprise's master data describes its own locations");

    /// <summary>
    /// One of the enterprise's parties or locations, as registered: a sub-location (GLN extension) is its own only once
    /// registered too, as what it reads back is what it registered (a sub-location of its GLN is still no other's to record).
    /// </summary>
    private bool Own(string? id) => id is not null && (ids.Contains(id) || ids.Contains(Canonical(id)));

    private static string Canonical(string id)
    {
        try
        {
            return IdentifierConverter.Canonicalise(id);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return id;
        }
    }

    private static string? Id(JsonElement e, string name) =>
        e.TryGetProperty(name, out var place) && place.ValueKind == JsonValueKind.Object && place.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
