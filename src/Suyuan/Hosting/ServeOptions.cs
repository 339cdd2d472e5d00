namespace Suyuan.Hosting;

/// <summary>How the platform is run: where it listens, where it keeps data, which store.</summary>
public sealed record ServeOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Folder of the embedded SQLite database and capture spool.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>A PostgreSQL connection string; when set, PostgreSQL is the store instead of SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Seed the demo city when the store is empty.</summary>
    public bool Demo { get; init; }

    /// <summary>Most events one capture document may hold (advertised as GS1-EPCIS-Capture-Limit).</summary>
    public int CaptureEventLimit { get; init; } = 10_000;

    /// <summary>Largest capture document in bytes (advertised as GS1-EPCIS-Capture-File-Size-Limit).</summary>
    public long CaptureFileSizeLimit { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Bytes of accepted documents whose events are kept checked in memory for the writer; a document that does not fit is
    /// read again from its spool file by the writer. Counting events alone let two 64 MB documents of large events be held
    /// at once (645 MiB resident after four such documents, 400 MiB with this budget); the capture benchmark's documents
    /// (0.4 MB each) stay well within it.
    /// </summary>
    public long CapturePreparedByteBudget { get; init; } = 24L << 20;
}
