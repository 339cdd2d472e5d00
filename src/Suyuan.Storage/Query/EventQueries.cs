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
    public static async IAsyncEnumerable<StoredEvent> AllAsync(this IEventStore store, IReadOnlyList<KeyValuePair<string, string>> parameters,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? token = null;
        do
        {
            var given = parameters.Append(new("perPage", PageSize.ToString(CultureInfo.InvariantCulture)));
            if (token is not null)
            {
                given = given.Append(new("nextPageToken", token));
            }
            if (EpcisQuery.Parse(given).Query is not { } query)
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

    /// <summary>The events stored under these eventIDs (an error declaration is a second row of its eventID), in recorded order.</summary>
    public static async IAsyncEnumerable<StoredEvent> WithEventIdsAsync(this IEventStore store, IReadOnlyCollection<string> eventIds,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (eventIds.Count == 0)
        {
            yield break;
        }
        string? token = null;
        do
        {
            // Listed: each eventID is one value, whatever it holds ('|' included).
            var given = new List<KeyValuePair<string, IEnumerable<string?>>>
            {
                new("EQ_eventID", eventIds),
                new("perPage", [PageSize.ToString(CultureInfo.InvariantCulture)]),
            };
            if (token is not null)
            {
                given.Add(new("nextPageToken", [token]));
            }
            if (EpcisQuery.Parse(given, listed: true).Query is not { } query)
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
