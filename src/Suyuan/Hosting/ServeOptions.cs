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
}
