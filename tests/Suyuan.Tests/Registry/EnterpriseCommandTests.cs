using Suyuan.Tests.Cli;
using static Suyuan.Tests.Registry.RegistryFixtures;

namespace Suyuan.Tests.Registry;

public sealed class EnterpriseCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "suyuan-cli-registry-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task EnterpriseAddRegistersAndRefusesWithOneLineAndExitCodes()
    {
        var uscc = Uscc(31);
        var added = await Cli.Cli.RunAsync(null, "enterprise", "add", "--uscc", uscc, "--name", "南通命令行超市", "--node-type", "supermarket",
            "--region", "崇川区", "--location", "0614141007776", "--location", "urn:epc:id:sgln:0614141.00778.0", "--category", "food", "--data", _data);
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Contains(uscc, added.Stdout, StringComparison.Ordinal);

        var duplicate = await Cli.Cli.RunAsync(null, "enterprise", "add", "--uscc", uscc, "--name", "重复", "--node-type", "pharmacy", "--data", _data);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Single(duplicate.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--uscc", duplicate.Stderr, StringComparison.Ordinal);

        var taken = await Cli.Cli.RunAsync(null, "enterprise", "add", "--uscc", Uscc(32), "--name", "占用", "--node-type", "pharmacy",
            "--location", "urn:epc:id:sgln:0614141.00778.0", "--data", _data);
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains(uscc, taken.Stderr, StringComparison.Ordinal);

        var wrong = uscc[..17] + (uscc[17] == '0' ? '1' : '0');
        var badCheck = await Cli.Cli.RunAsync(null, "enterprise", "add", "--uscc", wrong, "--name", "错码", "--node-type", "farm", "--data", _data);
        Assert.Equal(1, badCheck.ExitCode);
        Assert.Contains("/uscc", badCheck.Stderr, StringComparison.Ordinal);
        Assert.Contains($"should be {uscc[17]}", badCheck.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badCheck.Stderr, StringComparison.Ordinal);

        var badType = await Cli.Cli.RunAsync(null, "enterprise", "add", "--uscc", Uscc(33), "--name", "x", "--node-type", "spaceport", "--data", _data);
        Assert.Equal(1, badType.ExitCode);
        Assert.Contains("--node-type #1", badType.Stderr, StringComparison.Ordinal);

        var usage = await Cli.Cli.RunAsync(null, "enterprise", "add", "--uscc", Uscc(34), "--node-type", "farm", "--data", _data);
        Assert.Equal(2, usage.ExitCode);

        var list = await Cli.Cli.RunAsync(null, "enterprise", "list", "--data", _data);
        Assert.Equal(0, list.ExitCode);
        var line = Assert.Single(list.StdoutLines);
        Assert.StartsWith(uscc + "\t南通命令行超市\t崇川区\tsupermarket", line, StringComparison.Ordinal);
    }
}
