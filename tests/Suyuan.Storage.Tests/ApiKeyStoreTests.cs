using Suyuan.Storage.Accounts;

namespace Suyuan.Storage.Tests;

public sealed class ApiKeyStoreTests
{
    public static TheoryData<string> Providers() => TestStore.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStoreWithoutKeysListsNoneAndFindsNone(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        var keys = new ApiKeyStore(FeatureDatabase.Of(test.Store));

        Assert.Empty(await keys.ListAsync());
        Assert.Empty(await keys.ListAsync("91320600MA1XY00010"));
        Assert.Null(await keys.GetAsync("000000000000"));

        var issued = await keys.IssueAsync(new NewApiKey(Roles.Regulator, "food-drug", null, ["read"], "desk", "admin"));
        var listed = Assert.Single(await keys.ListAsync());
        Assert.Equal((issued.Key.Id, "food-drug", "desk"), (listed.Id, listed.Department, listed.Label));
        Assert.Equal(issued.Key.Id, (await keys.GetAsync(issued.Key.Id))?.Id);
    }
}
