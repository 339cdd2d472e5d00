using System.Data.Common;
using System.Globalization;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Lineage;

/// <summary>
/// Which string stands for an identifier in the lineage tables. An EPC URN that converts to and from its canonical Digital
/// Link exactly (given its own company-prefix length: <see cref="IdentifierConverter.Canonicalise(string, out bool)"/>),
/// and a canonical Digital Link itself, are stored as sent: the event's references already put that string in the
/// dictionary, so the lineage adds none. Any other form (a Digital Link on another host, with a lot beside a serial,
/// zero-suppressed…) is stored canonical. A reader finds every form of an identifier with <see cref="Forms"/>: the
/// canonical one and its URN for each company-prefix length.
/// </summary>
internal static class LineageNodes
{
    private const int MinPrefixLength = 6, MaxPrefixLength = 12;

    /// <summary>Every string an identifier (given canonical) may be stored under: itself and its EPC URNs, one per company-prefix length.</summary>
    public static IReadOnlyList<string> Forms(string canonical)
    {
        var forms = new List<string>(MaxPrefixLength - MinPrefixLength + 2) { canonical };
        if (!canonical.StartsWith(Core.Identifiers.DigitalLink.CanonicalStem, StringComparison.Ordinal))
        {
            return forms;
        }
        for (var length = MinPrefixLength; length <= MaxPrefixLength; length++)
        {
            var l = length;
            if (SafeEpcUri(canonical, l) is { } urn && !forms.Contains(urn))
            {
                forms.Add(urn);
            }
        }
        return forms;
    }

    private static string? SafeEpcUri(string canonical, int length)
    {
        try
        {
            return IdentifierConverter.DigitalLinkToEpcUri(canonical, _ => length);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A key too short for this company-prefix length has no URN of that length.
            return null;
        }
    }
}

/// <summary>
/// The identifiers one read of the lineage meets. All stored forms of one identifier (<see cref="LineageNodes.Forms"/>) are
/// one node, numbered by the least of their string ids and named by the canonical form; queries ask for all its ids.
/// </summary>
internal sealed class LineageNodeSpace(RelationalEventStore store, DbConnection connection)
{
    private readonly Dictionary<long, long> _nodeOf = [];
    private readonly Dictionary<long, long[]> _ids = [];
    private readonly Dictionary<long, string> _names = [];
    private readonly Dictionary<string, long?> _byName = new(StringComparer.Ordinal);

    public string Name(long node) => _names[node];

    public IReadOnlyList<long> IdsOf(long node) => _ids[node];

    public long NodeOf(long id) => _nodeOf[id];

    /// <summary>The string ids of several nodes, each with its node.</summary>
    public Dictionary<long, long> IdsOf(IEnumerable<long> nodes)
    {
        var result = new Dictionary<long, long>();
        foreach (var node in nodes)
        {
            foreach (var id in _ids[node])
            {
                result[id] = node;
            }
        }
        return result;
    }

    /// <summary>The node of a canonical identifier, or null when no form of it is stored.</summary>
    public async Task<long?> OfAsync(string canonical, CancellationToken ct)
    {
        await AddAsync([canonical], ct);
        return _byName[canonical];
    }

    /// <summary>Makes nodes of string ids met in lineage rows (edge ends), with every other form of each.</summary>
    public async Task ResolveAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var unknown = ids.Where(i => !_nodeOf.ContainsKey(i)).Distinct().ToList();
        if (unknown.Count == 0)
        {
            return;
        }
        var values = await store.LookupStringsAsync(connection, null, unknown, ct);
        var canonical = values.ToDictionary(v => v.Key, v => IdentifierConverter.Canonicalise(v.Value));
        await AddAsync(canonical.Values.Distinct(StringComparer.Ordinal).ToList(), ct);
        foreach (var id in unknown)
        {
            if (!_nodeOf.ContainsKey(id))
            {
                // Not one of its canonical form's forms (written by an older rule): a node of its own, named canonical.
                _nodeOf[id] = id;
                _ids[id] = [id];
                _names[id] = canonical.TryGetValue(id, out var c) ? c : values.GetValueOrDefault(id, id.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private async Task AddAsync(IReadOnlyCollection<string> canonicals, CancellationToken ct)
    {
        var wanted = canonicals.Where(c => !_byName.ContainsKey(c)).ToDictionary(c => c, LineageNodes.Forms, StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return;
        }
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Values.SelectMany(f => f).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await using var command = Db.Command(connection, null, $"SELECT id, value FROM strings WHERE value IN ({string.Join(", ", chunk.Select((_, i) => "@v" + i))})",
                chunk.Select((v, i) => Db.P("@v" + i, StoredText.Encode(v))));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found[StoredText.Decode(reader.GetString(1))] = Db.Int64(reader, 0);
            }
        }
        foreach (var (canonical, forms) in wanted)
        {
            var ids = forms.Where(found.ContainsKey).Select(f => found[f]).Where(id => !_nodeOf.ContainsKey(id)).ToArray();
            if (ids.Length == 0)
            {
                _byName[canonical] = forms.Where(found.ContainsKey).Select(f => (long?)_nodeOf[found[f]]).FirstOrDefault();
                continue;
            }
            var node = ids.Min();
            _ids[node] = ids;
            _names[node] = canonical;
            _byName[canonical] = node;
            foreach (var id in ids)
            {
                _nodeOf[id] = node;
            }
        }
    }
}
