using Suyuan.Storage.Indexing;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage;

/// <summary>
/// A batch of events indexed before its transaction touches the database: every step of an append that needs no database
/// (the index rows, the lineage facts, the body with holes for its ids, the strings to intern), each from one walk of
/// the event.
/// </summary>
/// <remarks>
/// A capture document's batches are prepared where the document is checked, before its 202, so that the single writer
/// does only the database's part (docs/benchmarks.md, "Batches indexed at acceptance"). Building the next batch on
/// another thread of the writer while it stores the current one was measured earlier and not kept.
/// </remarks>
public sealed class PreparedEvents
{
    private PreparedEvents(IReadOnlyList<EventInput> inputs) => Inputs = inputs;

    public IReadOnlyList<EventInput> Inputs { get; }

    /// <summary>The events the store cannot index, by position in <see cref="Inputs"/>.</summary>
    internal List<EventOutcome> Invalid { get; } = [];

    internal List<PreparedEvent> Accepted { get; } = [];

    /// <summary>Every string the accepted events' rows and lineage refer to.</summary>
    internal HashSet<string> Strings { get; } = new(StringComparer.Ordinal);

    public static PreparedEvents Prepare(IReadOnlyList<EventInput> inputs)
    {
        var prepared = new PreparedEvents(inputs);
        var forms = new Dictionary<string, (string Canonical, string Stored)>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (!EventIndexer.TryIndex(input, out var indexed, out var error))
            {
                prepared.Invalid.Add(new EventOutcome(i, EventIndexer.TryEventId(input.Event), AppendStatus.Invalid, error));
                continue;
            }
            if (indexed.EventId.Length > MaxStoredStringBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(indexed.EventId) > MaxStoredStringBytes)
            {
                prepared.Invalid.Add(new EventOutcome(i, indexed.EventId, AppendStatus.Invalid, Overlong("eventID", indexed.EventId), "/eventID"));
                continue;
            }
            var e = new PreparedEvent(i, indexed, EventIds.Pack(indexed.EventId), EventIds.Hash(indexed.EventId),
                EventBody.Prepare(input.Event, indexed), LineageFacts.Extract(indexed, forms));
            prepared.Accepted.Add(e);
            e.CollectStrings(prepared.Strings);
        }
        foreach (var s in prepared.Strings)
        {
            // A UTF-16 unit is at most 3 bytes in UTF-8: shorter strings are not counted.
            if (s.Length > MaxStoredStringBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(s) > MaxStoredStringBytes)
            {
                prepared.RefuseOverlong();
                break;
            }
        }
        return prepared;
    }

    /// <summary>
    /// The longest eventID, and the longest value the store keeps in its string dictionary (identifiers, vocabulary values
    /// and types, extension field names), in UTF-8 bytes. PostgreSQL's b-tree indexes of both take at most 2,704 bytes a
    /// row; one limit on both stores, with room to spare, means an event both take or both refuse. The terms an event's
    /// @context declares beyond the standard context are kept as one such value, and held to it too (about 40 prefixes).
    /// </summary>
    public const int MaxStoredStringBytes = 2_048;

    private static string Overlong(string what, string value) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the {what} '{value[..60]}…' is {System.Text.Encoding.UTF8.GetByteCount(value):N0} bytes long: eventIDs, identifiers, vocabulary values, " +
            $"extension field names and an event's own @context terms are kept up to {MaxStoredStringBytes:N0} bytes (extension field values may be longer)");

    /// <summary>
    /// Where an over-long value is in the event: the first property name or string equal to it, else (the store keeps
    /// some values in another form, an extension field's name expanded, a vocabulary value as its URI) the first one as
    /// long as the limit. Null when neither is found.
    /// </summary>
    internal static string? PointerTo(System.Text.Json.JsonElement source, string value)
    {
        return Find(source, "", s => string.Equals(s, value, StringComparison.Ordinal))
            ?? Find(source, "", s => s.Length > MaxStoredStringBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(s) > MaxStoredStringBytes);

        static string? Find(System.Text.Json.JsonElement e, string at, Func<string, bool> match)
        {
            switch (e.ValueKind)
            {
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        var child = at + "/" + p.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                        if (match(p.Name))
                        {
                            return child;
                        }
                        if (Find(p.Value, child, match) is { } found)
                        {
                            return found;
                        }
                    }
                    return null;
                case System.Text.Json.JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in e.EnumerateArray())
                    {
                        if (Find(item, at + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), match) is { } found)
                        {
                            return found;
                        }
                        i++;
                    }
                    return null;
                case System.Text.Json.JsonValueKind.String:
                    return match(e.GetString()!) ? at : null;
                default:
                    return null;
            }
        }
    }

    /// <summary>Refuses the events that name a value over <see cref="MaxStoredStringBytes"/>, and collects the others' strings anew.</summary>
    private void RefuseOverlong()
    {
        var kept = new List<PreparedEvent>(Accepted.Count);
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Accepted)
        {
            own.Clear();
            e.CollectStrings(own);
            var overlong = own.FirstOrDefault(s => System.Text.Encoding.UTF8.GetByteCount(s) > MaxStoredStringBytes);
            if (overlong is null)
            {
                kept.Add(e);
                continue;
            }
            var context = overlong == e.Event.Context;
            Invalid.Add(new EventOutcome(e.Index, e.Event.EventId, AppendStatus.Invalid,
                Overlong(context ? "@context's own terms" : "value", overlong),
                context ? (e.Event.Source.TryGetProperty("@context", out _) ? "/@context" : null) : PointerTo(e.Event.Source, overlong)));
        }
        Accepted.Clear();
        Accepted.AddRange(kept);
        Strings.Clear();
        foreach (var e in kept)
        {
            e.CollectStrings(Strings);
        }
    }
}

/// <summary>One indexed event of a <see cref="PreparedEvents"/>, at <see cref="Index"/> in its batch.</summary>
internal sealed record PreparedEvent(int Index, IndexedEvent Event, byte[] Packed, long Hash, BodyTemplate Body, LineageFacts Facts)
{
    public void CollectStrings(HashSet<string> into)
    {
        var e = Event;
        Body.CollectStrings(into);
        into.Add(e.Type);
        AddIfSet(into, e.Context, e.BizStep, e.Disposition, e.ReadPoint, e.BizLocation, e.TransformationId, e.ErrorReason);
        foreach (var r in e.Refs)
        {
            into.Add(r.Value);
            AddIfSet(into, r.Qualifier);
        }
        foreach (var q in e.Quantities)
        {
            into.Add(q.EpcClass);
            AddIfSet(into, q.Uom);
        }
        foreach (var f in e.Fields)
        {
            into.Add(f.Name);
        }
        Facts.CollectStrings(into);
    }

    private static void AddIfSet(HashSet<string> set, params ReadOnlySpan<string?> values)
    {
        foreach (var v in values)
        {
            if (v is not null)
            {
                set.Add(v);
            }
        }
    }
}
