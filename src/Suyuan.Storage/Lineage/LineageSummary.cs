using System.Buffers.Binary;
using System.Text;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Lineage;

/// <summary>The columns of an event's `events` row a summary leaves out, already in the form a trace shows.</summary>
internal sealed record LineageHeader(string EventId, DateTimeOffset Time, string Type, string? Action, string? BizStep, string? Disposition);

/// <summary>
/// The binary form of a <see cref="LineageEvent"/> in events.lineage: strings as varint ids into the strings
/// dictionary, roles and place types as codes, quantities only when present. EventID, time, type, action, bizStep and
/// disposition are not in it: they are read from the events row (<see cref="LineageHeader"/>).
/// </summary>
/// <remarks>
/// Version 1 layout: version byte; flags (1 readPoint, 2 bizLocation, 4 lotNumber); [readPoint id]; [bizLocation id];
/// sources, destinations, bizTransactions as count + (type code [, type id if Other], id); identifiers as count +
/// (role byte, id [, role id if Other] [, quantity] [, uom id]); [lotNumber as length + UTF-8].
/// </remarks>
internal static class LineageSummary
{
    public const byte Version = 1;

    private const byte HasReadPoint = 1, HasBizLocation = 2, HasLotNumber = 4;

    // Identifier byte: low 3 bits the role code, then what follows the id.
    private const byte RoleMask = 0b111, HasQuantity = 8, IntegralQuantity = 16, HasUom = 32;
    private const byte OtherCode = 0;

    // Stored codes, never renumber: index in the array (0 is "other", written as a string id).
    private static readonly string?[] Roles = [null, "epc", "parent", "child", "input", "output", "quantity"];

    private static readonly string?[] PlaceTypes =
    [
        null, "location", "owning_party", "possessing_party",
        "po", "desadv", "inv", "bol", "prodorder", "recadv", "pedigree", "poc", "rma", "cert", "testprd", "testres", "upevt",
    ];

    private const byte NoType = 255;

    /// <summary>Every string the summary refers to by id.</summary>
    public static void CollectStrings(LineageEvent info, ISet<string> into)
    {
        AddIfSet(into, info.ReadPoint);
        AddIfSet(into, info.BizLocation);
        foreach (var p in info.Sources.Concat(info.Destinations).Concat(info.BizTransactions))
        {
            into.Add(p.Id);
            if (p.Type is { } type && Code(PlaceTypes, type) == OtherCode)
            {
                into.Add(type);
            }
        }
        foreach (var i in info.Identifiers)
        {
            into.Add(i.Id);
            if (Code(Roles, i.Role) == OtherCode)
            {
                into.Add(i.Role);
            }
            AddIfSet(into, i.Uom);
        }
    }

    public static byte[] Encode(LineageEvent info, IReadOnlyDictionary<string, long> ids)
    {
        var w = new Writer(64 + 8 * info.Identifiers.Count);
        w.Byte(Version);
        var lot = info.LotNumber is null ? null : Encoding.UTF8.GetBytes(info.LotNumber);
        w.Byte((byte)((info.ReadPoint is null ? 0 : HasReadPoint) | (info.BizLocation is null ? 0 : HasBizLocation) | (lot is null ? 0 : HasLotNumber)));
        if (info.ReadPoint is { } readPoint)
        {
            w.VarUInt((ulong)ids[readPoint]);
        }
        if (info.BizLocation is { } bizLocation)
        {
            w.VarUInt((ulong)ids[bizLocation]);
        }
        Places(ref w, info.Sources, ids);
        Places(ref w, info.Destinations, ids);
        Places(ref w, info.BizTransactions, ids);
        w.VarUInt((ulong)info.Identifiers.Count);
        foreach (var i in info.Identifiers)
        {
            var role = Code(Roles, i.Role);
            var integral = i.Quantity is { } q && IsSmallIntegral(q);
            w.Byte((byte)(role | (i.Quantity is null ? 0 : HasQuantity) | (integral ? IntegralQuantity : 0) | (i.Uom is null ? 0 : HasUom)));
            w.VarUInt((ulong)ids[i.Id]);
            if (role == OtherCode)
            {
                w.VarUInt((ulong)ids[i.Role]);
            }
            if (i.Quantity is { } quantity)
            {
                if (integral)
                {
                    w.VarInt((long)quantity);
                }
                else
                {
                    w.Double(quantity);
                }
            }
            if (i.Uom is { } uom)
            {
                w.VarUInt((ulong)ids[uom]);
            }
        }
        if (lot is not null)
        {
            w.VarUInt((ulong)lot.Length);
            w.Bytes(lot);
        }
        return w.ToArray();
    }

    /// <summary>The string ids a summary refers to, for one dictionary lookup of many summaries.</summary>
    public static void CollectIds(ReadOnlySpan<byte> data, ISet<long> into)
    {
        var r = new Reader(data);
        var flags = r.Flags();
        if ((flags & HasReadPoint) != 0)
        {
            into.Add(r.Id());
        }
        if ((flags & HasBizLocation) != 0)
        {
            into.Add(r.Id());
        }
        for (var list = 0; list < 3; list++)
        {
            for (var n = r.Count(); n > 0; n--)
            {
                if (r.Byte() == OtherCode)
                {
                    into.Add(r.Id());
                }
                into.Add(r.Id());
            }
        }
        for (var n = r.Count(); n > 0; n--)
        {
            var b = r.Byte();
            into.Add(r.Id());
            if ((b & RoleMask) == OtherCode)
            {
                into.Add(r.Id());
            }
            SkipQuantity(ref r, b);
            if ((b & HasUom) != 0)
            {
                into.Add(r.Id());
            }
        }
    }

    public static LineageEvent Decode(ReadOnlySpan<byte> data, LineageHeader header, IReadOnlyDictionary<long, string> strings)
    {
        var r = new Reader(data);
        var flags = r.Flags();
        var readPoint = (flags & HasReadPoint) != 0 ? strings[r.Id()] : null;
        var bizLocation = (flags & HasBizLocation) != 0 ? strings[r.Id()] : null;
        var sources = ReadPlaces(ref r, strings);
        var destinations = ReadPlaces(ref r, strings);
        var transactions = ReadPlaces(ref r, strings);
        var count = r.Count();
        var identifiers = new List<LineageIdentifier>(count);
        for (var n = 0; n < count; n++)
        {
            var b = r.Byte();
            var id = strings[r.Id()];
            var role = (b & RoleMask) == OtherCode ? strings[r.Id()] : Roles[b & RoleMask] ?? throw Corrupt();
            double? quantity = (b & HasQuantity) == 0 ? null : (b & IntegralQuantity) != 0 ? r.VarInt() : r.Double();
            var uom = (b & HasUom) != 0 ? strings[r.Id()] : null;
            identifiers.Add(new LineageIdentifier(id, role, quantity, uom));
        }
        var lotNumber = (flags & HasLotNumber) != 0 ? Encoding.UTF8.GetString(r.Bytes(r.Count())) : null;
        return new LineageEvent(header.EventId, header.Type, header.Time, header.Action, header.BizStep, header.Disposition,
            readPoint, bizLocation, sources, destinations, transactions, identifiers, lotNumber);
    }

    private static void Places(ref Writer w, IReadOnlyList<LineagePlace> places, IReadOnlyDictionary<string, long> ids)
    {
        w.VarUInt((ulong)places.Count);
        foreach (var p in places)
        {
            if (p.Type is null)
            {
                w.Byte(NoType);
            }
            else
            {
                var code = Code(PlaceTypes, p.Type);
                w.Byte(code);
                if (code == OtherCode)
                {
                    w.VarUInt((ulong)ids[p.Type]);
                }
            }
            w.VarUInt((ulong)ids[p.Id]);
        }
    }

    private static List<LineagePlace> ReadPlaces(ref Reader r, IReadOnlyDictionary<long, string> strings)
    {
        var count = r.Count();
        var places = new List<LineagePlace>(count);
        for (var n = 0; n < count; n++)
        {
            var code = r.Byte();
            var type = code switch
            {
                NoType => null,
                OtherCode => strings[r.Id()],
                _ when code < PlaceTypes.Length => PlaceTypes[code],
                _ => throw Corrupt(),
            };
            places.Add(new LineagePlace(type, strings[r.Id()]));
        }
        return places;
    }

    private static void SkipQuantity(ref Reader r, byte b)
    {
        if ((b & HasQuantity) == 0)
        {
            return;
        }
        if ((b & IntegralQuantity) != 0)
        {
            r.VarInt();
        }
        else
        {
            r.Double();
        }
    }

    private static byte Code(string?[] table, string value)
    {
        for (var i = 1; i < table.Length; i++)
        {
            if (string.Equals(table[i], value, StringComparison.Ordinal))
            {
                return (byte)i;
            }
        }
        return OtherCode;
    }

    /// <summary>Whole numbers (not -0) that a varint holds exactly: most counts and many weights.</summary>
    private static bool IsSmallIntegral(double q) =>
        Math.Abs(q) <= 1L << 53 && q == Math.Floor(q) && !(q == 0 && double.IsNegative(q));

    private static void AddIfSet(ISet<string> into, string? value)
    {
        if (value is not null)
        {
            into.Add(value);
        }
    }

    private static InvalidDataException Corrupt() => new("lineage summary is corrupt");

    private struct Writer(int capacity)
    {
        private byte[] _buffer = new byte[capacity];
        private int _length;

        public void Byte(byte b)
        {
            Ensure(1);
            _buffer[_length++] = b;
        }

        public void VarUInt(ulong v)
        {
            Ensure(Varint.MaxLength);
            _length += Varint.Write(_buffer.AsSpan(_length), v);
        }

        public void VarInt(long v) => VarUInt((ulong)((v << 1) ^ (v >> 63)));

        public void Double(double v)
        {
            Ensure(8);
            BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), v);
            _length += 8;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public readonly byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        private void Ensure(int more)
        {
            if (_length + more > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        /// <summary>The flags byte after the version, refusing versions this code does not know.</summary>
        public byte Flags()
        {
            var version = Byte();
            return version == Version ? Byte() : throw new InvalidDataException($"lineage summary version {version} is not supported");
        }

        public byte Byte() => _position < _data.Length ? _data[_position++] : throw Corrupt();

        public ulong VarUInt() => Varint.TryRead(_data, ref _position, out var v) ? v : throw Corrupt();

        public long Id() => (long)VarUInt();

        public int Count() => checked((int)VarUInt());

        public long VarInt()
        {
            var v = VarUInt();
            return (long)(v >> 1) ^ -(long)(v & 1);
        }

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8));

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || _position + count > _data.Length)
            {
                throw Corrupt();
            }
            var bytes = _data.Slice(_position, count);
            _position += count;
            return bytes;
        }
    }
}
