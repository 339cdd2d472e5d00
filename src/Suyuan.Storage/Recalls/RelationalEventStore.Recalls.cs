using System.Data.Common;

namespace Suyuan.Storage;

// The recall registry reads and writes its own table on the store's connections, apart from the event write path.
internal abstract partial class RelationalEventStore
{
    internal ValueTask<DbConnection> OpenRecallConnectionAsync(CancellationToken ct) => OpenReadConnectionAsync(ct);
}
