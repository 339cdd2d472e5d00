namespace Suyuan.Storage.Indexing;

/// <summary>Unsigned LEB128 varints, the integer form of the stored binary layouts (event bodies, lineage summaries).</summary>
internal static class Varint
{
    public const int MaxLength = 10;

    /// <summary>Writes the value at the start of the span (at least <see cref="MaxLength"/> bytes); returns the bytes written.</summary>
    public static int Write(Span<byte> into, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            into[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        into[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a value at pos and moves past it; false when the data ends inside it or it runs past 64 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0, at = pos; shift < 64 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                pos = at;
                return true;
            }
        }
        return false;
    }
}
