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
    /// <summary>Every string an identifier (given canonical) may be stored under: itself and its EPC URNs, one per company-prefix length.</summary>
    public static IReadOnlyList<string> Forms(string canonical) =>
        canonical.StartsWith(DigitalLink.CanonicalStem, StringComparison.Ordinal) ? [canonical, .. IdentifierConverter.EpcUriForms(canonical)] : [canonical];
}

/// <summary>
/// The identifiers one read of the lineage meets, each a node named by its canonical form: every stored form of it
/// (<see cref="LineageNodes.Forms"/>) is the same node. Queries ask for all forms of their nodes, and rows come back
/// with the stored string, which names the row's node.
/// </summary>
internal sealed class LineageNodeSpace
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, long> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byStored = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string[]> _forms = [];

    public string Name(long node) => _names[(int)node];

    /// <summary>The node of a canonical identifier.</summary>
    public long Of(string canonical)
    {
        if (!_byName.TryGetValue(canonical, out var node))
        {
            node = _names.Count;
            _names.Add(canonical);
            _byName[canonical] = node;
        }
        return node;
    }

    /// <summary>The node of a dictionary string as stored (encoded), in whichever form.</summary>
    public long OfStored(string stored)
    {
        if (!_byStored.TryGetValue(stored, out var node))
        {
            _byStored[stored] = node = Of(IdentifierConverter.Canonicalise(StoredText.Decode(stored)));
        }
        return node;
    }

    /// <summary>Every stored form of the nodes, encoded as the dictionary holds them.</summary>
    public List<string> FormsOf(IEnumerable<long> nodes)
    {
        var forms = new List<string>();
        foreach (var node in nodes)
        {
            if (!_forms.TryGetValue(node, out var f))
            {
                _forms[node] = f = LineageNodes.Forms(Name(node)).Select(StoredText.Encode).ToArray();
            }
            forms.AddRange(f);
        }
        return forms;
    }
}
