using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Core.Epcis;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Demo;
using Suyuan.Storage;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.Demo;

public sealed class DemoCityTests
{
    [Fact]
    public async Task DemoCitySeedsThroughCaptureAndEveryJobSucceeds()
    {
        await using var server = await PlatformServer.StartAsync(configure: o => o with { Demo = true });
        var output = new StringWriter();

        var result = await DemoSeeding.SeedIfEmptyAsync(server.Services, server.BaseAddress.ToString(), DemoPlan.City(), output, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Empty(result.Failures);
        Assert.True(result.Events > 5_000, $"only {result.Events} events");
        Assert.Equal(result.Events, result.Stored);
        var store = server.Services.GetRequiredService<IEventStore>();
        var jobs = await store.ListJobsAsync(1_000);
        Assert.Equal(result.Documents, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal(CaptureJobStatus.Success, job.Status);
            Assert.Equal(0, job.Errors);
        });
        Assert.Contains("MATCH_anyEPC=", output.ToString());

        var again = await DemoSeeding.SeedIfEmptyAsync(server.Services, server.BaseAddress.ToString(), DemoPlan.City(), output, CancellationToken.None);
        Assert.Null(again);
        Assert.Equal(jobs.Count, (await store.ListJobsAsync(1_000)).Count);
    }

    [Fact]
    public async Task EveryDemoDocumentValidatesWithoutAnyProblemOrWarning()
    {
        var documents = 0;
        await foreach (var document in DemoDocuments.StreamAsync(DemoPlan.City(), 2_000, long.MaxValue, null, CancellationToken.None))
        {
            using var json = JsonDocument.Parse(document.Json);
            var problems = EpcisValidator.Validate(json.RootElement);
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10).Select(p => $"{p.Pointer} [{p.Rule}] {p.Message}")));
            Assert.Equal(document.Events, json.RootElement.GetProperty("epcisBody").GetProperty("eventList").GetArrayLength());
            documents++;
        }
        Assert.True(documents > 1);
    }

    [Fact]
    public void EnterprisesHaveValidCreditCodesAndGs1KeysInTheChinaRange()
    {
        var city = new DemoCity(DemoPlan.DefaultSeed, 1);

        Assert.True(city.All.Count >= 2 + 1 + 30 + 10 + 20 + 10, $"{city.All.Count} enterprises");
        Assert.Equal(city.All.Count, city.All.Select(e => e.Uscc).Distinct().Count());
        Assert.Equal(city.All.Count, city.All.Select(e => e.CompanyPrefix).Distinct().Count());
        foreach (var enterprise in city.All)
        {
            var check = UnifiedSocialCreditCode.Validate(enterprise.Uscc);
            Assert.True(check.IsValid, $"{enterprise.Name} {enterprise.Uscc}: {check.Reason}");
            Assert.Equal(enterprise.District.Code, enterprise.Uscc[2..8]);
            Assert.InRange(int.Parse(enterprise.CompanyPrefix[..3]), 690, 699);
            Assert.True(Gs1Key.ValidateGln(enterprise.Gln).IsValid, enterprise.Gln);
            Assert.Equal(enterprise.Gln, Single(enterprise.Site, "414"));
            Assert.Contains(enterprise.District, DemoCity.Districts);
        }
    }

    [Fact]
    public void EveryIdentifierInTheDemoIsWellFormedAndItsCheckCharacterHolds()
    {
        var events = new CollectingSink();
        DemoPlan.City().Generate(events);
        var counties = DemoCity.Districts.Select(d => d.Code).ToHashSet();
        var seen = 0;

        foreach (var e in events.Events)
        {
            var uris = (e.Epcs ?? []).Concat(e.InputEpcs ?? []).Append(e.Location)
                .Concat(e.ParentId is null ? [] : [e.ParentId])
                .Concat((e.Quantities ?? []).Concat(e.InputQuantities ?? []).Concat(e.OutputQuantities ?? []).Select(q => q.EpcClass))
                .Concat((e.Sources ?? []).Concat(e.Destinations ?? []).Where(l => l.Type == "owning_party" || l.Type == "location").Select(l => l.Id));
            foreach (var uri in uris)
            {
                seen++;
                if (uri.StartsWith("urn:epc:", StringComparison.Ordinal))
                {
                    var elements = EpcUri.ToElements(uri);
                    Assert.True(elements is not null, uri);
                    foreach (var element in elements)
                    {
                        var valid = element.Ai switch
                        {
                            "01" => Gs1Key.ValidateGtin(element.Value).IsValid,
                            "414" or "417" => Gs1Key.ValidateGln(element.Value).IsValid,
                            "00" => Gs1Key.ValidateSscc(element.Value).IsValid,
                            _ => true,
                        };
                        Assert.True(valid, $"{uri}: ({element.Ai}) {element.Value}");
                    }
                }
                else if (uri.StartsWith(DemoIdentifiers.TraceCodeUrnPrefix, StringComparison.Ordinal))
                {
                    var check = PlatformTraceCode.Validate(uri[DemoIdentifiers.TraceCodeUrnPrefix.Length..]);
                    Assert.True(check.IsValid, $"{uri}: {check.Reason}");
                    Assert.Equal("3206", check.Code!.Region);
                }
                else if (uri.StartsWith(DemoIdentifiers.EarTagUrnPrefix, StringComparison.Ordinal))
                {
                    var tag = uri[DemoIdentifiers.EarTagUrnPrefix.Length..];
                    Assert.Matches("^1[0-9]{14}$", tag);
                    Assert.Contains(tag[1..7], counties);
                }
                else
                {
                    Assert.Fail($"unexpected identifier {uri}");
                }
            }
            if (e.Ilmd?.FirstOrDefault(f => f.Name == "drugTraceCodes") is { Value: IReadOnlyList<string> codes })
            {
                Assert.All(codes, c => Assert.Matches("^8612345[0-9]{13}$", c));
                Assert.Equal(codes, e.Epcs!.Select(epc => epc[(epc.LastIndexOf('.') + 1)..]));
            }
        }
        Assert.True(seen > 10_000);
        var receipts = events.Events.Where(e => e.BizStep == "retail_selling" && e.Epcs is not null).Select(e => e.Epcs![0]).ToList();
        Assert.Equal(receipts.Count, receipts.Distinct().Count());
    }

    [Fact]
    public async Task SameSeedGivesTheSameDocumentsAndAnotherSeedDoesNot()
    {
        var first = await FirstDocument(DemoPlan.City(7));
        var again = await FirstDocument(DemoPlan.City(7));
        var other = await FirstDocument(DemoPlan.City(8));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void PlanForEventsCoversExactlyThatManyEvents()
    {
        foreach (var n in new[] { 1L, 10_000, 123_457 })
        {
            var plan = DemoPlan.ForEvents(n);
            var counter = new DemoCounter(long.MaxValue);
            plan.Generate(new LimitedSink(counter, n));
            Assert.Equal(n, counter.Count);
            if (plan.Days == 0)
            {
                continue; // the equipment registrations alone are enough
            }
            var shorter = new DemoCounter(long.MaxValue);
            (plan with { Days = plan.Days - 1, EventLimit = null }).Generate(shorter);
            Assert.True(shorter.Count < n, $"{plan.Days} days where {plan.Days - 1} would hold {shorter.Count} ≥ {n} events");
        }
    }

    private static async Task<string> FirstDocument(DemoPlan plan)
    {
        await foreach (var document in DemoDocuments.StreamAsync(plan, 500, long.MaxValue, null, CancellationToken.None))
        {
            return System.Text.Encoding.UTF8.GetString(document.Json);
        }
        throw new InvalidOperationException("no document");
    }

    private static string Single(string urn, string ai) => EpcUri.ToElements(urn)!.Single(e => e.Ai == ai).Value;

    private sealed class CollectingSink : IDemoSink
    {
        public List<DemoEvent> Events { get; } = [];

        public bool IsFull => false;

        public void Emit(DemoEvent e) => Events.Add(e);
    }

    private sealed class LimitedSink(DemoCounter counter, long limit) : IDemoSink
    {
        public bool IsFull => counter.Count >= limit;

        public void Emit(DemoEvent e)
        {
            if (!IsFull)
            {
                counter.Emit(e);
            }
        }
    }
}
