using System.Text.Json;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage.Tests.Lineage;

public sealed class LineageSummaryTests
{
    private static readonly DateTimeOffset Time = new(2024, 5, 1, 8, 30, 15, 123, TimeSpan.FromHours(8));

    /// <summary>Encodes with ids handed out as the strings dictionary would, then decodes with the same dictionary.</summary>
    private static LineageEvent RoundTrip(LineageEvent info)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        LineageSummary.CollectStrings(info, values);
        // Ids far apart so that varints of one, two and several bytes all occur.
        var ids = values.Select((v, i) => (v, Id: 1L + i * 40_000_003L)).ToDictionary(p => p.v, p => p.Id, StringComparer.Ordinal);
        var data = LineageSummary.Encode(info, ids);
        Assert.Equal(LineageSummary.Version, data[0]);

        var referenced = new HashSet<long>();
        LineageSummary.CollectIds(data, referenced);
        Assert.Subset(ids.Values.ToHashSet(), referenced);
        var strings = ids.Where(p => referenced.Contains(p.Value)).ToDictionary(p => p.Value, p => p.Key);
        var header = new LineageHeader(info.EventId, info.Time, info.Type, info.Action, info.BizStep, info.Disposition);
        return LineageSummary.Decode(data, header, strings);
    }

    /// <summary>The old JSON form: equal text means equal values, lists and nulls included.</summary>
    internal static string Json(LineageEvent e) => JsonSerializer.Serialize(e, LineageJson.Default.LineageEvent);

    [Fact]
    public void EveryFieldSurvivesTheRoundTrip()
    {
        var info = new LineageEvent("ni:///sha-256;00?ver=CBV2.0", "ObjectEvent", Time, "ADD", "commissioning", "active",
            "https://id.gs1.org/414/4012345000016/254/1", "https://id.gs1.org/414/4012345000016/254/2",
            [new("owning_party", "https://id.gs1.org/417/4012345000009"), new("location", "https://id.gs1.org/414/4012345000016"), new("https://example.com/my-type", "https://id.gs1.org/417/1"), new(null, "urn:x:untyped")],
            [new("possessing_party", "https://id.gs1.org/417/4012345000009"), new("owning_party", "https://id.gs1.org/417/4012345000009")],
            [new("po", "urn:epcglobal:cbv:bt:4012345000009:PO-1"), new("desadv", "https://suyuan.example.cn/id/doc/desadv/DN1"), new(null, "urn:x:doc"), new("contract", "urn:x:contract")],
            [
                new("https://id.gs1.org/01/04012345111118/21/1", "epc", null, null),
                new("https://id.gs1.org/01/04012345111118/10/L1", "quantity", 12.5, "KGM"),
                new("https://id.gs1.org/01/04012345111118/10/L2", "quantity", 3, null),
                new("https://id.gs1.org/01/04012345111118/10/L3", "input", -7, "KGM"),
                new("https://id.gs1.org/01/04012345111118/10/L4", "output", 0.1 + 0.2, "LTR"),
                new("https://id.gs1.org/01/04012345111118/10/L5", "child", 1e300, null),
                new("https://id.gs1.org/00/140123450000000019", "parent", null, null),
                new("https://id.gs1.org/01/04012345111118/21/1", "epc", null, null),
                new("urn:x:odd", "observer", -0.0, "KGM"),
            ],
            "批次-2024/α①");

        var decoded = RoundTrip(info);

        Assert.Equal(Json(info), Json(decoded));
        Assert.Equal(info.Time.Offset, decoded.Time.Offset);
        Assert.True(double.IsNegative(decoded.Identifiers[^1].Quantity!.Value));
        Assert.Equal(0.1 + 0.2, decoded.Identifiers[4].Quantity);
    }

    [Fact]
    public void NullsAndEmptyListsStayNullAndEmpty()
    {
        var info = new LineageEvent("urn:uuid:6c1c5c4e-0000-4000-8000-000000000001", "TransformationEvent", Time, null, null, null, null, null, [], [], [], [], null);

        var decoded = RoundTrip(info);

        Assert.Equal(Json(info), Json(decoded));
        Assert.Null(decoded.LotNumber);
        Assert.Empty(decoded.Identifiers);
        // Version, flags and four zero counts.
        Assert.Equal(6, LineageSummary.Encode(info, new Dictionary<string, long>()).Length);
    }

    [Fact]
    public void QuantitiesWithAndWithoutUnitsKeepTheirUnit()
    {
        var info = new LineageEvent("e", "ObjectEvent", Time, "OBSERVE", null, null, null, null, [], [], [],
            [new("a", "quantity", 5, "KGM"), new("b", "quantity", 5, null), new("c", "quantity", 0.88, "KGM"), new("d", "quantity", null, "KGM")], "");

        var decoded = RoundTrip(info);

        Assert.Equal([(5.0, "KGM"), (5.0, null), (0.88, "KGM"), ((double?)null, "KGM")], decoded.Identifiers.Select(i => (i.Quantity, i.Uom)));
        Assert.Equal("", decoded.LotNumber);
    }

    [Fact]
    public void UnknownVersionsAndTruncatedDataAreRefused()
    {
        var info = new LineageEvent("e", "ObjectEvent", Time, null, null, null, "p", null, [], [], [], [new("a", "epc", null, null)], "LOT");
        var ids = new Dictionary<string, long>(StringComparer.Ordinal) { ["p"] = 300, ["a"] = 70_000 };
        var data = LineageSummary.Encode(info, ids);
        var strings = ids.ToDictionary(p => p.Value, p => p.Key);
        var header = new LineageHeader("e", Time, "ObjectEvent", null, null, null);

        Assert.Equal("LOT", LineageSummary.Decode(data, header, strings).LotNumber);
        Assert.Throws<InvalidDataException>(() => LineageSummary.Decode([2, .. data[1..]], header, strings));
        Assert.Throws<InvalidDataException>(() => LineageSummary.Decode(data[..^1], header, strings));
    }
}
