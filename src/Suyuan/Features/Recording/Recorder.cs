using Suyuan.Core.Domain;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Capture;
using Suyuan.Features.Demo;

namespace Suyuan.Features.Recording;

/// <summary>What a recorded event gave back: its eventID and, when one was issued, the trace code with its public page and QR.</summary>
internal sealed record RecordResult(string EventID, string Action, string? TraceCode, string? PublicUrl, string? QrUrl)
{
    public static RecordResult Of(RecordAction action, RecordedEvent e) => new(
        e.EventId, action.Name, e.IssuedCode,
        e.IssuedCode is null ? null : "/t/" + e.IssuedCode,
        e.IssuedCode is null ? null : "/qr/" + e.IssuedCode + ".svg");
}

/// <summary>An event built from one record, not yet captured.</summary>
internal sealed record RecordedEvent(JsonObject Event, string EventId, string? IssuedCode, RecordValues Values);

/// <summary>Turns records (a form, a JSON body, a spreadsheet row) into EPCIS events and hands them to the capture service, like any client.</summary>
internal sealed class Recorder(CaptureService capture, TimeProvider clock)
{
    public Recorder(CaptureService capture) : this(capture, TimeProvider.System)
    {
    }

    public static readonly TimeSpan China = ChinaStandardTime.Offset;

    /// <summary>Checks every field (the location through <see cref="RecordingActor"/>) and builds the event; errors name the fields.</summary>
    public async Task<(RecordedEvent? Event, List<FieldError> Errors)> PrepareAsync(RecordAction action, HttpContext http, IReadOnlyDictionary<string, string> raw)
    {
        var errors = new List<FieldError>();
        var (actor, actorError) = await RecordingActor.ResolveAsync(http, raw);
        if (actorError is not null)
        {
            errors.Add(actorError);
        }
        var values = RecordFieldReader.Read(action.Fields, raw, errors);
        action.CrossCheck?.Invoke(values, errors);
        if (errors.Count > 0 || actor is null)
        {
            return (null, errors);
        }
        var code = RecordActions.Issues(action, values) ? PlatformTraceCode.Generate(actor.Region).Digits : null;
        var id = "urn:uuid:" + Guid.NewGuid();
        var json = action.Build(new RecordContext(values, actor, clock.GetUtcNow().ToOffset(China), id, code));
        return (new RecordedEvent(json, id, code, values), errors);
    }

    /// <summary>Captures one event through POST /events' own path: validated as EPCIS, stored, the views told.</summary>
    public async Task<(RecordResult? Result, ProblemHttpResult? Problem)> CaptureAsync(RecordAction action, RecordedEvent recorded, CancellationToken ct)
    {
        var single = new JsonObject { ["@context"] = Context() };
        foreach (var (key, value) in recorded.Event)
        {
            single[key] = value?.DeepClone();
        }
        var bytes = Encoding.UTF8.GetBytes(single.ToJsonString());
        using var body = new MemoryStream(bytes);
        var outcome = await capture.CaptureSingleEventAsync(body, bytes.Length, ct);
        return outcome.Problem is { } refused ? (null, refused) : (RecordResult.Of(action, recorded), null);
    }

    /// <summary>Captures many events as one EPCISDocument with rollback: all stored by the capture job, or none.</summary>
    /// <param name="accepted">The caller's own writes once the job is on disk (see <see cref="CaptureService.AcceptDocumentAsync"/>).</param>
    public async Task<CaptureService.Acceptance> CaptureDocumentAsync(IReadOnlyList<RecordedEvent> events, CancellationToken ct, Func<Task>? accepted = null, string? enterprise = null)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            await using (var w = new Utf8JsonWriter(file))
            {
                w.WriteStartObject();
                w.WritePropertyName("@context");
                Context().WriteTo(w);
                w.WriteString("type", "EPCISDocument");
                w.WriteString("schemaVersion", "2.0");
                w.WriteString("creationDate", clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteStartObject("epcisBody");
                w.WriteStartArray("eventList");
                foreach (var e in events)
                {
                    e.Event.WriteTo(w);
                }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            await using var document = File.OpenRead(path);
            return await capture.AcceptDocumentAsync(document, document.Length, CaptureErrorBehaviour.Rollback, ct, accepted: accepted, enterprise: enterprise);
        }
        finally
        {
            CaptureService.TryDelete(path);
        }
    }

    private static JsonArray Context() =>
        ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", new JsonObject { [DemoIdentifiers.Prefix] = DemoIdentifiers.Namespace }];
}
