namespace Suyuan.Features.PublicTrace;

/// <summary>
/// Settings of the public side (configuration section "PublicTrace", e.g. environment PublicTrace__BaseUrl).
/// A client may miss (unknown or malformed codes) MissBurst times at once and MissesPerMinute more each minute; good scans are never limited.
/// </summary>
internal sealed class PublicTraceOptions
{
    /// <summary>The public base URL printed into QR codes (https://trace.example.cn); null = the request's own scheme and host.</summary>
    public string? BaseUrl { get; init; }

    public int MissBurst { get; init; } = 20;

    public int MissesPerMinute { get; init; } = 20;

    /// <summary>How long a rendered page is kept per code, language and format (recalls clear it at once).</summary>
    public int CacheSeconds { get; init; } = 30;

    /// <summary>Cache-Control max-age sent to browsers and proxies.</summary>
    public int MaxAgeSeconds { get; init; } = 60;
}
