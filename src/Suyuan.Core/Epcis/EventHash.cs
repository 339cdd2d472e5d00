using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Suyuan.Core.Epcis.Hashing;

namespace Suyuan.Core.Epcis;

/// <summary>The CBV 2.0 canonical event hash ("event hash ID").</summary>
public static class EventHash
{
    private const string Prefix = "ni:///sha-256;";
    private const string Suffix = "?ver=CBV2.0";

    /// <summary>The canonical pre-hash string of one event.</summary>
    public static string PreHash(JsonElement evt, EpcisContext context) => PreHash(evt, context, ignoredFields: null);

    /// <summary>The canonical pre-hash string of one event, leaving out the fields (names or IRIs) its document declares ignorable.</summary>
    public static string PreHash(JsonElement evt, EpcisContext context, IReadOnlySet<string>? ignoredFields) =>
        PreHashWriter.ForCurrentThread().Write(evt, context, ignoredFields);

    /// <summary><c>ni:///sha-256;{hex}?ver=CBV2.0</c> of one event.</summary>
    public static string Compute(JsonElement evt, EpcisContext context) => Compute(evt, context, ignoredFields: null);

    /// <summary><c>ni:///sha-256;{hex}?ver=CBV2.0</c> of one event, leaving out the fields its document declares ignorable.</summary>
    public static string Compute(JsonElement evt, EpcisContext context, IReadOnlySet<string>? ignoredFields) =>
        PreHashWriter.ForCurrentThread().Hash(evt, context, ignoredFields);

    /// <summary>One hash per event, in document order, of an EPCISDocument, an EPCISQueryDocument or a single event.</summary>
    public static IReadOnlyList<string> ComputeAll(JsonElement document)
    {
        var context = EpcisContext.FromDocument(document, contextRequired: false);
        var (events, ignored) = EventsOf(document, context);
        var writer = PreHashWriter.ForCurrentThread();
        if (events.ValueKind != JsonValueKind.Array)
        {
            return [writer.Hash(events, context, ignored)];
        }
        var hashes = new List<string>(events.GetArrayLength());
        foreach (var evt in events.EnumerateArray())
        {
            hashes.Add(writer.Hash(evt, context, ignored));
        }
        return hashes;
    }

    /// <summary>One pre-hash string per event, in document order, of an EPCISDocument, an EPCISQueryDocument or a single event.</summary>
    public static IReadOnlyList<string> PreHashAll(JsonElement document)
    {
        var context = EpcisContext.FromDocument(document, contextRequired: false);
        var (events, ignored) = EventsOf(document, context);
        var writer = PreHashWriter.ForCurrentThread();
        var result = new List<string>(events.ValueKind == JsonValueKind.Array ? events.GetArrayLength() : 1);
        if (events.ValueKind == JsonValueKind.Array)
        {
            foreach (var evt in events.EnumerateArray())
            {
                result.Add(writer.Write(evt, context, ignored));
            }
        }
        else
        {
            result.Add(writer.Write(events, context, ignored));
        }
        return result;
    }

    /// <summary>The event hash ID of a pre-hash string: SHA-256 of its UTF-8 bytes as lowercase hex in an RFC 6920 ni URI.</summary>
    public static string FromPreHash(string preHash)
    {
        var max = Encoding.UTF8.GetMaxByteCount(preHash.Length);
        byte[]? rented = null;
        var bytes = max <= 2048 ? stackalloc byte[2048] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(preHash, bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], digest);
            return string.Concat(Prefix, Convert.ToHexStringLower(digest), Suffix);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    internal static string FromPreHash(StringBuilder preHash)
    {
        var max = Encoding.UTF8.GetMaxByteCount(preHash.Length);
        byte[]? rented = null;
        var bytes = max <= 2048 ? stackalloc byte[2048] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = 0;
            var encoder = Utf8Encoder.Value!;
            encoder.Reset();
            foreach (var chunk in preHash.GetChunks())
            {
                length += encoder.GetBytes(chunk.Span, bytes[length..], flush: false);
            }
            length += encoder.GetBytes([], bytes[length..], flush: true);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], digest);
            return string.Concat(Prefix, Convert.ToHexStringLower(digest), Suffix);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static readonly ThreadLocal<Encoder> Utf8Encoder = new(() => new UTF8Encoding(false).GetEncoder());

    // The event list (or the single event) and the fields the document says to leave out ("…:ignoreFields").
    private static (JsonElement Events, IReadOnlySet<string>? Ignored) EventsOf(JsonElement document, EpcisContext context)
    {
        if (!document.TryGetProperty("epcisBody", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            if (document.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.EndsWith("Event", StringComparison.Ordinal))
            {
                return (document, null);
            }
            throw new EpcisFormatException("/epcisBody", "neither an EPCIS document with an epcisBody nor a single EPCIS event");
        }
        var ignored = IgnoredFields(document, context);
        if (body.TryGetProperty("eventList", out var list))
        {
            return (RequireArray(list, "/epcisBody/eventList"), ignored);
        }
        if (body.TryGetProperty("queryResults", out var results))
        {
            ignored ??= IgnoredFields(results, context);
            if (results.TryGetProperty("resultsBody", out var resultsBody) && resultsBody.TryGetProperty("eventList", out var queryList))
            {
                return (RequireArray(queryList, "/epcisBody/queryResults/resultsBody/eventList"), ignored);
            }
            throw new EpcisFormatException("/epcisBody/queryResults/resultsBody/eventList", "the query results carry no eventList");
        }
        if (body.TryGetProperty("event", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            return (single, ignored);
        }
        throw new EpcisFormatException("/epcisBody/eventList", "the epcisBody carries no eventList");
    }

    private static JsonElement RequireArray(JsonElement list, string pointer) =>
        list.ValueKind == JsonValueKind.Array ? list : throw new EpcisFormatException(pointer, "eventList must be an array");

    // A repository may list fields of its own (CURIEs) that are not part of the event's identity, under any prefix's "ignoreFields".
    private static HashSet<string>? IgnoredFields(JsonElement holder, EpcisContext context)
    {
        HashSet<string>? ignored = null;
        foreach (var p in holder.EnumerateObject())
        {
            if (!p.Name.EndsWith(":ignoreFields", StringComparison.Ordinal) || p.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var field in p.Value.EnumerateArray())
            {
                if (field.ValueKind == JsonValueKind.String && field.GetString() is { Length: > 0 } name)
                {
                    ignored ??= new HashSet<string>(StringComparer.Ordinal);
                    ignored.Add(name);
                    if (context.TryExpand(name, out var iri))
                    {
                        ignored.Add(iri);
                    }
                }
            }
        }
        return ignored;
    }
}
