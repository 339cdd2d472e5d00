using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage;

internal abstract partial class RelationalEventStore
{
    /// <summary>The sensor report table's columns, in the order both providers' writers give them.</summary>
    internal const string SensorReportColumns = "event, seq, type, uom, value, min_value, max_value, mean_value, sdev, perc_rank, perc_value, boolean_value, "
        + "time, start_time, end_time, device_id, data_processing_method, microorganism, chemical_substance, biz_rules, string_value, uri_value, hex_binary_value";

    private const int BackfillBatch = 500;

    /// <summary>
    /// Writes the rows a migration adds for events stored before it, which SQL alone cannot work out (they come from the
    /// events' JSON, read as capture reads it). Such a migration leaves a row in <c>index_backfills</c>: the table and the
    /// range of event ids still to go through. Each batch is one transaction that also moves that row on, so a stop part
    /// way resumes where it was, nothing is written twice, and the row goes when the range is done. Runs at start, after
    /// the migrations; with several servers on one PostgreSQL database, a batch another has done is skipped.
    /// </summary>
    internal async Task BackfillAsync(DbConnection connection, string? lockSql, Action<string>? progress, CancellationToken ct)
    {
        while (true)
        {
            string name;
            long next, upTo;
            await using (var read = Db.Command(connection, null, "SELECT name, next_id, up_to_id FROM index_backfills ORDER BY name LIMIT 1"))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct))
                {
                    return;
                }
                (name, next, upTo) = (reader.GetString(0), Db.Int64(reader, 1), Db.Int64(reader, 2));
            }
            if (name != "sensor_reports")
            {
                throw new InvalidDataException($"index_backfills names '{name}', which this build does not know how to fill");
            }
            var ids = new List<long>();
            await using (var select = Db.Command(connection, null,
                "SELECT id FROM events WHERE id >= @next AND id <= @upTo AND has_sensor IS NOT NULL ORDER BY id LIMIT " + BackfillBatch.ToString(CultureInfo.InvariantCulture),
                [Db.P("@next", next), Db.P("@upTo", upTo)]))
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(Db.Int64(reader, 0));
                }
            }
            var rows = new List<(long Event, int Seq, SensorReading Reading)>();
            if (ids.Count > 0)
            {
                await foreach (var (id, stored) in ReadEventRowsAsync(await OpenReadConnectionAsync(ct), ids, ct))
                {
                    using var json = JsonDocument.Parse(stored.Json);
                    if (!EventIndexer.TryIndex(new EventInput(json.RootElement, EventIdentity.StoredContext(stored.Context)), out var indexed, out var error))
                    {
                        // Stored once, so indexable then: say so and go on rather than keep the server from starting.
                        progress?.Invoke($"storage: the stored event {stored.EventId} could not be read for its {name} ({error}); it is passed over");
                        continue;
                    }
                    var seq = 0;
                    foreach (var reading in indexed.Sensors)
                    {
                        rows.Add((id, seq++, reading));
                    }
                }
            }
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (lockSql is not null)
            {
                await Db.ExecuteAsync(connection, tx, lockSql, ct);
            }
            // Another server may have done this batch meanwhile: then only read where the range stands now.
            if (Convert.ToInt64(await Db.ScalarAsync(connection, tx, "SELECT next_id FROM index_backfills WHERE name = @n", ct, Db.P("@n", name)) ?? -1L) != next)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            if (ids.Count == 0)
            {
                await Db.ExecuteAsync(connection, tx, "DELETE FROM index_backfills WHERE name = @n", ct, Db.P("@n", name));
                await tx.CommitAsync(ct);
                progress?.Invoke($"storage: {name} written for the events stored before it");
                continue;
            }
            await Db.ExecuteAsync(connection, tx, $"DELETE FROM sensor_reports WHERE event IN ({string.Join(", ", ids)})", ct);
            foreach (var (evt, seq, s) in rows)
            {
                object?[] values =
                [
                    evt, seq, s.Type, s.Uom, s.Value, s.MinValue, s.MaxValue, s.MeanValue, s.SDev, s.PercRank, s.PercValue, s.BooleanValue, s.Time, s.StartTime, s.EndTime,
                    .. Enumerable.Range(0, EventIndexer.SensorNameColumns.Length).Select(n => (object?)s.Names?[n]),
                ];
                await Db.ExecuteAsync(connection, tx, $"INSERT INTO sensor_reports ({SensorReportColumns}) VALUES ({string.Join(", ", values.Select((_, i) => "@v" + i))})", ct,
                    values.Select((v, i) => Db.P("@v" + i, v)));
            }
            await Db.ExecuteAsync(connection, tx, "UPDATE index_backfills SET next_id = @next WHERE name = @n", ct, Db.P("@next", ids[^1] + 1), Db.P("@n", name));
            await tx.CommitAsync(ct);
            progress?.Invoke($"storage: {name} written for events up to id {ids[^1]} of {upTo}");
        }
    }
}
