using Suyuan.Core.Domain;
using Suyuan.Core.Profiles;
using Xunit;

namespace Suyuan.Core.Tests.Profiles;

public sealed class ProfileDocumentTests
{
    private static string DocPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Suyuan.slnx")))
            {
                return Path.Combine(dir.FullName, "docs", "profiles.md");
            }
        }
        throw new InvalidOperationException("the checkout root (Suyuan.slnx) was not found");
    }

    /// <summary>Set SUYUAN_UPDATE_DOCS=1 to rewrite the generated tables instead of failing.</summary>
    [Fact]
    public void ProfilesDocumentMatchesTheProfileData()
    {
        var path = DocPath();
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var fresh = ProfileDocument.Refresh(text);
        if (Environment.GetEnvironmentVariable("SUYUAN_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, fresh);
            return;
        }
        Assert.True(fresh == text, "docs/profiles.md is stale: run this test with SUYUAN_UPDATE_DOCS=1 and commit the result");
    }

    [Fact]
    public void EveryProfileIsOfAKnownCategoryAndEveryEventHasARequiredElement()
    {
        Assert.Equal(CategoryProfiles.All.Count, CategoryProfiles.All.Select(p => p.Category).Distinct().Count());
        foreach (var profile in CategoryProfiles.All)
        {
            Assert.NotNull(Categories.Find(profile.Category));
            Assert.Equal(profile.Events.Count, profile.Events.Select(e => e.Code).Distinct().Count());
            Assert.All(profile.Events, e => Assert.Contains(e.Elements, x => x.Requirement == Requirement.Required));
        }
    }

    [Fact]
    public void NoTwoProfileEventsShareTheirMarkers()
    {
        var recognisable = CategoryProfiles.All.SelectMany(p => p.Events.Where(e => e.Markers.Count > 0).Select(e => (p.Category, Key: e.BizStep + "|" + e.EventType + "|" + string.Join(";", e.Markers))));
        Assert.All(recognisable.GroupBy(x => x.Key), g => Assert.Single(g));
    }

    [Fact]
    public void BansApplyFromTheirDateAndToTheirCropGroups()
    {
        Assert.NotNull(BannedPesticides.Find("40%甲胺磷乳油", new DateOnly(2007, 1, 1), null));
        Assert.Null(BannedPesticides.Find("40%甲胺磷乳油", new DateOnly(2006, 12, 31), null));
        Assert.NotNull(BannedPesticides.Find("3%克百威颗粒剂", new DateOnly(2026, 3, 1), "青菜"));
        Assert.Null(BannedPesticides.Find("3%克百威颗粒剂", new DateOnly(2026, 3, 1), "水稻"));
        Assert.Null(BannedPesticides.Find("吡虫啉 10%可湿性粉剂", new DateOnly(2026, 3, 1), "青菜"));
        Assert.Equal(14, SafetyIntervals.Find("吡虫啉 10%可湿性粉剂", "梨树")!.Days);
        Assert.Equal(7, SafetyIntervals.Find("吡虫啉 10%可湿性粉剂", "青菜")!.Days);
    }
}
