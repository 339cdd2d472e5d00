using Suyuan.Storage.Query;

namespace Suyuan.Storage.Tests;

public sealed class StoreTests
{
    public static TheoryData<string> Providers => TestStore.Providers();

    private static EpcisQuery Query(params (string Name, string Value)[] parameters)
    {
        var result = EpcisQuery.Parse(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)),
            new Dictionary<string, string> { ["example"] = "http://ns.example.com/epcis/" });
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Parameter + ": " + p.Message)));
        return result.Query!;
    }

    private static async Task<List<StoredEvent>> All(IEventStore store, EpcisQuery query)
    {
        var page = await store.QueryAsync(query);
        var list = new List<StoredEvent>();
        await foreach (var e in page.Events)
        {
            list.Add(e);
        }
        return list;
    }

    private static async Task<List<string>> Ids(IEventStore store, params (string Name, string Value)[] parameters) =>
        (await All(store, Query([.. parameters, ("perPage", "1000")]))).Select(e => e.EventId).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Rows stored before migration 0020 carry 64-bit eventID hashes: SQLite's migration rewrote them (MigrationTests);
    /// PostgreSQL kept them and finds eventIDs by their own index, so a query and a re-send still find such a row.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task EventIdLookupsFindRowsStoredBeforeTheHashWas31Bits(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var json = Events.Object(Events.HashId(7));
        await t.Store.AppendAsync([Events.Parse(json)]);
        if (provider == "postgres")
        {
            await FeatureDatabase.Of(t.Store).ExecuteAsync("UPDATE events SET eid_hash = -3750763034362895579", null);
        }
        Assert.Equal([Events.HashId(7)], await Ids(t.Store, ("EQ_eventID", Events.HashId(7))));
        Assert.Equal(AppendStatus.Duplicate, Assert.Single((await t.Store.AppendAsync([Events.Parse(json)])).Outcomes).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task StoredEventsComeBackAsCaptured(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var json = Events.Object(Events.HashId(1), extra: "\"example:note\":\"crème brûlée 温度\"");
        var result = await t.Store.AppendAsync([Events.Parse(json)]);
        Assert.Equal(AppendStatus.Stored, Assert.Single(result.Outcomes).Status);
        var stored = Assert.Single(await All(t.Store, EpcisQuery.All()));
        Assert.Equal(Events.Minified(json), stored.JsonText);
        Assert.Equal(Events.HashId(1), stored.EventId);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task BatchWithAnInvalidEventStoresNothing(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object("urn:uuid:7d1b4b4e-0c56-4a0e-9d5b-6b1f2e9c0a01")),
            Events.Parse("""{"type":"ObjectEvent","eventID":"urn:uuid:7d1b4b4e-0c56-4a0e-9d5b-6b1f2e9c0a02","action":"ADD"}"""),
            Events.Parse(Events.Object("urn:uuid:7d1b4b4e-0c56-4a0e-9d5b-6b1f2e9c0a03")),
        ]);
        Assert.False(result.Accepted);
        Assert.Equal(AppendStatus.Invalid, result.Outcomes[1].Status);
        Assert.Empty(await All(t.Store, EpcisQuery.All()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task ResendingABatchReportsDuplicatesAndStoresNothingTwice(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var batch = Enumerable.Range(1, 5).Select(i => Events.Parse(Events.Object(Events.HashId(i)))).ToList();
        Assert.Equal(5, (await t.Store.AppendAsync(batch)).Stored);
        var again = await t.Store.AppendAsync([.. batch, Events.Parse(Events.Object(Events.HashId(6)))]);
        Assert.Equal(5, again.Duplicates);
        Assert.Equal(1, again.Stored);
        Assert.Equal(6, (await All(t.Store, EpcisQuery.All(100))).Count);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task AnEventOfADocumentWithItsOwnPrefixesIsADuplicateWhenSentAgain(string provider)
    {
        // The stored event keeps the document's own prefixes; comparing a re-send with it reads them back.
        await using var t = await TestStore.OpenAsync(provider);
        var json = Events.Object("e-own-prefix", extra: """ "example:temperature":12.5, "example:lot":{"example:grade":"A"} """);
        Assert.Equal(1, (await t.Store.AppendAsync([Events.Parse(json, Events.ExampleContext)])).Stored);
        var again = await t.Store.AppendAsync([Events.Parse(json, Events.ExampleContext)]);
        Assert.Equal(AppendStatus.Duplicate, Assert.Single(again.Outcomes).Status);
        var other = await t.Store.AppendAsync([Events.Parse(json.Replace("12.5", "13.5", StringComparison.Ordinal), Events.ExampleContext)]);
        Assert.Equal(AppendStatus.Conflict, Assert.Single(other.Outcomes).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task SameEventIdWithOtherContentIsRefused(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        await t.Store.AppendAsync([Events.Parse(Events.Object(Events.HashId(1), bizStep: "shipping"))]);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object(Events.HashId(2))),
            Events.Parse(Events.Object(Events.HashId(1), bizStep: "receiving")),
        ]);
        Assert.Equal(AppendStatus.Conflict, result.Outcomes[1].Status);
        Assert.Equal(Events.HashId(1), result.Outcomes[1].EventId);
        Assert.Single(await All(t.Store, EpcisQuery.All()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task ConflictWithinOneBatchIsRefused(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object(Events.HashId(1), bizStep: "shipping")),
            Events.Parse(Events.Object(Events.HashId(1), bizStep: "shipping")),
            Events.Parse(Events.Object(Events.HashId(1), bizStep: "receiving")),
        ]);
        Assert.Equal([AppendStatus.Stored, AppendStatus.Duplicate, AppendStatus.Conflict], result.Outcomes.Select(o => o.Status));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task JobSuccessCommitsWithItsEventsAndRollbackLeavesNeither(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var job = await t.Store.CreateJobAsync();
        await using (var capture = await t.Store.BeginCaptureAsync(job.Id))
        {
            await capture.AppendAsync([Events.Parse(Events.Object(Events.HashId(1)))]);
            await capture.AppendAsync([Events.Parse(Events.Object(Events.HashId(2))), Events.Parse(Events.Object(Events.HashId(1)))]);
            // Disposed without commit: a crash at this point.
        }
        var rolledBack = await t.Store.GetJobAsync(job.Id);
        Assert.Equal(CaptureJobStatus.Running, rolledBack!.Status);
        Assert.Empty(await All(t.Store, EpcisQuery.All()));

        await using (var capture = await t.Store.BeginCaptureAsync(job.Id))
        {
            await capture.AppendAsync([Events.Parse(Events.Object(Events.HashId(1)))]);
            await capture.AppendAsync([Events.Parse(Events.Object(Events.HashId(2))), Events.Parse(Events.Object(Events.HashId(1)))]);
            await capture.CommitAsync();
        }
        var done = await t.Store.GetJobAsync(job.Id);
        Assert.Equal(CaptureJobStatus.Success, done!.Status);
        Assert.Equal((3, 2, 1, 0), (done.EventsTotal, done.EventsStored, done.Duplicates, done.Errors));
        Assert.NotNull(done.FinishedAt);
        var events = await All(t.Store, EpcisQuery.All());
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(job.Id, e.JobId));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task FailedJobsKeepTheirErrorsAndAreListedNewestFirst(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var first = await t.Store.CreateJobAsync();
        var second = await t.Store.CreateJobAsync(proceed: true);
        await t.Store.UpdateJobAsync(second with { Status = CaptureJobStatus.Failed, Errors = 2, EventsTotal = 2, FinishedAt = DateTimeOffset.UtcNow,
            ErrorList = [new CaptureJobError("urn:uuid:x", "/epcisBody/eventList/0", "eventTime is missing"), new CaptureJobError("urn:uuid:y", "/epcisBody/eventList/1", "other content", 409)] });
        var jobs = await t.Store.ListJobsAsync();
        Assert.Equal([second.Id, first.Id], jobs.Select(j => j.Id));
        var failed = jobs[0];
        Assert.Equal(CaptureJobStatus.Failed, failed.Status);
        Assert.True(failed.Proceed);
        Assert.False(jobs[1].Proceed);
        Assert.Equal(["eventTime is missing", "other content"], failed.ErrorList.Select(e => e.Message));
        Assert.Equal([400, 409], failed.ErrorList.Select(e => e.Status));
        Assert.Null(await t.Store.GetJobAsync("nope"));
    }

    private static async Task<TestStore> Seeded(string provider)
    {
        var t = await TestStore.OpenAsync(provider);
        var batch = new[]
        {
            // 1: plain shipping
            Events.Object("e1", time: "2024-05-01T08:00:00.000+08:00", epcs: ["urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2019"],
                bizStep: "shipping", bizLocation: "urn:epc:id:sgln:0614141.00888.0",
                extra: """ "bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:PO-1"}],"sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00001"}],"example:temperature":12.5,"example:lot":{"example:grade":"A"} """),
            // 2: receiving, CBV in URN form, other EPC
            Events.Object("e2", time: "2024-05-02T08:00:00Z", epcs: ["urn:epc:id:sgtin:0614141.107347.1"], action: "ADD",
                bizStep: "urn:epcglobal:cbv:bizstep:receiving", disposition: "urn:epcglobal:cbv:disp:in_progress", readPoint: "urn:epc:id:sgln:0614141.07346.9999",
                extra: """ "destinationList":[{"type":"https://ref.gs1.org/cbv/SDT-location","destination":"urn:epc:id:sgln:0614141.00777.0"}],"ilmd":{"example:bestBefore":"2024-12-31T00:00:00Z","example:count":7},"persistentDisposition":{"set":["completeness_verified"],"unset":["completeness_inferred"]} """),
            // 3: aggregation
            """{"type":"AggregationEvent","eventTime":"2024-05-03T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","eventID":"e3","parentID":"urn:epc:id:sscc:0614141.1234567890","childEPCs":["urn:epc:id:sgtin:0614141.107346.2018"],"childQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":200,"uom":"KGM"}],"action":"ADD","bizStep":"cbv:BizStep-packing","disposition":"in_progress"}""",
            // 4: transformation
            """{"type":"TransformationEvent","eventTime":"2024-05-04T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","eventID":"e4","inputEPCList":["urn:epc:id:sgtin:4012345.011122.25"],"inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.4444","quantity":10,"uom":"KGM"}],"outputEPCList":["urn:epc:id:sgtin:4012345.077889.25"],"outputQuantityList":[{"epcClass":"urn:epc:idpat:sgtin:4012345.066666.*","quantity":2.5}],"transformationID":"urn:epc:id:gdti:0614141.12345.400","bizStep":"https://ref.gs1.org/cbv/BizStep-commissioning","ilmd":{"example:bestBefore":"2025-01-31T00:00:00Z"}}""",
            // 5: error declaration with sensor data
            """{"type":"ObjectEvent","eventTime":"2024-05-05T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","eventID":"e5","epcList":["urn:epc:id:sgtin:0614141.107346.3000"],"action":"OBSERVE","errorDeclaration":{"declarationTime":"2024-05-06T00:00:00Z","reason":"incorrect_data","correctiveEventIDs":["e1","URN:UUID:ABCDEF01-2345-4678-9ABC-DEF012345678"]},"sensorElementList":[{"sensorMetadata":{"deviceID":"urn:epc:id:giai:4000001.111"},"sensorReport":[{"type":"Temperature","value":26.0,"uom":"CEL"}]}]}""",
        };
        var result = await t.Store.AppendAsync(batch.Select(json => Events.Parse(json, Events.ExampleContext)).ToList());
        Assert.True(result.Accepted, string.Join("; ", result.Outcomes.Select(o => o.Message)));
        return t;
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task QueriesSelectByEventFieldsAndVocabularyInAnyForm(string provider)
    {
        await using var t = await Seeded(provider);
        var s = t.Store;
        Assert.Equal(["e3"], await Ids(s, ("eventType", "AggregationEvent")));
        Assert.Equal(["e3", "e4"], await Ids(s, ("eventType", "AggregationEvent|TransformationEvent")));
        Assert.Equal(["e2", "e3"], await Ids(s, ("GE_eventTime", "2024-05-02T00:00:00Z"), ("LT_eventTime", "2024-05-03T08:00:00.001+08:00")));
        // A bound finer than the millisecond (e2 is at 08:00:00.000Z): e2 is before 08:00:00.0001, and not at or after it.
        Assert.Empty(await Ids(s, ("GE_eventTime", "2024-05-02T08:00:00.0001Z"), ("LT_eventTime", "2024-05-03T00:00:00Z")));
        Assert.Equal(["e2"], await Ids(s, ("GE_eventTime", "2024-05-02T00:00:00Z"), ("LT_eventTime", "2024-05-02T08:00:00.0001Z")));
        Assert.Equal(["e2"], await Ids(s, ("GE_eventTime", "2024-05-02T08:00:00.000000Z"), ("LT_eventTime", "2024-05-02T08:00:00.000001Z")));
        Assert.Equal(["e2", "e3"], await Ids(s, ("EQ_action", "ADD")));
        foreach (var form in new[] { "receiving", "cbv:BizStep-receiving", "urn:epcglobal:cbv:bizstep:receiving", "https://ref.gs1.org/cbv/BizStep-receiving" })
        {
            Assert.Equal(["e2"], await Ids(s, ("EQ_bizStep", form)));
        }
        Assert.Equal(["e3"], await Ids(s, ("EQ_bizStep", "packing")));
        Assert.Equal(["e4"], await Ids(s, ("EQ_bizStep", "commissioning")));
        Assert.Equal(["e2", "e3"], await Ids(s, ("EQ_disposition", "in_progress")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_readPoint", "urn:epc:id:sgln:0614141.07346.9999")));
        Assert.Equal(["e2"], await Ids(s, ("WD_readPoint", "urn:epc:id:sgln:0614141.07346.9999")));
        Assert.Equal(["e1"], await Ids(s, ("EQ_bizLocation", "urn:epc:id:sgln:0614141.00888.0")));
        Assert.Equal(["e4"], await Ids(s, ("EQ_transformationID", "urn:epc:id:gdti:0614141.12345.400")));
        // A GDTI in its other form finds it too.
        Assert.Equal(["e4"], await Ids(s, ("EQ_transformationID", "https://id.gs1.org/253/0614141123452400")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_persistentDisposition_set", "completeness_verified")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_persistentDisposition_unset", "completeness_inferred")));
        Assert.Equal(["e1"], await Ids(s, ("EQ_eventID", "e1")));
        Assert.Equal(["e1", "e4"], await Ids(s, ("EQ_eventID", "e1|e4|nothing")));
        Assert.Empty(await Ids(s, ("EQ_bizStep", "never_used")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task QueriesMatchEpcsByRoleAndPattern(string provider)
    {
        await using var t = await Seeded(provider);
        var s = t.Store;
        Assert.Equal(["e1", "e3"], await Ids(s, ("MATCH_epc", "urn:epc:id:sgtin:0614141.107346.2018")));
        Assert.Equal(["e1", "e3", "e5"], await Ids(s, ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107346.*")));
        Assert.Equal(["e1", "e2", "e3", "e5"], await Ids(s, ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.*.*")));
        Assert.Equal(["e3"], await Ids(s, ("MATCH_parentID", "urn:epc:id:sscc:0614141.1234567890")));
        Assert.Equal(["e4"], await Ids(s, ("MATCH_inputEPC", "urn:epc:id:sgtin:4012345.011122.25")));
        Assert.Equal(["e4"], await Ids(s, ("MATCH_outputEPC", "urn:epc:id:sgtin:4012345.077889.25")));
        Assert.Empty(await Ids(s, ("MATCH_epc", "urn:epc:id:sgtin:4012345.077889.25")));
        Assert.Equal(["e3", "e4"], await Ids(s, ("MATCH_anyEPC", "urn:epc:id:sscc:0614141.1234567890|urn:epc:id:sgtin:4012345.077889.25")));
        Assert.Equal(["e3"], await Ids(s, ("MATCH_epcClass", "urn:epc:class:lgtin:4012345.012345.998877")));
        Assert.Equal(["e4"], await Ids(s, ("MATCH_inputEPCClass", "urn:epc:class:lgtin:4012345.011111.4444")));
        Assert.Equal(["e4"], await Ids(s, ("MATCH_outputEPCClass", "urn:epc:idpat:sgtin:4012345.066666.*")));
        Assert.Equal(["e3", "e4"], await Ids(s, ("MATCH_anyEPCClass", "urn:epc:idpat:lgtin:4012345.*.*")));
    }

    /// <summary>
    /// A Digital Link on another host, or a class in any spelling, is found by every form of its key; a key with a wrong
    /// check digit finds nothing it resembles; hex binary values match in either case.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task IdentifiersAreFoundByEveryFormOfTheirKeyWhateverHostTheyWereCapturedOn(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        await t.Store.AppendAsync([
            Events.Parse(Events.Object("f1", epcs: ["https://id.gs1.de/01/04012345999990/21/XYZ-1234"], readPoint: "https://example.org/414/4012345000115")),
            Events.Parse(Events.Object("f2", epcs: [], readPoint: null, extra: """ "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2,"uom":"KGM"}],"sensorElementList":[{"sensorReport":[{"type":"Temperature","hexBinaryValue":"f0f0f0"}]}] """)),
        ]);
        var s = t.Store;
        Assert.Equal(["f1"], await Ids(s, ("MATCH_epc", "urn:epc:id:sgtin:4012345.099999.XYZ-1234")));
        Assert.Equal(["f1"], await Ids(s, ("MATCH_epc", "https://id.gs1.org/01/04012345999990/21/XYZ-1234")));
        Assert.Equal(["f1"], await Ids(s, ("MATCH_anyEPC", "https://id.gs1.de/01/04012345999990/21/XYZ-1234")));
        Assert.Equal(["f1"], await Ids(s, ("MATCH_epc", "urn:epc:idpat:sgtin:4012345.099999.*")));
        Assert.Equal(["f1"], await Ids(s, ("EQ_readPoint", "urn:epc:id:sgln:4012345.00011.0")));
        Assert.Empty(await Ids(s, ("EQ_readPoint", "https://id.gs1.org/414/4012345000116")));
        Assert.Empty(await Ids(s, ("MATCH_epc", "https://id.gs1.org/01/04012345999991/21/XYZ-1234")));
        Assert.Equal(["f2"], await Ids(s, ("MATCH_epcClass", "urn:epc:idpat:sgtin:4012345.012345.*")));
        Assert.Equal(["f2"], await Ids(s, ("MATCH_anyEPCClass", "urn:epc:idpat:sgtin:4012345.*.*")));
        Assert.Equal(["f2"], await Ids(s, ("EQ_hexBinaryValue", "F0F0F0")));
        Assert.Equal(["f2"], await Ids(s, ("EQ_hexBinaryValue", "f0f0f0")));
        // The event comes back as captured.
        var f1 = Assert.Single(await All(s, Query(("EQ_eventID", "f1"))));
        Assert.Contains("https://id.gs1.de/01/04012345999990/21/XYZ-1234", f1.JsonText, StringComparison.Ordinal);
        Assert.Contains("https://example.org/414/4012345000115", f1.JsonText, StringComparison.Ordinal);
    }

    /// <summary>A query's sensor conditions hold for one report, with the identifiers its element's metadata gives it.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task SensorConditionsHoldForOneReportWithItsDevice(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        await t.Store.AppendAsync([Events.Parse(Events.Object("s1", extra: """
            "sensorElementList":[
              {"sensorMetadata":{"deviceID":"urn:epc:id:giai:4000001.1","time":"2024-05-01T07:00:00Z"},"sensorReport":[{"type":"Temperature","value":5,"uom":"CEL"},{"type":"RelativeHumidity","value":90,"uom":"P1"}]},
              {"sensorMetadata":{"deviceID":"urn:epc:id:giai:4000001.2"},"sensorReport":[{"type":"Temperature","value":12,"uom":"CEL","stringValue":"door open"}]}]
            """))]);
        var s = t.Store;
        Assert.Empty(await Ids(s, ("EQ_deviceID", "urn:epc:id:giai:4000001.1"), ("GT_value_CEL", "8")));
        Assert.Equal(["s1"], await Ids(s, ("EQ_deviceID", "urn:epc:id:giai:4000001.2"), ("GT_value_CEL", "8")));
        Assert.Empty(await Ids(s, ("EQ_type", "RelativeHumidity"), ("GT_value_CEL", "8")));
        Assert.Equal(["s1"], await Ids(s, ("EQ_type", "Temperature"), ("GT_value_CEL", "8")));
        Assert.Empty(await Ids(s, ("EQ_stringValue", "door open"), ("LT_value_CEL", "8")));
        Assert.Equal(["s1"], await Ids(s, ("EQ_deviceID", "urn:epc:id:giai:4000001.1"), ("GE_time", "2024-05-01T07:00:00Z")));
        // Alone, an identifier is any report's or metadata's, as before.
        Assert.Equal(["s1"], await Ids(s, ("EQ_deviceID", "urn:epc:id:giai:4000001.1")));
    }

    /// <summary>
    /// Events with sensor data stored before the sensor report table (migrations 0024–0025) get their reports when the store
    /// next starts (0026 and the backfill after it), in batches that resume where a stop left them; other events are left alone.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task SensorReportsOfEventsStoredBeforeTheirTableAreWrittenAtTheNextStart(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var events = Enumerable.Range(0, 1203).Select(i => Events.Parse(Events.Object($"urn:x:s{i}", extra: i % 2 == 0
            ? $$""" "sensorElementList":[{"sensorMetadata":{"deviceID":"urn:epc:id:giai:4000001.{{i}}"},"sensorReport":[{"type":"Temperature","value":{{i % 10}},"uom":"CEL"},{"type":"gs1:RelativeHumidity","value":50,"uom":"P1"}]}] """
            : $$""" "example:n":{{i}} """), Events.ExampleContext)).ToList();
        Assert.True((await t.Store.AppendAsync(events)).Accepted);
        var expected = await Ids(t.Store, ("GE_value_CEL", "8"));
        Assert.Equal(120, expected.Count);
        Assert.Equal(["urn:x:s10"], await Ids(t.Store, ("EQ_deviceID", "urn:epc:id:giai:4000001.10"), ("EQ_type", "Temperature"), ("LT_value_CEL", "1")));
        // As a database of an earlier version: no report rows, and 0026 not applied. Then a start that stops after one batch.
        var db = FeatureDatabase.Of(t.Store);
        await db.ExecuteAsync("DELETE FROM sensor_reports", null);
        await db.ExecuteAsync("DROP TABLE index_backfills", null);
        await db.ExecuteAsync("DELETE FROM schema_version WHERE version = 26", null);
        Assert.Empty(await Ids(t.Store, ("GE_value_CEL", "8")));
        var told = new List<string>();
        using (var stop = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.ReopenAsync(m =>
            {
                told.Add(m);
                if (m.Contains("up to id", StringComparison.Ordinal))
                {
                    stop.Cancel();
                }
            }, stop.Token));
        }
        Assert.Single(told, m => m.Contains("up to id", StringComparison.Ordinal));
        var partly = await Ids(t.Store, ("GE_value_CEL", "8"));
        Assert.NotEmpty(partly);
        Assert.True(partly.Count < expected.Count);
        var again = await t.ReopenAsync(told.Add);
        Assert.Equal(expected, await Ids(again, ("GE_value_CEL", "8")));
        Assert.Equal(expected, await Ids(t.Store, ("GE_value_CEL", "8")));
        Assert.Equal(["urn:x:s10"], await Ids(again, ("EQ_deviceID", "urn:epc:id:giai:4000001.10"), ("EQ_type", "Temperature"), ("LT_value_CEL", "1")));
        Assert.Equal(2 * 602, await CountAsync(db, "SELECT COUNT(*) FROM sensor_reports"));
        Assert.Contains(told, m => m.Contains("written for the events stored before it", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) FROM index_backfills"));
    }

    private static async Task<long> CountAsync(FeatureDatabase db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task QueriesCompareQuantitiesTransactionsAndErrors(string provider)
    {
        await using var t = await Seeded(provider);
        var s = t.Store;
        Assert.Equal(["e3"], await Ids(s, ("EQ_quantity", "200")));
        Assert.Equal(["e3", "e4"], await Ids(s, ("GT_quantity", "2")));
        Assert.Equal(["e4"], await Ids(s, ("LE_quantity", "10")));
        Assert.Equal(["e4"], await Ids(s, ("LT_quantity", "10")));
        Assert.Equal(["e3", "e4"], await Ids(s, ("GE_quantity", "10")));
        // In a unit: only quantities given in it (e4's 2.5 has none).
        Assert.Equal(["e3", "e4"], await Ids(s, ("GT_quantity_KGM", "2")));
        Assert.Equal(["e3"], await Ids(s, ("EQ_quantity_KGM", "200")));
        Assert.Empty(await Ids(s, ("LT_quantity_KGM", "5")));
        Assert.Empty(await Ids(s, ("GT_quantity_LTR", "0")));
        // In another unit of mass: converted (200 KGM is 0.2 TNE and 200,000 GRM); a volume never sees a mass.
        Assert.Equal(["e3", "e4"], await Ids(s, ("GT_quantity_GRM", "2000")));
        Assert.Equal(["e3"], await Ids(s, ("EQ_quantity_TNE", "0.2")));
        Assert.Equal(["e3"], await Ids(s, ("GE_quantity_LBR", "440.9")));
        Assert.Empty(await Ids(s, ("LT_quantity_GRM", "5000")));
        Assert.Empty(await Ids(s, ("GT_quantity_MLT", "0")));
        // A long list is compared in each unit of the measure as one parameter: within the providers' parameter limits.
        var grams = string.Join("|", Enumerable.Range(0, 3_999).Select(i => (i + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("200000"));
        Assert.Equal(["e3"], await Ids(s, ("EQ_quantity_GRM", grams)));
        Assert.Empty(await Ids(s, ("EQ_quantity_GRM", grams[..grams.LastIndexOf('|')])));
        Assert.Equal(["e5"], await Ids(s, ("GE_value_CEL", "26")));
        Assert.Equal(["e5"], await Ids(s, ("GE_value_FAH", "78.8")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_value_KEL", "299.15")));
        Assert.Empty(await Ids(s, ("GT_value_FAH", "78.8")));
        Assert.Empty(await Ids(s, ("GT_value_CEL", "26")));
        foreach (var name in new[] { "EQ_bizTransaction_po" })
        {
            Assert.Equal(["e1"], await Ids(s, (name, "urn:epcglobal:cbv:bt:0614141073467:PO-1")));
        }
        Assert.Empty(await Ids(s, ("EQ_bizTransaction_inv", "urn:epcglobal:cbv:bt:0614141073467:PO-1")));
        Assert.Equal(["e1"], await Ids(s, ("EQ_source_owning_party", "urn:epc:id:pgln:0614141.00001")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_destination_location", "urn:epc:id:sgln:0614141.00777.0")));
        // Parties and locations in their other forms, as for EQ_readPoint.
        Assert.Equal(["e1"], await Ids(s, ("EQ_source_owning_party", "https://id.gs1.org/417/0614141000012")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_destination_location", "https://id.gs1.org/414/0614141007776")));
        Assert.Equal(["e5"], await Ids(s, ("EXISTS_errorDeclaration", "true")));
        Assert.Equal(["e5"], await Ids(s, ("EXISTS_errorDeclaration", ""))); // ?EXISTS_errorDeclaration alone: the value is void
        Assert.Equal(["e5"], await Ids(s, ("GE_errorDeclarationTime", "2024-05-05T00:00:00Z")));
        Assert.Empty(await Ids(s, ("LT_errorDeclarationTime", "2024-05-05T00:00:00Z")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_errorReason", "urn:epcglobal:cbv:er:incorrect_data")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_correctiveEventID", "e1")));
        // A UUID URN in any case, as EQ_eventID finds one.
        Assert.Equal(["e5"], await Ids(s, ("EQ_correctiveEventID", "urn:uuid:abcdef01-2345-4678-9abc-def012345678")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_correctiveEventID", "URN:UUID:ABCDEF01-2345-4678-9ABC-DEF012345678")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_correctiveEventID", "urn:uuid:ABCDEF01-2345-4678-9abc-DEF012345678")));
        Assert.Empty(await Ids(s, ("EQ_correctiveEventID", "E1")));
        Assert.Equal(["e5"], await Ids(s, ("EXISTS_sensorElementList", "true")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_type", "gs1:Temperature")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_deviceID", "urn:epc:id:giai:4000001.111")));
        Assert.Equal(["e5"], await Ids(s, ("EQ_deviceID", "https://id.gs1.org/8004/4000001111")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task AStarInAnIdentityOrClassUrnIsACharacterNotAPattern(string provider)
    {
        const string upui = "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB";
        const string lot = "urn:epc:class:lgtin:4012345.012345.A*";
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object("u1", epcs: [upui], extra: $$""" "quantityList":[{"epcClass":"{{lot}}","quantity":1}] """)),
            Events.Parse(Events.Object("u2", epcs: ["urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDBX"], extra: """ "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.AB","quantity":1}] """)),
        ]);
        Assert.True(result.Accepted, string.Join("; ", result.Outcomes.Select(o => o.Message)));
        Assert.Equal(["u1"], await Ids(t.Store, ("MATCH_epc", upui)));
        Assert.Equal(["u1"], await Ids(t.Store, ("MATCH_anyEPC", upui)));
        Assert.Equal(["u1"], await Ids(t.Store, ("MATCH_epcClass", lot)));
        Assert.Equal(["u1", "u2"], await Ids(t.Store, ("MATCH_epc", "urn:epc:idpat:upui:1234567.089456.*")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task AnIdentifierFindsEventsCapturedWithItsUrnOrItsDigitalLink(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            // Captured as EPC URNs.
            Events.Parse("""{"type":"AggregationEvent","eventTime":"2024-05-03T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","eventID":"urn","parentID":"urn:epc:id:sscc:0614141.1234567890","childEPCs":["urn:epc:id:sgtin:0614141.107346.2017"],"childQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2}],"action":"ADD","readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"},"bizLocation":{"id":"urn:epc:id:sgln:0614141.00888.0"}}"""),
            // Captured as GS1 Digital Links.
            Events.Parse("""{"type":"TransformationEvent","eventTime":"2024-05-04T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","eventID":"dl","inputEPCList":["https://id.gs1.org/01/04012345111118/21/987"],"inputQuantityList":[{"epcClass":"https://id.gs1.org/01/04012345111118/10/L1","quantity":1}],"outputEPCList":["https://id.gs1.org/00/106141412345678908"],"readPoint":{"id":"https://id.gs1.org/414/4012345000009"}}"""),
        ]);
        Assert.True(result.Accepted, string.Join("; ", result.Outcomes.Select(o => o.Message)));
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_epc", "https://id.gs1.org/01/10614141073464/21/2017")));
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_anyEPC", "https://id.gs1.org/01/10614141073464/21/2017")));
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_parentID", "https://id.gs1.org/00/106141412345678908")));
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_epcClass", "https://id.gs1.org/01/04012345123456/10/998877")));
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_anyEPCClass", "https://id.gs1.org/01/04012345123456/10/998877")));
        Assert.Equal(["urn"], await Ids(t.Store, ("EQ_readPoint", "https://id.gs1.org/414/0614141007776")));
        Assert.Equal(["urn"], await Ids(t.Store, ("WD_bizLocation", "https://id.gs1.org/414/0614141008889")));
        Assert.Equal(["urn"], await Ids(t.Store, ("EQ_bizLocation", "https://id.gs1.org/414/0614141008889|urn:epc:id:sgln:0614141.00999.0")));

        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_inputEPC", "urn:epc:id:sgtin:4012345.011111.987")));
        Assert.Equal(["dl", "urn"], await Ids(t.Store, ("MATCH_anyEPC", "urn:epc:id:sscc:0614141.1234567890")));
        Assert.Equal(["dl", "urn"], await Ids(t.Store, ("MATCH_anyEPC", "https://id.gs1.org/01/04012345111118/21/987|urn:epc:id:sgtin:0614141.107346.2017")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_outputEPC", "urn:epc:id:sscc:0614141.1234567890")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_inputEPCClass", "urn:epc:class:lgtin:4012345.011111.L1")));
        Assert.Equal(["dl"], await Ids(t.Store, ("EQ_readPoint", "urn:epc:id:sgln:4012345.00000.0")));
        // Another company-prefix length names the same key.
        Assert.Equal(["dl"], await Ids(t.Store, ("EQ_readPoint", "urn:epc:id:sgln:401234.500000.0")));
        // Patterns stay patterns, and find the identifiers they cover captured as Digital Links too.
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107346.*")));
        Assert.Empty(await Ids(t.Store, ("MATCH_epc", "urn:epc:id:sgtin:0614141.107346.2018")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_inputEPC", "urn:epc:idpat:sgtin:4012345.011111.*")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_anyEPC", "urn:epc:idpat:sgtin:4012345.*.*")));
        Assert.Empty(await Ids(t.Store, ("MATCH_anyEPC", "urn:epc:idpat:sgtin:4012345.011112.*")));
        Assert.Equal(["dl", "urn"], await Ids(t.Store, ("MATCH_anyEPC", "urn:epc:idpat:sscc:0614141.*")));
        Assert.Equal(["dl", "urn"], await Ids(t.Store, ("MATCH_anyEPC", "urn:epc:idpat:sgtin:*.*.*|urn:epc:idpat:sscc:*.*")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_inputEPCClass", "urn:epc:idpat:sgtin:4012345.011111.*")));
        Assert.Empty(await Ids(t.Store, ("MATCH_inputEPCClass", "urn:epc:idpat:sgtin:4012345.011112.*")));
        // A Digital Link's serials or lots, open at the end, find them captured as URNs too.
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_epc", "https://id.gs1.org/01/10614141073464/21/*")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_inputEPC", "https://id.gs1.org/01/04012345111118/21/*")));
        Assert.Empty(await Ids(t.Store, ("MATCH_epc", "https://id.gs1.org/01/10614141073471/21/*")));
        Assert.Equal(["urn"], await Ids(t.Store, ("MATCH_epcClass", "https://id.gs1.org/01/04012345123456/10/*")));
        Assert.Equal(["dl"], await Ids(t.Store, ("MATCH_inputEPCClass", "https://id.gs1.org/01/04012345111118/10/*")));
    }

    /// <summary>
    /// A parameter may name 1,000 patterns; with their Digital Links a company-prefix pattern is eleven ranges of the
    /// dictionary, and the statement holds them all (as an OR chain it nested past SQLite's expression depth).
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task AThousandCompanyPrefixPatternsAreOneQuery(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        await t.Store.AppendAsync([Events.Parse(Events.Object("p1", epcs: ["https://id.gs1.org/01/04012345111118/21/987"]))]);
        var patterns = Enumerable.Range(0, 999).Select(i => $"urn:epc:idpat:sgtin:{1_000_000 + i}.*.*").Append("urn:epc:idpat:sgtin:4012345.*.*");
        Assert.Equal(["p1"], await Ids(t.Store, ("MATCH_anyEPC", string.Join("|", patterns))));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task TransactionSourceAndDestinationTypesAreMatchedInEveryForm(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object("t1", extra: """ "bizTransactionList":[{"type":"https://example.com/btt/contract","bizTransaction":"urn:x:1"},{"type":"example:order","bizTransaction":"urn:x:2"}],"sourceList":[{"type":"cbv:SDT-owning_party","source":"urn:epc:id:pgln:0614141.00001"}],"destinationList":[{"type":"https://example.com/sdt/dock","destination":"urn:epc:id:sgln:0614141.00777.0"}] """), Events.ExampleContext),
            Events.Parse(Events.Object("t2", extra: """ "sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00002"}],"destinationList":[{"type":"urn:epcglobal:cbv:sdt:possessing_party","destination":"urn:epc:id:pgln:0614141.00003"}] """), Events.ExampleContext),
        ]);
        Assert.True(result.Accepted, string.Join("; ", result.Outcomes.Select(o => o.Message)));
        Assert.Equal(["t1"], await Ids(t.Store, ("EQ_bizTransaction_https://example.com/btt/contract", "urn:x:1")));
        Assert.Empty(await Ids(t.Store, ("EQ_bizTransaction_https://example.com/btt/contract", "urn:x:2")));
        Assert.Equal(["t1"], await Ids(t.Store, ("EQ_bizTransaction_example:order", "urn:x:2")));
        Assert.Equal(["t1"], await Ids(t.Store, ("EQ_bizTransaction_http://ns.example.com/epcis/order", "urn:x:2")));
        foreach (var form in new[] { "owning_party", "cbv:SDT-owning_party", "https://ref.gs1.org/cbv/SDT-owning_party", "urn:epcglobal:cbv:sdt:owning_party" })
        {
            Assert.Equal(["t1", "t2"], await Ids(t.Store, ("EQ_source_" + form, "urn:epc:id:pgln:0614141.00001|urn:epc:id:pgln:0614141.00002")));
        }
        Assert.Equal(["t1"], await Ids(t.Store, ("EQ_destination_https://example.com/sdt/dock", "urn:epc:id:sgln:0614141.00777.0")));
        foreach (var form in new[] { "possessing_party", "cbv:SDT-possessing_party", "https://ref.gs1.org/cbv/SDT-possessing_party", "urn:epcglobal:cbv:sdt:possessing_party" })
        {
            Assert.Equal(["t2"], await Ids(t.Store, ("EQ_destination_" + form, "urn:epc:id:pgln:0614141.00003")));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task AStringFieldComparesAsAStringAndANumberFieldAsANumber(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object("n1", extra: """ "example:numstr":"007","example:num":7,"example:s7":"7","example:nan":"NaN","example:big":"1e400" """), Events.ExampleContext),
            Events.Parse(Events.Object("n2", extra: """ "example:num":7.0,"example:numstr":"7" """), Events.ExampleContext),
        ]);
        Assert.True(result.Accepted, string.Join("; ", result.Outcomes.Select(o => o.Message)));
        Assert.Equal(["n2"], await Ids(t.Store, ("EQ_example:numstr", "7")));
        Assert.Equal(["n1"], await Ids(t.Store, ("EQ_example:numstr", "007")));
        Assert.Empty(await Ids(t.Store, ("GT_example:numstr", "6")));
        Assert.Empty(await Ids(t.Store, ("LE_example:numstr", "7")));
        Assert.Equal(["n1", "n2"], await Ids(t.Store, ("EQ_example:num", "7")));
        Assert.Equal(["n1", "n2"], await Ids(t.Store, ("EQ_example:num", "7.0")));
        Assert.Equal(["n1", "n2"], await Ids(t.Store, ("GT_example:num", "6")));
        Assert.Equal(["n1"], await Ids(t.Store, ("EQ_example:s7", "7")));
        Assert.Empty(await Ids(t.Store, ("EQ_example:s7", "7.0")));
        Assert.Empty(await Ids(t.Store, ("GE_example:s7", "7")));
        Assert.Equal(["n1"], await Ids(t.Store, ("EQ_example:nan", "NaN")));
        Assert.Equal(["n1"], await Ids(t.Store, ("EQ_example:big", "1e400")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task ExistsFindsAFieldWhateverItsValue(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var result = await t.Store.AppendAsync([
            Events.Parse(Events.Object("x1", extra: """ "example:nested":{"example:lvl2":{"example:leaf":1}},"example:list":[{"example:a":1}],"example:empty":[],"ilmd":{"example:batch":{"example:no":"B1"}},"errorDeclaration":{"declarationTime":"2024-05-06T00:00:00Z","example:why":{"example:code":"x"}} """), Events.ExampleContext),
            Events.Parse(Events.Object("x2", extra: """ "example:nested":"flat","example:list":["a"] """), Events.ExampleContext),
        ]);
        Assert.True(result.Accepted, string.Join("; ", result.Outcomes.Select(o => o.Message)));
        Assert.Equal(["x1", "x2"], await Ids(t.Store, ("EXISTS_example:nested", "true")));
        Assert.Equal(["x1", "x2"], await Ids(t.Store, ("EXISTS_example:nested", "")));
        Assert.Equal(["x1", "x2"], await Ids(t.Store, ("EXISTS_example:list", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_example:empty", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_ILMD_example:batch", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_ERROR_DECLARATION_example:why", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_INNER_example:lvl2", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_INNER_example:leaf", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_INNER_ILMD_example:no", "true")));
        Assert.Equal(["x1"], await Ids(t.Store, ("EXISTS_INNER_ERROR_DECLARATION_example:code", "true")));
        // A presence row has no value: it never equals one.
        Assert.Equal(["x2"], await Ids(t.Store, ("EQ_example:nested", "flat")));
        Assert.Empty(await Ids(t.Store, ("GE_example:nested", "0")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task QueriesCompareExtensionAndIlmdFields(string provider)
    {
        await using var t = await Seeded(provider);
        var s = t.Store;
        Assert.Equal(["e1"], await Ids(s, ("EQ_example:temperature", "12.5")));
        Assert.Equal(["e1"], await Ids(s, ("EQ_{http://ns.example.com/epcis/}temperature", "12.5")));
        Assert.Equal(["e1"], await Ids(s, ("GT_example:temperature", "12")));
        Assert.Empty(await Ids(s, ("LT_example:temperature", "12")));
        Assert.Equal(["e1"], await Ids(s, ("EXISTS_example:temperature", "true")));
        Assert.Equal(["e1"], await Ids(s, ("EQ_INNER_example:grade", "A")));
        Assert.Empty(await Ids(s, ("EQ_example:grade", "A")));
        Assert.Equal(["e2", "e4"], await Ids(s, ("EXISTS_ILMD_example:bestBefore", "true")));
        Assert.Equal(["e4"], await Ids(s, ("GE_ILMD_example:bestBefore", "2025-01-01T00:00:00Z")));
        Assert.Equal(["e2"], await Ids(s, ("LT_ILMD_example:bestBefore", "2025-01-01T00:00:00Z")));
        // EQ_ compares a date-time as GE_/LT_ do: the same instant in another offset or with more digits is equal.
        Assert.Equal(["e2"], await Ids(s, ("EQ_ILMD_example:bestBefore", "2024-12-31T00:00:00Z")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_ILMD_example:bestBefore", "2024-12-31T08:00:00.000+08:00")));
        Assert.Equal(["e2", "e4"], await Ids(s, ("EQ_ILMD_example:bestBefore", "2024-12-30T16:00:00-08:00|2025-01-31T00:00:00.0Z")));
        Assert.Empty(await Ids(s, ("EQ_ILMD_example:bestBefore", "2024-12-31T00:00:00.001Z")));
        Assert.Empty(await Ids(s, ("EQ_ILMD_example:bestBefore", "2024-12-31T00:00:00.0001Z")));
        Assert.Equal(["e2"], await Ids(s, ("EQ_ILMD_example:count", "7")));
        Assert.Equal(["e2"], await Ids(s, ("GE_ILMD_example:count", "7")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task PagesCoverEveryEventOnceInOrderEvenWhileEventsArrive(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        // Shuffled event times, some equal, so order must fall back on a tie-breaker.
        var batch = Enumerable.Range(0, 53).Select(i => Events.Parse(Events.Object(Events.HashId(i),
            time: start.AddMinutes(i * 37 % 11).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz")))).ToList();
        await t.Store.AppendAsync(batch);
        foreach (var direction in new[] { "ASC", "DESC" })
        {
            var seen = new List<(string Id, long Time)>();
            string? token = null;
            var pages = 0;
            do
            {
                var parameters = new List<(string, string)> { ("orderBy", "eventTime"), ("orderDirection", direction), ("perPage", "7") };
                if (token is not null)
                {
                    parameters.Add(("nextPageToken", token));
                }
                var page = await t.Store.QueryAsync(Query([.. parameters]));
                await foreach (var e in page.Events)
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(e.Json);
                    seen.Add((e.EventId, DateTimeOffset.Parse(doc.RootElement.GetProperty("eventTime").GetString()!).ToUnixTimeMilliseconds()));
                }
                token = page.NextPageToken;
                if (pages++ == 2)
                {
                    // Late arrivals with the earliest time must not shift or repeat the pages already read.
                    await t.Store.AppendAsync([Events.Parse(Events.Object(Events.HashId(1000 + pages), time: start.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz")))]);
                }
            }
            while (token is not null);
            Assert.Equal(seen.Count, seen.Select(x => x.Id).Distinct().Count());
            Assert.Subset(seen.Select(x => x.Id).ToHashSet(), Enumerable.Range(0, 53).Select(Events.HashId).ToHashSet());
            var times = seen.Select(x => x.Time).ToList();
            Assert.Equal(direction == "ASC" ? times.Order() : times.OrderDescending(), times);
        }
    }

    /// <summary>
    /// Record times never decrease with the order events are stored in. On SQLite a recordTime bound is found as an id
    /// bound by a binary search over the ids (which may have gaps) and recordTime order is id order; PostgreSQL reads its index.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task RecordTimeBoundsAndOrderFollowWhenEventsWereStoredAcrossGapsInTheIds(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        for (var b = 0; b < 7; b++)
        {
            await t.Store.AppendAsync(Enumerable.Range(b * 5, 5).Select(i => Events.Parse(Events.Object(Events.HashId(i)))).ToList());
            await Task.Delay(5);
        }
        // Gaps: a whole batch and part of another gone.
        await FeatureDatabase.Of(t.Store).ExecuteAsync("DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 7 OFFSET 10)", null);
        var stored = (await All(t.Store, Query(("perPage", "1000")))).Select(e => (e.EventId, At: e.RecordTime.ToUnixTimeMilliseconds())).ToList();
        Assert.Equal(28, stored.Count);
        var times = stored.Select(s => s.At).Distinct().Order().ToList();
        Assert.True(times.Count >= 6, "batches a few milliseconds apart have record times of their own");
        foreach (var bound in times.Concat([times[0] - 1, times[^1] + 1, (times[1] + times[2]) / 2]))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(bound).ToString("yyyy-MM-dd'T'HH:mm:ss.fffZ");
            Assert.Equal(stored.Where(s => s.At >= bound).Select(s => s.EventId).Order(StringComparer.Ordinal), await Ids(t.Store, ("GE_recordTime", at)));
            Assert.Equal(stored.Where(s => s.At < bound).Select(s => s.EventId).Order(StringComparer.Ordinal), await Ids(t.Store, ("LT_recordTime", at)));
            Assert.Equal(stored.Where(s => s.At >= times[0] && s.At < bound).Select(s => s.EventId).Order(StringComparer.Ordinal),
                await Ids(t.Store, ("GE_recordTime", DateTimeOffset.FromUnixTimeMilliseconds(times[0]).ToString("O")), ("LT_recordTime", at)));
        }
        foreach (var direction in new[] { "ASC", "DESC" })
        {
            var seen = new List<(string Id, long At)>();
            string? token = null;
            do
            {
                var page = await t.Store.QueryAsync(Query([("orderBy", "recordTime"), ("orderDirection", direction), ("perPage", "4"), .. token is null ? [] : new[] { ("nextPageToken", token) }]));
                await foreach (var e in page.Events)
                {
                    seen.Add((e.EventId, e.RecordTime.ToUnixTimeMilliseconds()));
                }
                token = page.NextPageToken;
            }
            while (token is not null);
            Assert.Equal(stored.Select(s => s.EventId).Order(StringComparer.Ordinal), seen.Select(s => s.Id).Order(StringComparer.Ordinal));
            var order = seen.Select(s => s.At).ToList();
            Assert.Equal(direction == "ASC" ? order.Order() : order.OrderDescending(), order);
        }
    }

    /// <summary>
    /// orderBy an extension field (EPCIS 2.0 § 8.2.7.1): numbers and date-times by value, then strings in code-point order,
    /// then events without the field; ties by the order stored, so pages of any size give the same list once.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task EventsOrderByAnExtensionFieldAcrossPages(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        (string Id, string? Rank)[] events =
        [
            ("urn:x:none1", null), ("urn:x:b", "\"b\""), ("urn:x:three1", "3"), ("urn:x:minus", "-1"), ("urn:x:time", "\"2024-01-01T08:00:00+08:00\""),
            ("urn:x:eacute", "\"é\""), ("urn:x:array", "[5, 2]"), ("urn:x:object", "{\"example:x\": 1}"), ("urn:x:three2", "3"), ("urn:x:upperZ", "\"Z\""),
            ("urn:x:a", "\"a\""), ("urn:x:tenhalf", "10.5"), ("urn:x:none2", null), ("urn:x:empty", "\"\""),
            // Too long for a page token to carry: the next page reads it from the event again.
            ("urn:x:long", "\"" + new string('m', 600) + "\""),
        ];
        foreach (var (id, rank) in events)
        {
            var result = await t.Store.AppendAsync([Events.Parse(Events.Object(id, extra: rank is null ? "" : $"\"example:rank\":{rank}"), Events.ExampleContext)]);
            Assert.True(result.Accepted);
        }
        string[] ascending =
        [
            "urn:x:minus", "urn:x:array", "urn:x:three1", "urn:x:three2", "urn:x:tenhalf", "urn:x:time",
            "urn:x:empty", "urn:x:upperZ", "urn:x:a", "urn:x:b", "urn:x:long", "urn:x:eacute",
            "urn:x:none1", "urn:x:object", "urn:x:none2",
        ];
        string[] descending =
        [
            "urn:x:time", "urn:x:tenhalf", "urn:x:three2", "urn:x:three1", "urn:x:array", "urn:x:minus",
            "urn:x:eacute", "urn:x:long", "urn:x:b", "urn:x:a", "urn:x:upperZ", "urn:x:empty",
            "urn:x:none2", "urn:x:object", "urn:x:none1",
        ];
        foreach (var (direction, expected) in new[] { ("ASC", ascending), ("DESC", descending) })
        {
            foreach (var perPage in new[] { 1, 2, 3, 5, 100 })
            {
                var seen = new List<string>();
                string? token = null;
                do
                {
                    var page = await t.Store.QueryAsync(Query([("orderBy", "example:rank"), ("orderDirection", direction), ("perPage", perPage.ToString()),
                        .. token is null ? [] : new[] { ("nextPageToken", token) }]));
                    await foreach (var e in page.Events)
                    {
                        seen.Add(e.EventId);
                    }
                    token = page.NextPageToken;
                    Assert.True(token is null || token.Length < 1_000, "a page token stays short");
                }
                while (token is not null);
                Assert.Equal(expected, seen);
            }
        }
        // The same field named by its namespace, narrowed by a condition and limited: the first three numbers.
        Assert.Equal(["urn:x:minus", "urn:x:array", "urn:x:three1"], (await All(t.Store, Query(("orderBy", "{http://ns.example.com/epcis/}rank"),
            ("orderDirection", "ASC"), ("eventCountLimit", "3"), ("perPage", "10")))).Select(e => e.EventId));
        Assert.Equal(["urn:x:tenhalf", "urn:x:three2"], (await All(t.Store, Query(("orderBy", "example:rank"), ("orderDirection", "DESC"),
            ("GE_example:rank", "3"), ("LT_example:rank", "11"), ("perPage", "2")))).Select(e => e.EventId));
    }

    /// <summary>
    /// A query's parameters do not grow with its values: five MATCH_ parameters of 1,000 identifiers each (every one looked
    /// up in all its forms), 1,000 patterns and forty EQ_ fields of 1,000 values each pass the providers' limits on a
    /// statement's parameters and find what the short lists find.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task QueriesWithThousandsOfValuesStayWithinTheProvidersParameterLimits(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var fields = string.Join(",", Enumerable.Range(0, 40).Select(n => $"\"example:f{n}\":{n}"));
        Assert.True((await t.Store.AppendAsync([
            Events.Parse(Events.Object("urn:x:big1", epcs: ["urn:epc:id:sgtin:0614141.107346.17"], extra: fields), Events.ExampleContext),
            Events.Parse(Events.Object("urn:x:big2", epcs: ["https://id.gs1.org/01/00614141073467/21/5000"], extra: "\"example:f0\":\"x\""), Events.ExampleContext),
        ])).Accepted);
        var links = Enumerable.Range(1000, 999).Select(i => $"https://id.gs1.org/01/10614141073464/21/{i}").Append("https://id.gs1.org/01/10614141073464/21/17");
        var match = string.Join("|", links);
        Assert.Equal(["urn:x:big1"], await Ids(t.Store, ("MATCH_epc", match), ("MATCH_anyEPC", match)));
        var many = string.Join("|", Enumerable.Range(0, 999).Select(i => $"urn:epc:id:sgtin:0614141.107346.x{i}").Append("urn:epc:id:sgtin:0614141.107346.17"));
        Assert.Equal(["urn:x:big1"], await Ids(t.Store, ("MATCH_epc", many), ("MATCH_anyEPC", many)));
        // Every one of the five must hold: no event has these as parent, inputs and outputs too.
        Assert.Empty(await Ids(t.Store, ("MATCH_epc", many), ("MATCH_anyEPC", many), ("MATCH_parentID", many), ("MATCH_inputEPC", many), ("MATCH_outputEPC", many)));
        Assert.Empty(await Ids(t.Store, ("MATCH_epc", match), ("MATCH_anyEPC", match), ("MATCH_parentID", match), ("MATCH_inputEPC", match), ("MATCH_outputEPC", match)));
        var patterns = string.Join("|", Enumerable.Range(0, 998).Select(i => $"urn:epc:idpat:sgtin:0614141.{i:000000}.*")
            .Append("urn:epc:idpat:sgtin:0614141.107346.*").Append("urn:epc:idpat:sgtin:0614141.007346.*"));
        Assert.Equal(["urn:x:big1", "urn:x:big2"], await Ids(t.Store, ("MATCH_epc", patterns)));
        var equal = Enumerable.Range(0, 40).Select(n => ($"EQ_example:f{n}", string.Join("|", Enumerable.Range(1000, 999).Select(v => v.ToString()).Append(n.ToString())))).ToArray();
        Assert.Equal(["urn:x:big1"], await Ids(t.Store, equal));
        Assert.Equal(["urn:x:big2"], await Ids(t.Store, ("EQ_example:f0", string.Join("|", Enumerable.Range(0, 999).Select(v => "t" + v).Append("x")))));
    }

    /// <summary>
    /// Long values that do not compress: an extension field value of any length is stored and found by EQ_ on both stores
    /// (PostgreSQL's index holds its hash); an identifier over the dictionary's 2,048 bytes is refused on both, naming it.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task LongValuesAreStoredOrRefusedAlikeOnBothStores(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        var random = new Random(7);
        string Noise(int length) => new(Enumerable.Range(0, length).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[random.Next(62)]).ToArray());
        var note = Noise(6_000) + "温度";
        var stored = await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:long-note", extra: $"\"example:note\":\"{note}\""), Events.ExampleContext)]);
        Assert.True(stored.Accepted, string.Join("; ", stored.Outcomes.Select(o => o.Message)));
        Assert.Equal(["urn:x:long-note"], await Ids(t.Store, ("EQ_example:note", note)));
        Assert.Empty(await Ids(t.Store, ("EQ_example:note", note[..^1])));
        Assert.Equal(["urn:x:long-note"], await Ids(t.Store, ("EXISTS_example:note", "true")));

        var longEpc = "urn:epc:id:giai:4012345." + Noise(2_700);
        var refused = await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:long-epc", epcs: [longEpc]))]);
        Assert.False(refused.Accepted);
        var outcome = Assert.Single(refused.Outcomes);
        Assert.Equal(AppendStatus.Invalid, outcome.Status);
        Assert.Contains(longEpc[..40], outcome.Message);
        Assert.Contains("2,048 bytes", outcome.Message);
        Assert.Equal("/epcList/0", outcome.Pointer);
        var longId = await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:" + Noise(2_100)))]);
        Assert.Contains("the eventID 'urn:x:", Assert.Single(longId.Outcomes).Message);
        Assert.Equal("/eventID", Assert.Single(longId.Outcomes).Pointer);
        // Counted in bytes: 1,006 characters, 3,006 bytes.
        var wideId = await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:" + new string('温', 1_000)))]);
        Assert.Equal(AppendStatus.Invalid, Assert.Single(wideId.Outcomes).Status);
        var longFieldName = "example:" + Noise(2_100);
        var longName = await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:long-name", extra: $"\"{longFieldName}\":1"), Events.ExampleContext)]);
        Assert.Equal(AppendStatus.Invalid, Assert.Single(longName.Outcomes).Status);
        // The store keeps the name expanded; the pointer names it as sent.
        Assert.Equal("/" + longFieldName, Assert.Single(longName.Outcomes).Pointer);
        // The terms an event's own @context declares are held to the limit too (PostgreSQL keeps them in the dictionary's index).
        var wideContext = Suyuan.Core.Epcis.EpcisContext.Parse(System.Text.Json.JsonDocument.Parse(
            $$"""["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"example":"http://ns.example.com/epcis/","wide":"https://example.com/{{Noise(3_000)}}/"}]""").RootElement);
        var longContext = await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:long-context", extra: "\"wide:x\":1"), wideContext)]);
        Assert.Contains("@context's own terms", Assert.Single(longContext.Outcomes).Message);
        // Just under the limit is kept, on PostgreSQL too.
        var under = "urn:epc:id:giai:4012345." + Noise(1_970);
        Assert.True((await t.Store.AppendAsync([Events.Parse(Events.Object("urn:x:under", epcs: [under]))])).Accepted);
        Assert.Equal(["urn:x:under"], await Ids(t.Store, ("MATCH_epc", under)));
        Assert.Equal(["urn:x:long-note", "urn:x:under"], await Ids(t.Store));
    }

    /// <summary>An extension field's value is compared exactly: not trimmed, and a '|' inside an item of a list given as one is a character.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task FieldValuesAreComparedExactly(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        foreach (var (id, value) in new[] { ("urn:x:e", "e"), ("urn:x:e-space", "e "), ("urn:x:space-e", " e"), ("urn:x:e-tab", "e\\t"), ("urn:x:pipe", "a|b"), ("urn:x:seven", " 7"), ("urn:x:empty", "") })
        {
            Assert.True((await t.Store.AppendAsync([Events.Parse(Events.Object(id, extra: $"\"example:v\":\"{value}\""), Events.ExampleContext)])).Accepted);
        }
        Assert.Equal(["urn:x:e"], await Ids(t.Store, ("EQ_example:v", "e")));
        Assert.Equal(["urn:x:e-space"], await Ids(t.Store, ("EQ_example:v", "e ")));
        Assert.Equal(["urn:x:space-e"], await Ids(t.Store, ("EQ_example:v", " e")));
        Assert.Equal(["urn:x:e-tab"], await Ids(t.Store, ("EQ_example:v", "e\t")));
        Assert.Equal(["urn:x:e", "urn:x:space-e"], await Ids(t.Store, ("EQ_example:v", "e| e")));
        // The text " 7" is itself, and is no number: GT_ compares numbers only.
        Assert.Equal(["urn:x:seven"], await Ids(t.Store, ("EQ_example:v", " 7")));
        Assert.Empty(await Ids(t.Store, ("GT_example:v", " 6")));
        // A list's items given one by one (a named query's array): '|' is a character of the value.
        var listed = EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_example:v", "a|b"), new("perPage", "10")],
            new Dictionary<string, string> { ["example"] = "http://ns.example.com/epcis/" }, listed: true);
        Assert.Equal(["urn:x:pipe"], (await All(t.Store, listed.Query!)).Select(e => e.EventId));
        Assert.Empty(await Ids(t.Store, ("EQ_example:v", "a|b")));
        // The empty string is a value a field may hold, and EQ_ finds it; GT_ with it is no number.
        Assert.Equal(["urn:x:empty"], await Ids(t.Store, ("EQ_example:v", "")));
        Assert.Equal(["urn:x:e", "urn:x:empty"], await Ids(t.Store, ("EQ_example:v", "e|")));
        // Standard parameters still take their values trimmed.
        Assert.Equal(await Ids(t.Store, ("EQ_action", "OBSERVE")), await Ids(t.Store, ("EQ_action", " OBSERVE ")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task EventCountLimitAndMaxEventCountBoundTheResult(string provider)
    {
        await using var t = await Seeded(provider);
        var limited = await All(t.Store, Query(("orderBy", "eventTime"), ("orderDirection", "ASC"), ("eventCountLimit", "3"), ("perPage", "2")));
        Assert.Equal(2, limited.Count);
        var first = await t.Store.QueryAsync(Query(("orderBy", "eventTime"), ("orderDirection", "ASC"), ("eventCountLimit", "3"), ("perPage", "2")));
        var second = await t.Store.QueryAsync(Query(("orderBy", "eventTime"), ("orderDirection", "ASC"), ("eventCountLimit", "3"), ("perPage", "2"), ("nextPageToken", first.NextPageToken!)));
        Assert.Equal(1, second.Count);
        Assert.Null(second.NextPageToken);
        await Assert.ThrowsAsync<QueryTooLargeException>(() => t.Store.QueryAsync(Query(("maxEventCount", "4"))));
        Assert.Equal(5, (await All(t.Store, Query(("maxEventCount", "5"), ("perPage", "10")))).Count);
    }

    /// <summary>The dictionary stores identifier prefixes as one character, so its order is not the values' order.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task TheEpcListingPagesThroughEveryFormOfIdentifierInValueOrderAndOnlyForWhatTheReaderMaySee(string provider)
    {
        await using var t = await TestStore.OpenAsync(provider);
        string[] epcs =
        [
            "urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2019", "urn:epc:id:sscc:0614141.1234567890",
            "https://id.gs1.org/01/00614141073467/21/2020", "https://id.gs1.org/00/006141411234567896", "https://example.com/01/00614141073467/21/7",
            "urn:example:epc:1", "http://ns.example.com/epc/2", "urn:epc:id:giai:0614141.1", "urn:epc:idpat:sgtin:0614141.107346.*",
        ];
        const string here = "urn:epc:id:sgln:0614141.07346.1234", there = "urn:epc:id:sgln:0614141.07346.5678";
        var result = await t.Store.AppendAsync([.. epcs.Select((epc, i) => Events.Parse(Events.Object(Events.HashId(500 + i), epcs: [epc], readPoint: i % 2 == 0 ? here : there)))]);
        Assert.Equal(epcs.Length, result.Stored);
        var listed = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await t.Store.ListResourceValuesAsync(EventResource.Epc, after, 3);
            listed.AddRange(page);
            if (page.Count < 3)
            {
                break;
            }
            after = page[^1];
        }
        Assert.Equal(epcs.Order(StringComparer.Ordinal), listed);
        foreach (var epc in epcs)
        {
            Assert.True(await t.Store.ResourceValueExistsAsync(EventResource.Epc, epc), epc);
        }
        Assert.False(await t.Store.ResourceValueExistsAsync(EventResource.Epc, "urn:epc:id:sgtin:0614141.107346.9999"));
        // In its other forms too, as its events are found.
        Assert.True(await t.Store.ResourceValueExistsAsync(EventResource.Epc, "urn:epc:id:sgtin:0614141.007346.2020"));
        Assert.True(await t.Store.ResourceValueExistsAsync(EventResource.Epc, "https://id.gs1.org/01/10614141073464/21/2018"));
        Assert.True(await t.Store.ResourceValueExistsAsync(EventResource.ReadPoint, "https://id.gs1.org/414/0614141073467/254/1234"));
        Assert.False(await t.Store.ResourceValueExistsAsync(EventResource.ReadPoint, "https://id.gs1.org/414/0614141073467/254/9"));

        // A reader who may see only the events at one place (canonical ids, as the access layer gives them).
        string[] places = [Core.Identifiers.IdentifierConverter.Canonicalise(here)];
        var mine = epcs.Where((_, i) => i % 2 == 0).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mine, await t.Store.ListResourceValuesAsync(EventResource.Epc, null, 100, places));
        Assert.Equal(mine.Skip(2).Take(2), await t.Store.ListResourceValuesAsync(EventResource.Epc, mine[1], 2, places));
        Assert.True(await t.Store.ResourceValueExistsAsync(EventResource.Epc, epcs[0], places));
        Assert.False(await t.Store.ResourceValueExistsAsync(EventResource.Epc, epcs[1], places));
        Assert.Equal([here], await t.Store.ListResourceValuesAsync(EventResource.ReadPoint, null, 100, places));
        Assert.Empty(await t.Store.ListResourceValuesAsync(EventResource.Epc, null, 100, []));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task ReopeningTheStoreKeepsEventsAndAppliesNoMigrationTwice(string provider)
    {
        if (provider != "sqlite")
        {
            return;
        }
        var dir = Path.Combine(Path.GetTempPath(), "suyuan-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var store = await Sqlite.SqliteEventStore.OpenAsync(dir))
            {
                await store.AppendAsync([Events.Parse(Events.Object(Events.HashId(1)))]);
            }
            await using (var store = await Sqlite.SqliteEventStore.OpenAsync(dir))
            {
                Assert.Equal(AppendStatus.Stored, (await store.AppendAsync([Events.Parse(Events.Object(Events.HashId(2)))])).Outcomes[0].Status);
                Assert.Equal(AppendStatus.Duplicate, (await store.AppendAsync([Events.Parse(Events.Object(Events.HashId(1)))])).Outcomes[0].Status);
                Assert.Equal(2, (await All(store, EpcisQuery.All())).Count);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The server and a <c>keys issue</c> command often start together on a new database: every opener must succeed.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task StoresOpenedTogetherOnANewDatabaseAllMigrateIt(string provider)
    {
        const int openers = 6;
        if (provider == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "suyuan-store-" + Guid.NewGuid().ToString("N"));
            try
            {
                var stores = await Task.WhenAll(Enumerable.Range(0, openers).Select(_ => Task.Run(() => Sqlite.SqliteEventStore.OpenAsync(dir))));
                await UseAndCloseAsync(stores);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return;
        }
        var (cs, drop) = await TestStore.CreatePostgresDatabaseAsync();
        try
        {
            var stores = await Task.WhenAll(Enumerable.Range(0, openers).Select(_ => Task.Run(() => Postgres.PostgresEventStore.OpenAsync(cs))));
            await UseAndCloseAsync(stores);
        }
        finally
        {
            await drop();
        }

        static async Task UseAndCloseAsync(IEnumerable<IEventStore> stores)
        {
            var i = 0;
            foreach (var store in stores)
            {
                await using (store)
                {
                    Assert.Equal(AppendStatus.Stored, (await store.AppendAsync([Events.Parse(Events.Object(Events.HashId(100 + i++)))])).Outcomes[0].Status);
                }
            }
        }
    }
}
