using System.Globalization;
using System.Runtime.CompilerServices;

namespace Suyuan.Storage.Query;

/// <summary>Queries the platform asks of the repository itself, read through to the last page.</summary>
public static class EventQueries
{
    private const int PageSize = 1_000;

    /// <summary>
    /// Every event matching the EPCIS query parameters, page by page. Parameters the query interface refuses (a value it
    /// cannot take, such as an identifier holding '|') match nothing.
    /// </summary>
    public static IAsyncEnumerable<StoredEvent> AllAsync(this IEventStore store, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct = default) =>
        PagesAsync(store, [.. parameters.Select(p => new KeyValuePair<string, IEnumerable<string?>>(p.Key, [p.Value]))], listed: false, ct);

    /// <summary>The events stored under these eventIDs (an error declaration is a second row of its eventID), in recorded order.</summary>
    public static IAsyncEnumerable<StoredEvent> WithEventIdsAsync(this IEventStore store, IReadOnlyCollection<string> eventIds, CancellationToken ct = default) =>
        eventIds.Count == 0
            ? AsyncEnumerable.Empty<StoredEvent>()
            // Listed: each eventID is one value, whatever it holds ('|' included).
            : PagesAsync(store, [new("EQ_eventID", eventIds)], listed: true, ct);

    private static async IAsyncEnumerable<StoredEvent> PagesAsync(IEventStore store, IReadOnlyList<KeyValuePair<string, IEnumerable<string?>>> parameters, bool listed,
        [EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var given = new List<KeyValuePair<string, IEnumerable<string?>>>(parameters) { new("perPage", [PageSize.ToString(CultureInfo.InvariantCulture)]) };
            if (token is not null)
            {
                given.Add(new("nextPageToken", [token]));
            }
            if (EpcisQuery.Parse(given, listed: listed).Query is not { } query)
            {
                yield break;
            }
            var page = await store.QueryAsync(query, ct);
            await foreach (var stored in page.Events.WithCancellation(ct))
            {
                yield return stored;
            }
            token = page.NextPageToken;
        }
        while (token is not null);
    }
}
