using System.Collections.Concurrent;

namespace Suyuan.Features.PublicTrace;

internal sealed record RenderedPage(int Status, string ContentType, string Body, string ETag, DateTime Expires);

/// <summary>Rendered public pages per code, language and format for a short time: a shelf of the same carton scanned all day costs one trace.</summary>
internal sealed class PublicPageCache(PublicTraceOptions options)
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, RenderedPage> _pages = new(StringComparer.Ordinal);

    public RenderedPage? Get(string key) =>
        _pages.TryGetValue(key, out var page) && page.Expires > DateTime.UtcNow ? page : null;

    public void Put(string key, RenderedPage page)
    {
        if (_pages.Count >= MaxEntries)
        {
            _pages.Clear(); // crude but bounded: the cache only ever saves work
        }
        _pages[key] = page;
    }

    public DateTime ExpiresFromNow() => DateTime.UtcNow.AddSeconds(options.CacheSeconds);

    /// <summary>A recall started or ended: every page may now show a different banner.</summary>
    public void Invalidate() => _pages.Clear();
}
