using System.Threading.RateLimiting;

namespace Suyuan.Features.PublicTrace;

/// <summary>
/// Counts only misses (unknown or malformed codes) per client IP with a token bucket (System.Threading.RateLimiting): guessing codes
/// runs dry, while a good scan never takes a token, so it is never refused.
/// </summary>
internal sealed class MissLimiter(PublicTraceOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetTokenBucketLimiter(ip, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.MissBurst,
            TokensPerPeriod = options.MissesPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Records one miss; false (with when to retry) once the client has missed too often.</summary>
    public bool TryMiss(HttpContext http, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
