using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage.Lineage;

/// <summary>Writes the lineage rows of a batch of stored events inside the capture's transaction.</summary>
internal static class LineageWriter
{
    /// <param name="ids">The ids of every string the facts refer to (<see cref="LineageFacts.CollectStrings"/>).</param>
    /// <param name="events">Each event's facts; <c>PlacesOnly</c> for one that adds nothing to the lineage (an error
    /// declaration, an event declared erroneous), whose places are still written: readers are given events by them.</param>
    public static async Task WriteAsync(RelationalEventStore.WriteSession session, IReadOnlyList<(long Row, long Time, LineageFacts Facts, bool PlacesOnly)> events,
        Dictionary<string, long> ids, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }
        var rows = new LineageRows();
        foreach (var (row, time, f, placesOnly) in events)
        {
            if (placesOnly)
            {
                foreach (var place in f.Places)
                {
                    rows.Places.Add((ids[place], time, row));
                }
                continue;
            }
            var seq = 0;
            foreach (var e in f.Edges.Distinct())
            {
                rows.Edges.Add((ids[e.Src], ids[e.Dst], (short)e.Kind, row, seq++, time, e.SrcQuantity, e.SrcUom, e.DstQuantity, e.DstUom));
            }
            foreach (var p in f.Presence)
            {
                rows.Presence.Add((ids[p.Node], time, row, p.Quantity, p.Uom));
            }
            foreach (var place in f.Places)
            {
                rows.Places.Add((ids[place], time, row));
            }
        }
        if (session.Connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, rows, ct);
        }
        else
        {
            Insert((ISqliteWriteSession)session, rows);
        }
    }

    private sealed class LineageRows
    {
        public List<(long Src, long Dst, short Kind, long Event, int Seq, long Time, double? SrcQ, string? SrcU, double? DstQ, string? DstU)> Edges { get; } = [];
        public List<(long Node, long Time, long Event, double? Quantity, string? Uom)> Presence { get; } = [];
        public List<(long Place, long Time, long Event)> Places { get; } = [];
    }

    private static void Insert(ISqliteWriteSession session, LineageRows rows)
    {
        // seq tells apart two edges of one event between the same nodes (SQLite's key; PostgreSQL keeps a heap).
        var edges = session.Rows("lineage_edges (src, dst, kind, event, seq, time, src_quantity, src_uom, dst_quantity, dst_uom)", 10, 32);
        foreach (var e in rows.Edges)
        {
            edges.Add(e.Src, e.Dst, e.Kind, e.Event, e.Seq, e.Time, e.SrcQ, e.SrcU, e.DstQ, e.DstU);
        }
        edges.Flush();
        var presence = session.Rows("lineage_presence (node, time, event, quantity, uom)", 5, 64, ignoreConflicts: true);
        foreach (var p in rows.Presence)
        {
            presence.Add(p.Node, p.Time, p.Event, p.Quantity, p.Uom);
        }
        presence.Flush();
        var places = session.Rows("lineage_places (place, time, event)", 3, 128, ignoreConflicts: true);
        foreach (var p in rows.Places)
        {
            places.Add(p.Place, p.Time, p.Event);
        }
        places.Flush();
    }

    private static async Task CopyAsync(NpgsqlConnection connection, LineageRows rows, CancellationToken ct)
    {
        if (rows.Edges.Count > 0)
        {
            await using var edges = await connection.BeginBinaryImportAsync("COPY lineage_edges (src, dst, kind, event, time, src_quantity, src_uom, dst_quantity, dst_uom) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var e in rows.Edges)
            {
                await edges.StartRowAsync(ct);
                await edges.WriteAsync(e.Src, NpgsqlDbType.Bigint, ct);
                await edges.WriteAsync(e.Dst, NpgsqlDbType.Bigint, ct);
                await edges.WriteAsync(e.Kind, NpgsqlDbType.Smallint, ct);
                await edges.WriteAsync(e.Event, NpgsqlDbType.Bigint, ct);
                await edges.WriteAsync(e.Time, NpgsqlDbType.Bigint, ct);
                await WriteAsync(edges, e.SrcQ, e.SrcU, ct);
                await WriteAsync(edges, e.DstQ, e.DstU, ct);
            }
            await edges.CompleteAsync(ct);
        }
        if (rows.Presence.Count > 0)
        {
            await using var presence = await connection.BeginBinaryImportAsync("COPY lineage_presence (node, time, event, quantity, uom) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var p in rows.Presence)
            {
                await presence.StartRowAsync(ct);
                await presence.WriteAsync(p.Node, NpgsqlDbType.Bigint, ct);
                await presence.WriteAsync(p.Time, NpgsqlDbType.Bigint, ct);
                await presence.WriteAsync(p.Event, NpgsqlDbType.Bigint, ct);
                await WriteAsync(presence, p.Quantity, p.Uom, ct);
            }
            await presence.CompleteAsync(ct);
        }
        if (rows.Places.Count > 0)
        {
            await using var places = await connection.BeginBinaryImportAsync("COPY lineage_places (place, time, event) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var p in rows.Places)
            {
                await places.WriteRowAsync(ct, p.Place, p.Time, p.Event);
            }
            await places.CompleteAsync(ct);
        }
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, double? quantity, string? uom, CancellationToken ct)
    {
        if (quantity is { } q)
        {
            await importer.WriteAsync(q, NpgsqlDbType.Double, ct);
        }
        else
        {
            await importer.WriteNullAsync(ct);
        }
        if (uom is not null)
        {
            await importer.WriteAsync(uom, NpgsqlDbType.Text, ct);
        }
        else
        {
            await importer.WriteNullAsync(ct);
        }
    }
}
