using Microsoft.Data.Sqlite;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage.Tests;

/// <summary>
/// Inside a transaction, SQLite keeps what a statement that may abort halfway would have to undo (its statement journal)
/// in a temporary file once it passes 64 KiB: for a capture's multi-row inserts, several times the bytes the events
/// themselves take, written to the host's temporary folder. The capture's inserts are OR FAIL, which needs no journal.
/// </summary>
public sealed class SqliteTemporaryFilesTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "suyuan-tempfiles-" + Guid.NewGuid().ToString("N"));

    /// <summary>The test reads the process's open files from /proc: on a system without it (macOS, Windows) it is skipped.</summary>
    public sealed class ProcFactAttribute : FactAttribute
    {
        public ProcFactAttribute()
        {
            if (!Directory.Exists("/proc/self/fd"))
            {
                Skip = "reads the process's open files from /proc/self/fd, which this system does not have (Linux only)";
            }
        }
    }

    [ProcFact]
    public async Task ALargeCaptureTransactionOpensNoTemporaryFile()
    {
        await using var store = await SqliteEventStore.OpenAsync(_data);
        await using var capture = await store.BeginCaptureAsync(null);
        for (var batch = 0; batch < 3; batch++)
        {
            var events = Enumerable.Range(batch * 1000, 1000)
                .Select(i => Events.Parse(Events.Object($"urn:uuid:00000000-0000-4000-8000-{i:D12}", epcs: [$"urn:epc:id:sgtin:0614141.107346.{i}", $"urn:epc:id:sgtin:0614141.107346.x{i}"])))
                .ToList();
            Assert.Equal(1000, (await capture.AppendAsync(events)).Stored);
        }

        // SQLite unlinks its temporary files as it opens them: while the transaction is open they show only as open files.
        var temporary = Directory.GetFiles("/proc/self/fd")
            .Select(LinkTarget)
            .Where(target => target is not null && target.Contains("etilqs_", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(temporary);
        await capture.CommitAsync();
    }

    /// <summary>What an open file of the process points to; null when it closed meanwhile (other tests run beside this one).</summary>
    private static string? LinkTarget(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
