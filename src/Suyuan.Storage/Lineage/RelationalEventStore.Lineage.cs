using System.Data.Common;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage;

// The lineage hook of the write path, kept apart from the store's own code.
internal abstract partial class RelationalEventStore
{
    /// <summary>Lineage rows of the events just written, in the same transaction.</summary>
    private static Task WriteLineageAsync(WriteSession session, IReadOnlyList<(long Row, long Time, LineageFacts Facts, bool PlacesOnly)> events,
        Dictionary<string, long> ids, CancellationToken ct) =>
        LineageWriter.WriteAsync(session, events, ids, ct);

    /// <summary>
    /// Takes the lineage rows of events declared erroneous out of the lineage, in the capturing transaction: a trace or a
    /// recall no longer goes through them (EPCIS 2.0: an event with an error declaration is superseded). The events stay
    /// in the repository, and so do their places (<c>lineage_places</c>), by which their owners and regulators read them;
    /// the lineage's own readers of places take only events it still holds. Rare, so plain deletes (those tables are keyed
    /// by identifier, not by event, so each is read through).
    /// </summary>
    private static async Task RemoveLineageAsync(WriteSession session, IReadOnlyList<long> rows, CancellationToken ct)
    {
        var list = string.Join(", ", rows.Distinct().Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var table in new[] { "lineage_edges", "lineage_presence", "lineage_events" })
        {
            await Db.ExecuteAsync(session.Connection, session.Transaction, $"DELETE FROM {table} WHERE event IN ({list})", ct);
        }
        await Db.ExecuteAsync(session.Connection, session.Transaction, $"UPDATE events SET lineage = NULL WHERE id IN ({list})", ct);
    }

    internal ValueTask<DbConnection> OpenLineageConnectionAsync(CancellationToken ct) => OpenReadConnectionAsync(ct);
}
