using System.Data.Common;
using Dapper;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;

namespace Suyuan.Features.Rules;

/// <summary>
/// The rules' rows that belong to one event alone and are taken back when it is declared erroneous: a pesticide
/// application (keyed by field and event), so a later harvest there is judged without it. The other rule tables keep one
/// row per good, written by the first event that names it: deleting a declared event's row there would also lose what a
/// later, valid event of the same good said (a second recall, a corrected shipment). Those rows stay; an alert that would
/// rest on a declared event is not raised instead (<see cref="RuleAlerts.RaiseAsync"/>).
/// </summary>
internal sealed class DeclaredRuleState(FeatureDatabase database) : IDeclaredEventState
{
    private static readonly string[] Tables = ["food_pesticide_applications"];

    public async Task RetractAsync(IReadOnlyCollection<string> eventIds, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        foreach (var chunk in eventIds.Chunk(500))
        {
            foreach (var table in Tables)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {table} WHERE {database.In("event_id", "ids")}", new { ids = chunk }, transaction, cancellationToken: ct));
            }
        }
    }
}
