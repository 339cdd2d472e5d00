using System.Text.Json;
using Suyuan.Core.Epcis.Json;

namespace Suyuan.Core.Tests.Epcis.Model;

public sealed class DuplicateMembersTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", false)]
    [InlineData("""{"a":1,"b":2,"a":3}""", true)]
    [InlineData("""{"a":{"x":1,"y":{"z":1,"z":2}}}""", true)]
    [InlineData("""{"a":[{"x":1},{"x":2,"x":3}]}""", true)]
    [InlineData("""{"a":[{"x":1},{"x":2}],"b":{"x":1}}""", false)]
    [InlineData("""{"a":1,"\u0061":2}""", true)]
    [InlineData("""{"ab":1,"a\u0062c":2}""", false)]
    [InlineData("""[{"a":1,"a":1}]""", true)]
    [InlineData("\"a\"", false)]
    public void AMemberNamedTwiceIsFoundWhereverItIs(string json, bool expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, DuplicateMembers.Any(doc.RootElement));
    }

    [Fact]
    public void AnObjectOfManyMembersIsCheckedByName()
    {
        var members = Enumerable.Range(0, 40).Select(i => $"\"m{i}\":{i}").ToList();
        using var unique = JsonDocument.Parse("{" + string.Join(",", members) + "}");
        Assert.False(DuplicateMembers.Any(unique.RootElement));
        using var twice = JsonDocument.Parse("{" + string.Join(",", members) + ",\"m7\":0}");
        Assert.True(DuplicateMembers.Any(twice.RootElement));
    }

    [Fact]
    public void TheLastOccurrenceIsKeptWhereTheFirstStoodAndValuesAreWrittenAsTheyWere()
    {
        using var doc = JsonDocument.Parse("""{"a":1.0,"b":{"c":"x","c":"\u00e9y"},"a":2.50,"d":[1e3]}""");
        var kept = DuplicateMembers.LastWins(doc.RootElement);
        Assert.Equal("""{"a":2.50,"b":{"c":"éy"},"d":[1e3]}""", kept.GetRawText());
        using var clean = JsonDocument.Parse("""{"a":1}""");
        Assert.Equal(clean.RootElement.GetRawText(), DuplicateMembers.LastWins(clean.RootElement).GetRawText());
    }
}
