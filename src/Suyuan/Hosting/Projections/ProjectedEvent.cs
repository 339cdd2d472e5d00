using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Storage;

namespace Suyuan.Hosting.Projections;

/// <summary>
/// A stored event handed to derived views: its JSON as captured and the context its prefixes resolve in.
/// Extension fields keep the names they were sent with (<c>sy:certificateNumber</c>, or a full IRI); <see cref="Extension"/> finds them by namespace.
/// </summary>
public sealed class ProjectedEvent
{
    public ProjectedEvent(FeedEvent feed)
    {
        Sequence = feed.Sequence;
        EventId = feed.Event.EventId;
        RecordTime = feed.Event.RecordTime;
        Json = JsonDocument.Parse(feed.Event.Json).RootElement;
        Context = ContextOf(feed.Event.Context);
    }

    private object? _derived;

    public long Sequence { get; }

    public string EventId { get; }

    public DateTimeOffset RecordTime { get; }

    public JsonElement Json { get; }

    public EpcisContext Context { get; }

    /// <summary>The event's type; read once, as every view asks for it.</summary>
    public string Type => _type ??= Json.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";

    private string? _type;

    public DateTimeOffset EventTime => Json.TryGetProperty("eventTime", out var t) && t.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time) ? time : RecordTime;

    /// <summary>A top-level string member (bizStep, disposition, action...), or null.</summary>
    public string? String(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The <c>id</c> of an object member such as bizLocation or readPoint, or null.</summary>
    public string? IdOf(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
        && v.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>The strings of an array member such as epcList, inputEPCList or childEPCs.</summary>
    public IReadOnlyList<string> Strings(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
        ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
        : [];

    /// <summary>An extension member named <paramref name="localName"/> in <paramref name="namespaceIri"/>, at the top level or else in ilmd.</summary>
    public JsonElement? Extension(string namespaceIri, string localName) =>
        Find(Json, namespaceIri, localName) ?? (Json.TryGetProperty("ilmd", out var ilmd) && ilmd.ValueKind == JsonValueKind.Object ? Find(ilmd, namespaceIri, localName) : null);

    /// <summary>An extension member's text (strings as they are, numbers and booleans as JSON), or null.</summary>
    public string? ExtensionText(string namespaceIri, string localName) => Extension(namespaceIri, localName) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A view derived from this event, made on first request and kept, so the views that read the same event share it. One
    /// kind of view per event; views run one after another on the projection worker, so there is no concurrent first use.
    /// </summary>
    public T Derived<T>(Func<ProjectedEvent, T> make) where T : class
    {
        if (_derived is T made)
        {
            return made;
        }
        var fresh = make(this);
        _derived = fresh;
        return fresh;
    }

    private JsonElement? Find(JsonElement container, string namespaceIri, string localName)
    {
        // Compared with the members' names as they are in the JSON rather than read out as strings.
        var names = NamesOf(Context, namespaceIri, localName);
        foreach (var member in container.EnumerateObject())
        {
            foreach (var name in names)
            {
                if (member.NameEquals(name))
                {
                    return member.Value;
                }
            }
        }
        return null;
    }

    /// <summary>Names by which the views look extension members up, per context: every event of a document shares its context.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EpcisContext, System.Collections.Concurrent.ConcurrentDictionary<(string, string), string[]>> Names = new();

    /// <summary>The names a member may have: its full IRI, or prefix:localName for each prefix of the namespace.</summary>
    private static string[] NamesOf(EpcisContext context, string namespaceIri, string localName) =>
        Names.GetValue(context, static _ => new()).GetOrAdd((namespaceIri, localName), static (key, context) =>
            [key.Item1 + key.Item2, .. context.Prefixes.Where(p => p.Value == key.Item1).Select(p => p.Key + ":" + key.Item2)], context);

    /// <summary>Contexts as stored (JSON text) and as read, so the events of one document read theirs once.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, EpcisContext> Contexts = new(StringComparer.Ordinal);

    private static EpcisContext ContextOf(string? stored)
    {
        if (stored is null)
        {
            return EpcisContext.Default;
        }
        if (Contexts.TryGetValue(stored, out var known))
        {
            return known;
        }
        using var doc = JsonDocument.Parse(stored);
        var context = EpcisContext.Default.Extend(doc.RootElement, "/@context");
        if (Contexts.Count >= 1_000)
        {
            Contexts.Clear();
        }
        Contexts[stored] = context;
        return context;
    }
}
