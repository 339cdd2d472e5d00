using System.Text.RegularExpressions;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Demo;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.PublicTrace;

/// <summary>The real server with the demo city seeded through the same code as <c>serve --demo</c>, and the codes it prints worth opening.</summary>
public sealed partial class DemoCityServer : IAsyncLifetime
{
    public PlatformServer Server { get; private set; } = null!;

    /// <summary>A pork receipt's 20-digit trace code.</summary>
    public string PorkReceipt { get; private set; } = "";

    /// <summary>That receipt's carcass lot (EPC class URI).</summary>
    public string PorkLot { get; private set; } = "";

    /// <summary>A UHT milk lot as a Digital Link path: /01/{gtin}/10/{lot}.</summary>
    public string MilkLotPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await PlatformServer.StartAsync(configure: o => o with { Demo = true });
        var output = new StringWriter();
        var result = await DemoSeeding.SeedIfEmptyAsync(Server.Services, Server.BaseAddress.ToString(), DemoPlan.City(), output, CancellationToken.None);
        if (result is null || result.Failures.Count > 0)
        {
            throw new InvalidOperationException("the demo city was not seeded: " + output);
        }
        var text = Uri.UnescapeDataString(output.ToString());
        PorkReceipt = ReceiptPattern().Match(text).Groups[1].Value;
        var classes = ClassPattern().Matches(text).Select(m => m.Groups[1].Value).ToList();
        PorkLot = classes[0];
        MilkLotPath = IdentifierConverter.EpcUriToDigitalLink(classes[1])!.Replace(DigitalLink.CanonicalStem, "", StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [GeneratedRegex(@"MATCH_anyEPC=urn:suyuan:trace:([0-9]{20})")]
    private static partial Regex ReceiptPattern();

    [GeneratedRegex(@"MATCH_anyEPCClass=(urn:epc:class:lgtin:[0-9.A-Z]+)")]
    private static partial Regex ClassPattern();
}
