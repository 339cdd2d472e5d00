using System.Text.Json;

namespace Suyuan.Storage.Indexing;

/// <summary>
/// An event's stored context as written at capture (<c>EventIndexer.BuildContextJson</c>), read back: the document's own
/// prefixes and terms as an object, after the URLs of contexts it named that are not resolved here when it named any (an array).
/// </summary>
public sealed class StoredContextText : Dictionary<string, string>
{
    private StoredContextText() : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The contexts named by URL that are not resolved here, in order.</summary>
    public List<string> Urls { get; } = [];

    /// <summary>Nothing of its own: an event captured with the GS1 context alone.</summary>
    public static StoredContextText Empty() => new();

    public static StoredContextText Read(string? json)
    {
        var context = new StoredContextText();
        if (json is null)
        {
            return context;
        }
        using var doc = JsonDocument.Parse(json);
        foreach (var entry in doc.RootElement.ValueKind == JsonValueKind.Array ? [.. doc.RootElement.EnumerateArray()] : new[] { doc.RootElement })
        {
            if (entry.ValueKind == JsonValueKind.String)
            {
                context.Urls.Add(entry.GetString()!);
            }
            else if (entry.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in entry.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    context[p.Name] = p.Value.GetString()!;
                }
            }
        }
        return context;
    }
}
