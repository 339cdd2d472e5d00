using System.Globalization;
using System.Runtime.CompilerServices;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Rules;

/// <summary>
/// Events already stored that a record arriving late bears on, found by an EPCIS query and read as the rules read events.
/// Enterprises send their data on their own schedules: a pesticide application may arrive after the harvest it concerns,
/// a drug's coding after its dispensing, a recall event after the sale. The rule whose state the earlier record would have
/// met looks back through the repository when the late one arrives; the alert it raises is the one the other order would
/// have raised (same events, same dedupe key), so both orders, and a replay, give one alert.
/// </summary>
internal static class StoredRecords
{
    /// <summary>Identifiers per query: each is looked up in all its forms, and a parameter takes at most 1,000 values.</summary>
    private const int IdentifiersPerQuery = 100;

    /// <summary>
    /// The events matching the parameters (EPCIS query names and values, lists joined by '|'), page by page; events declared
    /// erroneous are left out. Parameters the query interface cannot take (an identifier holding '|', a malformed pattern:
    /// data accepted as opaque URIs) find nothing rather than stop the rule.
    /// </summary>
    public static async IAsyncEnumerable<RuleEvent> FindAsync(IEventStore store, IReadOnlyList<(string Name, string Value)> parameters,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in PagesAsync(store, [.. parameters, ("EXISTS_errorDeclaration", "true")], ct))
        {
            declared.Add(e.EventId);
        }
        await foreach (var e in PagesAsync(store, parameters, ct))
        {
            if (!declared.Contains(e.EventId))
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// The events that name any of the identifiers (as EPCs, or as classes of their quantities), matching the other
    /// parameters as well; each event once.
    /// </summary>
    public static async IAsyncEnumerable<RuleEvent> NamingAsync(IEventStore store, IReadOnlyList<string> identifiers, IReadOnlyList<(string Name, string Value)> parameters,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queryable = identifiers.Distinct(StringComparer.Ordinal).Where(id => !id.Contains('|', StringComparison.Ordinal)).ToList();
        foreach (var chunk in queryable.Chunk(IdentifiersPerQuery))
        {
            foreach (var match in new[] { "MATCH_anyEPC", "MATCH_anyEPCClass" })
            {
                // A value the parser refuses would make the whole list fail: the values are then asked for one by one.
                IEnumerable<string[]> lists = Parses([.. parameters, (match, string.Join('|', chunk))]) ? [chunk] : chunk.Select(id => new[] { id });
                foreach (var list in lists)
                {
                    await foreach (var e in FindAsync(store, [.. parameters, (match, string.Join('|', list))], ct))
                    {
                        if (seen.Add(e.EventId))
                        {
                            yield return e;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether the event has been declared erroneous in the repository by now. A late record declared erroneous before the
    /// rule reaches it looks back for nothing: the declaration, later in the feed, takes back the rest of what it left.
    /// </summary>
    public static async Task<bool> IsDeclaredAsync(IEventStore store, string eventId, CancellationToken ct)
    {
        await foreach (var _ in store.AllAsync([new("EQ_eventID", eventId), new("EXISTS_errorDeclaration", "true")], ct))
        {
            return true;
        }
        return false;
    }

    /// <summary>A time as a query parameter takes it.</summary>
    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static List<KeyValuePair<string, string>> Pairs(IEnumerable<(string Name, string Value)> parameters) =>
        [.. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    private static bool Parses(IReadOnlyList<(string Name, string Value)> parameters) => EpcisQuery.Parse(Pairs(parameters)).Query is not null;

    /// <summary>The matching events as the rules read them.</summary>
    private static async IAsyncEnumerable<RuleEvent> PagesAsync(IEventStore store, IReadOnlyList<(string Name, string Value)> parameters, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var stored in store.AllAsync(Pairs(parameters), ct))
        {
            yield return RuleEvent.Of(new ProjectedEvent(new FeedEvent(0, stored)));
        }
    }
}
