namespace Suyuan.Core.Epcis;

/// <summary>
/// One spelling for eventIDs that have several: a UUID URN is case-insensitive (RFC 9562 §4: the hexadecimal digits are
/// read in either case and written in lower case; RFC 8141: the "urn" scheme and the "uuid" namespace are case-insensitive),
/// so <c>URN:UUID:ABCDEF01-…</c> and <c>urn:uuid:abcdef01-…</c> are one eventID. Any other eventID is compared as it is.
/// </summary>
public static class EventIdText
{
    private const string UuidPrefix = "urn:uuid:";

    /// <summary>The eventID in its canonical spelling: a UUID URN in lower case; anything else unchanged.</summary>
    public static string Canonical(string eventId) =>
        eventId.Length == UuidPrefix.Length + 36 && eventId.StartsWith(UuidPrefix, StringComparison.OrdinalIgnoreCase)
        && Guid.TryParseExact(eventId.AsSpan(UuidPrefix.Length), "D", out var uuid)
            ? UuidPrefix + uuid.ToString("D")
            : eventId;
}
