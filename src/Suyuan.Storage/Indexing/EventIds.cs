using System.Text;

namespace Suyuan.Storage.Indexing;

/// <summary>
/// Packs eventIDs into bytes: CBV event hashes (ni:///sha-256;…?ver=CBV2.0) as 32 bytes and canonical UUID URNs as
/// 16, since an 80-character hash stored as text dominates the row size. Unpacking gives back the exact string.
/// </summary>
internal static class EventIds
{
    private const string HashPrefix = "ni:///sha-256;";
    private const string HashSuffix = "?ver=CBV2.0";
    private const string UuidPrefix = "urn:uuid:";

    public static byte[] Pack(string eventId)
    {
        if (eventId.Length == HashPrefix.Length + 64 + HashSuffix.Length && eventId.StartsWith(HashPrefix, StringComparison.Ordinal)
            && eventId.EndsWith(HashSuffix, StringComparison.Ordinal) && IsLowerHex(eventId.AsSpan(HashPrefix.Length, 64)))
        {
            var packed = new byte[33];
            packed[0] = 1;
            Convert.FromHexString(eventId.AsSpan(HashPrefix.Length, 64), packed.AsSpan(1), out _, out _);
            return packed;
        }
        if (eventId.Length == UuidPrefix.Length + 36 && eventId.StartsWith(UuidPrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(eventId.AsSpan(UuidPrefix.Length), "D", out var guid) && guid.ToString("D") == eventId[UuidPrefix.Length..])
        {
            var packed = new byte[17];
            packed[0] = 2;
            guid.TryWriteBytes(packed.AsSpan(1), bigEndian: true, out _);
            return packed;
        }
        var text = new byte[1 + Encoding.UTF8.GetByteCount(eventId)];
        Encoding.UTF8.GetBytes(eventId, text.AsSpan(1));
        return text;
    }

    public static string Unpack(ReadOnlySpan<byte> packed) => packed[0] switch
    {
        1 => HashPrefix + Convert.ToHexStringLower(packed[1..]) + HashSuffix,
        2 => UuidPrefix + new Guid(packed[1..], bigEndian: true).ToString("D"),
        _ => Encoding.UTF8.GetString(packed[1..]),
    };

    /// <summary>
    /// The top 31 bits of the eventID's 64-bit FNV-1a (the best mixed): a small index key, four bytes in a SQLite row and
    /// index entry; equal hashes are confirmed on the packed id (migration 0020 rewrote earlier, 64-bit ones).
    /// </summary>
    public static long Hash(string eventId)
    {
        var h = 14695981039346656037UL;
        foreach (var c in eventId)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return (long)(h >> 33);
    }

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }
}
