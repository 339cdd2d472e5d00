using System.Text;
using System.Text.Json;
using Suyuan.Core.Epcis;

namespace Suyuan.Storage.Indexing;

/// <summary>
/// What decides whether an event sent under an eventID the store holds is the same event: its CBV 2.0 event hash (which
/// leaves out eventID, recordTime and errorDeclaration, and reads identifiers, vocabulary and extension names in one
/// canonical form, whatever their order and prefixes), and its error declaration, if any. Worked out only when an
/// eventID is met again, which is rare: the hash costs more than the rest of an append.
/// </summary>
public sealed record EventIdentity(string Hash, string? Declaration)
{
    public enum Verdict
    {
        /// <summary>An event already stored under the eventID, re-sent: stored once.</summary>
        Same,
        /// <summary>The stored event with an error declaration added (or the event itself, after its declaration): stored beside it.</summary>
        Declaration,
        /// <summary>Another event under the same eventID: refused.</summary>
        Different,
    }

    public static EventIdentity Of(JsonElement evt, EpcisContext context) => new(EventHash.Compute(evt, context), DeclarationOf(evt, context));

    /// <summary>
    /// The event's error declaration as <see cref="Declaration"/> compares it, null when it has none: what tells apart the
    /// rows kept under one eventID (they share the hash), without working out the hash.
    /// </summary>
    public static string? DeclarationOf(JsonElement evt, EpcisContext context) =>
        evt.TryGetProperty("errorDeclaration", out var declaration) ? Declared(declaration, context) : null;

    /// <summary>
    /// An error declaration in one form: its time as UTC milliseconds, its reason as the full CBV URI, its corrective
    /// eventIDs in order, and the rest with members in ordinal order; so the same declaration however written compares equal.
    /// </summary>
    private static string Declared(JsonElement declaration, EpcisContext context)
    {
        if (declaration.ValueKind != JsonValueKind.Object)
        {
            return Canonical(declaration);
        }
        var text = new StringBuilder();
        foreach (var p in declaration.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(JsonSerializer.Serialize(p.Name)).Append(':');
            switch (p.Name)
            {
                case "declarationTime" when p.Value.ValueKind == JsonValueKind.String && EpcisTime.TryParse(p.Value.GetString()!, out var time):
                    text.Append(time.ToUnixTimeMilliseconds());
                    break;
                case "reason" when p.Value.ValueKind == JsonValueKind.String:
                    text.Append(JsonSerializer.Serialize(CbvVocabulary.Normalise(p.Value.GetString()!, Vocabulary.ErrorReason, context)));
                    break;
                case "correctiveEventIDs" when p.Value.ValueKind == JsonValueKind.Array:
                    text.Append(JsonSerializer.Serialize(p.Value.EnumerateArray().Select(Canonical).Order(StringComparer.Ordinal)));
                    break;
                default:
                    Write(p.Value, text);
                    break;
            }
            text.Append(',');
        }
        return text.ToString();
    }

    /// <summary>How this event relates to those stored under its eventID.</summary>
    public Verdict Compare(IEnumerable<EventIdentity> stored)
    {
        var sameEvent = stored.Where(s => s.Hash == Hash).ToList();
        return sameEvent.Count == 0 ? Verdict.Different
            : sameEvent.Any(s => s.Declaration == Declaration) ? Verdict.Same
            : Verdict.Declaration;
    }

    /// <summary>
    /// The context of a stored event: the GS1 context, extended by the document's own prefixes and terms when it had any
    /// (stored as <see cref="StoredContextText"/> reads it, which names no GS1 context itself).
    /// </summary>
    public static EpcisContext StoredContext(string? ownTerms)
    {
        if (ownTerms is null)
        {
            return EpcisContext.Default;
        }
        using var doc = JsonDocument.Parse(ownTerms);
        return EpcisContext.Default.Extend(doc.RootElement, "");
    }

    /// <summary>A JSON value written with every object's members in ordinal order, so that member order does not count.</summary>
    private static string Canonical(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var p in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",").Append(JsonSerializer.Serialize(p.Name)).Append(':');
                    Write(p.Value, text);
                    first = false;
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(i++ == 0 ? "" : ",");
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                text.Append(JsonSerializer.Serialize(value.GetString()));
                break;
            default:
                text.Append(value.GetRawText());
                break;
        }
    }
}
