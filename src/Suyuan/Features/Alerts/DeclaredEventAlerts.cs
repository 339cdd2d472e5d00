using System.Globalization;
using System.Text.Json;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Alerts;

namespace Suyuan.Features.Alerts;

/// <summary>
/// An alert stands on the events it names. When one of them is declared erroneous (EPCIS 2.0: the same event under its
/// eventID with an <c>errorDeclaration</c>), the still-open alerts naming it are acknowledged by the platform with a note
/// saying which event, why and when; they stay listed, so a regulator still sees what was raised and why it closed.
/// The rules never see a declaration, nor an event declared erroneous in the same batch as its declaration; what they kept
/// of a declared event is taken back before they apply the declaration's batch (<see cref="IDeclaredEventState"/>), so it
/// raises nothing later either.
/// </summary>
internal sealed class DeclaredEventAlerts(AlertStore alerts) : IEventProjection
{
    public string Name => "declared-event-alerts";

    public bool SeesErrorDeclarations => true;

    public async Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
    {
        Dictionary<string, string>? notes = null;
        foreach (var e in events)
        {
            if (e.Json.TryGetProperty("errorDeclaration", out var declaration) && declaration.ValueKind == JsonValueKind.Object)
            {
                (notes ??= new(StringComparer.Ordinal))[e.EventId] = Note(e.EventId, declaration);
            }
        }
        if (notes is not null)
        {
            await alerts.Database.InTransactionAsync((connection, transaction) =>
                AlertStore.ResolveNamingAsync(notes, AlertStore.SystemActor, connection, transaction, ct), ct);
        }
    }

    private static string Note(string eventId, JsonElement declaration)
    {
        var reason = declaration.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var time = declaration.TryGetProperty("declarationTime", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var why = string.Join(", ", new[] { reason is null ? null : "reason " + reason, time is null ? null : "declared " + time }.Where(s => s is not null));
        return string.Create(CultureInfo.InvariantCulture,
            $"resolved: event {eventId} was declared erroneous by its sender{(why.Length > 0 ? " (" + why + ")" : "")} · 告警所依据的事件已被申报为错误事件");
    }
}
