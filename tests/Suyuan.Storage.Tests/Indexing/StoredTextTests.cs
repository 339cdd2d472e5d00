using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Tests.Indexing;

public sealed class StoredTextTests
{
    internal static readonly string[] Values =
    [
        "",
        "a",
        "shipping",
        "urn:epc:id:sgtin:6901234.012345.1001",
        "urn:epc:id:sgtin:",
        "urn:epc:id:sgtin",
        "urn:epc:id:sscc:6901234.0000000001",
        "urn:epc:id:sgln:6901234.00001.0",
        "urn:epc:id:s",
        "urn:epc:class:lgtin:6901234.012345.L1",
        "urn:epc:idpat:sgtin:6901234.012345.*",
        "urn:epcglobal:cbv:bt:6901234000019:PO1",
        "https://id.gs1.org/01/06901234123450/21/1001",
        "https://id.gs1.org/01/06901234123450/10/L1",
        "https://id.gs1.org/01/06901234123450",
        "https://id.gs1.org/",
        "https://id.gs1.org",
        "https://ref.gs1.org/cbv/BTT-po",
        "https://example.com/01/06901234123450",
        "http://id.gs1.org/01/06901234123450",
        "\u0001",
        "\u0001abc",
        "\u0002urn",
        "\u001fz",
        " leading space",
        "溯源码:320600-0001",
        "{\"sy\":\"https://suyuan.example.cn/epcis/\"}",
    ];

    [Fact]
    public void TheDictionaryPrefixesArePrefixFreeAndPrintable()
    {
        foreach (var a in StoredText.Prefixes)
        {
            Assert.True(a[0] >= ' ');
            foreach (var b in StoredText.Prefixes)
            {
                Assert.True(ReferenceEquals(a, b) || !b.StartsWith(a, StringComparison.Ordinal), $"{a} starts {b}");
            }
        }
        Assert.True(StoredText.Prefixes.Length + 2 < ' ');
    }

    [Fact]
    public void EveryValueComesBackAsItWasAndIdentifiersAreShorter()
    {
        foreach (var value in Values)
        {
            var stored = StoredText.Encode(value);
            Assert.Equal(value, StoredText.Decode(stored));
            if (StoredText.Prefixes.FirstOrDefault(p => value.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            {
                Assert.Equal(value.Length - prefix.Length + 1, stored.Length);
            }
        }
        Assert.Equal(Values.Length, Values.Select(StoredText.Encode).Distinct(StringComparer.Ordinal).Count());
        Assert.Throws<InvalidDataException>(() => StoredText.Decode("\u001eabc"));
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:6901234.012345.")]
    [InlineData("urn:epc:id:sgtin:")]
    [InlineData("urn:epc:id:s")]
    [InlineData("urn:epc:")]
    [InlineData("urn")]
    [InlineData("u")]
    [InlineData("https://id.gs1.org/01/06901234123450/")]
    [InlineData("https://")]
    [InlineData("https://id.gs1.org")]
    [InlineData("http")]
    [InlineData("\u0001")]
    [InlineData("\u0002")]
    [InlineData("s")]
    [InlineData("")]
    public void ThePrefixRangesHoldExactlyTheValuesWithThePrefix(string prefix)
    {
        var ranges = StoredText.Ranges(prefix);
        foreach (var value in Values)
        {
            var stored = StoredText.Encode(value);
            var inRange = ranges.Any(r => string.CompareOrdinal(stored, r.From) >= 0 && string.CompareOrdinal(stored, r.To) < 0);
            Assert.True(inRange == value.StartsWith(prefix, StringComparison.Ordinal), $"'{value}' for prefix '{prefix}'");
        }
    }

    public static TheoryData<string?> Afters()
    {
        var data = new TheoryData<string?> { null, "urn:epc:id:sgtin:6901234.012345.", "https://id.gs1.org/01/", "urn:epc:id:s", "zzz", "\u0001b" };
        foreach (var value in Values)
        {
            data.Add(value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Afters))]
    public void TheOrderedRangesHoldExactlyTheValuesAfterTheBound(string? after)
    {
        var ranges = StoredText.OrderedRangesAfter(after);
        foreach (var value in Values.Where(v => v.Length > 0))
        {
            var stored = StoredText.Encode(value);
            var inRanges = ranges.Count(r =>
                (r.Inclusive ? string.CompareOrdinal(stored, r.From) >= 0 : string.CompareOrdinal(stored, r.From) > 0)
                && (r.To is null || string.CompareOrdinal(stored, r.To) < 0));
            Assert.True(inRanges == (after is null || string.CompareOrdinal(value, after) > 0 ? 1 : 0), $"'{value}' after '{after}': in {inRanges} ranges");
        }
    }
}
