using System.Data.Common;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage;

// The lineage hook of the write path, kept apart from the store's own code.
internal abstract partial class RelationalEventStore
{
    /// <summary>Lineage rows of the events just written, in the same transaction.</summary>
    private static Task WriteLineageAsync(WriteSession session, IReadOnlyList<(long Row, long Time, LineageFacts Facts)> events,
        Dictionary<string, long> ids, CancellationToken ct) =>
        LineageWriter.WriteAsync(session, events, ids, ct);

    internal ValueTask<DbConnection> OpenLineageConnectionAsync(CancellationToken ct) => OpenReadConnectionAsync(ct);
}
